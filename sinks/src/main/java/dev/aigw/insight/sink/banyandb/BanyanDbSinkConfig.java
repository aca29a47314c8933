package dev.aigw.insight.sink.banyandb;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import dev.aigw.insight.sink.retry.RetryBackoff;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/** The BanyanDB sink's settings, immutable; built and validated by {@link BanyanDbSinkBuilder}. */
public final class BanyanDbSinkConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> targets;
  private final int batchSize;
  private final Duration flushInterval;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration requestTimeout;
  private final Duration notFoundGrace;
  private final boolean createMissingSchema;
  private final BadRecordMode badRecordMode;
  private final long maxTagValueBytes;

  BanyanDbSinkConfig(Configuration c) {
    this.targets = List.copyOf(c.get(BanyanDbSinkOptions.TARGETS));
    this.batchSize = c.get(BanyanDbSinkOptions.BATCH_SIZE);
    this.flushInterval = c.get(BanyanDbSinkOptions.FLUSH_INTERVAL);
    this.maxRetries = c.get(BanyanDbSinkOptions.MAX_RETRIES);
    this.initialBackoff = c.get(BanyanDbSinkOptions.INITIAL_BACKOFF);
    this.maxBackoff = c.get(BanyanDbSinkOptions.MAX_BACKOFF);
    this.requestTimeout = c.get(BanyanDbSinkOptions.REQUEST_TIMEOUT);
    this.notFoundGrace = c.get(BanyanDbSinkOptions.NOT_FOUND_GRACE);
    this.createMissingSchema = c.get(BanyanDbSinkOptions.CREATE_MISSING_SCHEMA);
    this.badRecordMode = c.get(BanyanDbSinkOptions.BAD_RECORD_MODE);
    this.maxTagValueBytes = c.get(BanyanDbSinkOptions.MAX_TAG_VALUE_SIZE).getBytes();
  }

  /** What happens to a row refused for its content. */
  public BadRecordMode badRecordMode() {
    return badRecordMode;
  }

  /** Largest string or binary value sent, in bytes. */
  public long maxTagValueBytes() {
    return maxTagValueBytes;
  }

  public List<String> targets() {
    return targets;
  }

  public int batchSize() {
    return batchSize;
  }

  public Duration flushInterval() {
    return flushInterval;
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

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Duration notFoundGrace() {
    return notFoundGrace;
  }

  public boolean createMissingSchema() {
    return createMissingSchema;
  }

  /** The wait before retry number {@code attempt} (1-based): doubling, capped. */
  Duration backoff(int attempt) {
    return RetryBackoff.beforeRetry(attempt, initialBackoff, maxBackoff);
  }

  @Override
  public String toString() {
    return "BanyanDbSinkConfig{targets="
        + targets
        + ", batchSize="
        + batchSize
        + ", flushInterval="
        + flushInterval
        + ", maxRetries="
        + maxRetries
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", requestTimeout="
        + requestTimeout
        + ", notFoundGrace="
        + notFoundGrace
        + ", createMissingSchema="
        + createMissingSchema
        + ", badRecordMode="
        + badRecordMode
        + ", maxTagValueBytes="
        + maxTagValueBytes
        + '}';
  }
}
