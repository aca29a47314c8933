package dev.aigw.insight.sink.opensearch;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.sink.retry.RetryBackoff;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The OpenSearch sink's settings, validated and immutable ({@link OpenSearchSinkOptions}); built by
 * {@link OpenSearchSinkBuilder}, which holds and checks them.
 */
public final class OpenSearchSinkConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<URI> hosts;
  private final String username;
  private final String password;
  private final String caFile;
  private final String trustStorePath;
  private final String trustStorePassword;
  private final String trustStoreType;
  private final int maxBatchActions;
  private final long maxBatchBytes;
  private final Duration flushInterval;
  private final int maxInFlightRequests;
  private final int maxBufferedActions;
  private final long maxDocumentBytes;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final BadRecordMode badRecordMode;
  private final String deadLetterIndexPrefix;
  private final boolean installIndexTemplate;

  /** Built by {@link OpenSearchSinkBuilder} after its sanity check, with the normalized hosts. */
  OpenSearchSinkConfig(OpenSearchSinkBuilder<?> b, List<URI> hosts) {
    this.hosts = List.copyOf(hosts);
    this.username = b.username;
    this.password = b.password;
    this.caFile = b.caFile;
    this.trustStorePath = b.trustStorePath;
    this.trustStorePassword = b.trustStorePassword;
    this.trustStoreType = b.trustStoreType;
    this.maxBatchActions = b.maxBatchActions;
    this.maxBatchBytes = b.maxBatchBytes;
    this.flushInterval = b.flushInterval;
    this.maxInFlightRequests = b.rewritesInOrder ? 1 : b.maxInFlightRequests;
    this.maxBufferedActions = b.maxBufferedActions;
    this.maxDocumentBytes = b.maxDocumentBytes;
    this.requestTimeout = b.requestTimeout;
    this.maxRetries = b.maxRetries;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.badRecordMode = b.badRecordMode;
    this.deadLetterIndexPrefix = b.deadLetterIndexPrefix;
    this.installIndexTemplate = b.installIndexTemplate;
  }

  /**
   * Reads every {@code opensearch.*} option (defaults for absent ones) and validates: shorthand for
   * {@code OpenSearchSink.builder().setConfiguration(config).buildConfig()}.
   */
  public static OpenSearchSinkConfig fromConfiguration(ReadableConfig config) {
    return OpenSearchSink.builder().setConfiguration(config).buildConfig();
  }

  public List<URI> hosts() {
    return hosts;
  }

  /** User for basic auth, or null. */
  public String username() {
    return username;
  }

  /** Password for basic auth, or null. */
  public String password() {
    return password;
  }

  /** PEM CA file, or null. */
  public String caFile() {
    return caFile;
  }

  /** Trust store path, or null. */
  public String trustStorePath() {
    return trustStorePath;
  }

  /** Trust store password, or null. */
  public String trustStorePassword() {
    return trustStorePassword;
  }

  public String trustStoreType() {
    return trustStoreType;
  }

  public int maxBatchActions() {
    return maxBatchActions;
  }

  public long maxBatchBytes() {
    return maxBatchBytes;
  }

  public Duration flushInterval() {
    return flushInterval;
  }

  public int maxInFlightRequests() {
    return maxInFlightRequests;
  }

  public int maxBufferedActions() {
    return maxBufferedActions;
  }

  public long maxDocumentBytes() {
    return maxDocumentBytes;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public int maxRetries() {
    return maxRetries;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** What happens to a document the store refuses for its content. */
  public BadRecordMode badRecordMode() {
    return badRecordMode;
  }

  /** Prefix of the daily dead-letter indices. */
  public String deadLetterIndexPrefix() {
    return deadLetterIndexPrefix;
  }

  public boolean installIndexTemplate() {
    return installIndexTemplate;
  }

  /** The wait before retry number {@code retry} (1-based): doubling, capped at the max backoff. */
  public Duration backoffBeforeRetry(int retry) {
    return RetryBackoff.beforeRetry(retry, initialBackoff, maxBackoff);
  }
}
