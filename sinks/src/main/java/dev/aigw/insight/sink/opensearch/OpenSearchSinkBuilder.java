package dev.aigw.insight.sink.opensearch;

import static dev.aigw.insight.options.OptionChecks.checkAtLeast;
import static dev.aigw.insight.options.OptionChecks.checkOption;
import static dev.aigw.insight.options.OptionChecks.checkPositive;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.BAD_RECORD_MODE;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.BULK_FLUSH_INTERVAL;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.BULK_MAX_ACTIONS;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.BULK_MAX_BUFFERED;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.BULK_MAX_IN_FLIGHT;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.BULK_MAX_SIZE;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.DEAD_LETTER_INDEX_PREFIX;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.HOSTS;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.INITIAL_BACKOFF;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.INSTALL_INDEX_TEMPLATE;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.MAX_BACKOFF;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.MAX_DOCUMENT_SIZE;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.MAX_RETRIES;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.PASSWORD;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.PASSWORD_ENV;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.PASSWORD_FILE;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.REQUEST_TIMEOUT;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.TLS_CA_FILE;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.TLS_TRUST_STORE_PASSWORD;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.TLS_TRUST_STORE_PATH;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.TLS_TRUST_STORE_TYPE;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.USERNAME;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.USERNAME_ENV;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.USERNAME_FILE;

import dev.aigw.insight.options.OptionChecks;
import dev.aigw.insight.sink.badrecord.BadRecordMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Builds an {@link OpenSearchSink}: holds the converter, the optional index template and every
 * setting ({@link OpenSearchSinkOptions}, each preset with its default). {@link #build()} runs
 * {@link #sanityCheck()}, which names the wrong option and value in the one format of {@link
 * OptionChecks}.
 *
 * @param <T> the element type
 */
public final class OpenSearchSinkBuilder<T> {

  private OpenSearchDocumentConverter<T> converter;
  private OpenSearchIndexTemplate indexTemplate;

  // Settings; package-private so that OpenSearchSinkConfig copies them after the sanity check.
  List<String> hosts = HOSTS.defaultValue();
  String username;
  String password;
  String caFile;
  String trustStorePath;
  String trustStorePassword;
  String trustStoreType = TLS_TRUST_STORE_TYPE.defaultValue();
  int maxBatchActions = BULK_MAX_ACTIONS.defaultValue();
  long maxBatchBytes = BULK_MAX_SIZE.defaultValue().getBytes();
  Duration flushInterval = BULK_FLUSH_INTERVAL.defaultValue();
  int maxInFlightRequests = BULK_MAX_IN_FLIGHT.defaultValue();
  boolean rewritesInOrder;
  int maxBufferedActions = BULK_MAX_BUFFERED.defaultValue();
  long maxDocumentBytes = MAX_DOCUMENT_SIZE.defaultValue().getBytes();
  Duration requestTimeout = REQUEST_TIMEOUT.defaultValue();
  int maxRetries = MAX_RETRIES.defaultValue();
  Duration initialBackoff = INITIAL_BACKOFF.defaultValue();
  Duration maxBackoff = MAX_BACKOFF.defaultValue();
  BadRecordMode badRecordMode = BAD_RECORD_MODE.defaultValue();
  String deadLetterIndexPrefix = DEAD_LETTER_INDEX_PREFIX.defaultValue();
  boolean installIndexTemplate = INSTALL_INDEX_TEMPLATE.defaultValue();

  OpenSearchSinkBuilder() {}

  /** Required: how an element becomes a document (index, id, JSON source). */
  public OpenSearchSinkBuilder<T> setConverter(OpenSearchDocumentConverter<T> converter) {
    this.converter = converter;
    return this;
  }

  /**
   * Optional: the index template installed at start ({@code opensearch.index-template.install}).
   */
  public OpenSearchSinkBuilder<T> setIndexTemplate(OpenSearchIndexTemplate indexTemplate) {
    this.indexTemplate = indexTemplate;
    return this;
  }

  /**
   * Takes every {@code opensearch.*} option (defaults for absent ones), credentials resolved from
   * their value, file or environment variable ({@link CredentialSource}).
   */
  public OpenSearchSinkBuilder<T> setConfiguration(ReadableConfig config) {
    return setHosts(config.get(HOSTS))
        .setBasicAuth(
            CredentialSource.resolve(config, USERNAME, USERNAME_FILE, USERNAME_ENV, System::getenv),
            CredentialSource.resolve(config, PASSWORD, PASSWORD_FILE, PASSWORD_ENV, System::getenv))
        .setCaFile(config.get(TLS_CA_FILE))
        .setTrustStore(
            config.get(TLS_TRUST_STORE_PATH),
            config.get(TLS_TRUST_STORE_PASSWORD),
            config.get(TLS_TRUST_STORE_TYPE))
        .setMaxBatchActions(config.get(BULK_MAX_ACTIONS))
        .setMaxBatchBytes(config.get(BULK_MAX_SIZE).getBytes())
        .setFlushInterval(config.get(BULK_FLUSH_INTERVAL))
        .setMaxInFlightRequests(config.get(BULK_MAX_IN_FLIGHT))
        .setMaxBufferedActions(config.get(BULK_MAX_BUFFERED))
        .setMaxDocumentBytes(config.get(MAX_DOCUMENT_SIZE).getBytes())
        .setRequestTimeout(config.get(REQUEST_TIMEOUT))
        .setMaxRetries(config.get(MAX_RETRIES))
        .setBackoff(config.get(INITIAL_BACKOFF), config.get(MAX_BACKOFF))
        .setBadRecordMode(config.get(BAD_RECORD_MODE))
        .setDeadLetterIndexPrefix(config.get(DEAD_LETTER_INDEX_PREFIX))
        .setInstallIndexTemplate(config.get(INSTALL_INDEX_TEMPLATE));
  }

  /**
   * Takes every setting of an already validated configuration, such as the one the job's {@code
   * LogsConfig} reads at start.
   */
  public OpenSearchSinkBuilder<T> setConfig(OpenSearchSinkConfig config) {
    List<String> hostTexts = new ArrayList<>();
    for (URI host : config.hosts()) {
      hostTexts.add(host.toString());
    }
    return setHosts(hostTexts)
        .setBasicAuth(config.username(), config.password())
        .setCaFile(config.caFile())
        .setTrustStore(
            config.trustStorePath(), config.trustStorePassword(), config.trustStoreType())
        .setMaxBatchActions(config.maxBatchActions())
        .setMaxBatchBytes(config.maxBatchBytes())
        .setFlushInterval(config.flushInterval())
        .setMaxInFlightRequests(config.maxInFlightRequests())
        .setMaxBufferedActions(config.maxBufferedActions())
        .setMaxDocumentBytes(config.maxDocumentBytes())
        .setRequestTimeout(config.requestTimeout())
        .setMaxRetries(config.maxRetries())
        .setBackoff(config.initialBackoff(), config.maxBackoff())
        .setBadRecordMode(config.badRecordMode())
        .setDeadLetterIndexPrefix(config.deadLetterIndexPrefix())
        .setInstallIndexTemplate(config.installIndexTemplate());
  }

  /** Base URLs such as {@code https://search.example:9200} ({@code opensearch.hosts}). */
  public OpenSearchSinkBuilder<T> setHosts(List<String> hosts) {
    this.hosts = hosts;
    return this;
  }

  /** Convenience for one host. */
  public OpenSearchSinkBuilder<T> setHost(String host) {
    return setHosts(List.of(host));
  }

  /** Basic auth credentials; both null for none. */
  public OpenSearchSinkBuilder<T> setBasicAuth(String username, String password) {
    this.username = username;
    this.password = password;
    return this;
  }

  /** PEM file of the CA that signed the store's certificate. */
  public OpenSearchSinkBuilder<T> setCaFile(String caFile) {
    this.caFile = caFile;
    return this;
  }

  /** A trust store for https hosts. */
  public OpenSearchSinkBuilder<T> setTrustStore(String path, String password, String type) {
    this.trustStorePath = path;
    this.trustStorePassword = password;
    this.trustStoreType = type;
    return this;
  }

  public OpenSearchSinkBuilder<T> setMaxBatchActions(int maxBatchActions) {
    this.maxBatchActions = maxBatchActions;
    return this;
  }

  public OpenSearchSinkBuilder<T> setMaxBatchBytes(long maxBatchBytes) {
    this.maxBatchBytes = maxBatchBytes;
    return this;
  }

  public OpenSearchSinkBuilder<T> setFlushInterval(Duration flushInterval) {
    this.flushInterval = flushInterval;
    return this;
  }

  public OpenSearchSinkBuilder<T> setMaxInFlightRequests(int maxInFlightRequests) {
    this.maxInFlightRequests = maxInFlightRequests;
    return this;
  }

  /**
   * For documents written again under the same id (a cell that late data changes is rewritten): one
   * {@code _bulk} request under way at a time, whatever {@code
   * opensearch.bulk.max-in-flight-requests} says, so that the writes of one document reach
   * OpenSearch in the order they were made. With two requests in flight OpenSearch may apply an
   * older rewrite after a newer one and keep stale values. Cells are few (some per key and minute),
   * so the single request costs nothing measurable.
   */
  public OpenSearchSinkBuilder<T> setRewritesInOrder(boolean rewritesInOrder) {
    this.rewritesInOrder = rewritesInOrder;
    return this;
  }

  public OpenSearchSinkBuilder<T> setMaxBufferedActions(int maxBufferedActions) {
    this.maxBufferedActions = maxBufferedActions;
    return this;
  }

  public OpenSearchSinkBuilder<T> setMaxDocumentBytes(long maxDocumentBytes) {
    this.maxDocumentBytes = maxDocumentBytes;
    return this;
  }

  public OpenSearchSinkBuilder<T> setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
    return this;
  }

  public OpenSearchSinkBuilder<T> setMaxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
    return this;
  }

  public OpenSearchSinkBuilder<T> setBackoff(Duration initial, Duration max) {
    this.initialBackoff = initial;
    this.maxBackoff = max;
    return this;
  }

  public OpenSearchSinkBuilder<T> setBadRecordMode(BadRecordMode badRecordMode) {
    this.badRecordMode = badRecordMode;
    return this;
  }

  public OpenSearchSinkBuilder<T> setDeadLetterIndexPrefix(String deadLetterIndexPrefix) {
    this.deadLetterIndexPrefix = deadLetterIndexPrefix;
    return this;
  }

  public OpenSearchSinkBuilder<T> setInstallIndexTemplate(boolean installIndexTemplate) {
    this.installIndexTemplate = installIndexTemplate;
    return this;
  }

  /** Checks everything and builds the sink. */
  public OpenSearchSink<T> build() {
    checkArgumentSet(converter != null, "setConverter(...) (element -> index, id, JSON)");
    return new OpenSearchSink<>(converter, buildConfig(), indexTemplate);
  }

  /**
   * Checks the settings alone and returns them as an immutable configuration: for a caller that
   * validates the options at start, before it has a converter (the job's {@code LogsConfig}).
   */
  public OpenSearchSinkConfig buildConfig() {
    return new OpenSearchSinkConfig(this, sanityCheck());
  }

  /** Checks every setting; returns the hosts as URLs without a trailing slash. */
  private List<URI> sanityCheck() {
    checkOption(hosts != null && !hosts.isEmpty(), HOSTS, hosts, "at least one host is required");
    List<URI> uris = new ArrayList<>();
    boolean anyHttps = false;
    for (String host : hosts) {
      URI uri;
      try {
        uri = URI.create(host.trim());
      } catch (IllegalArgumentException e) {
        throw OptionChecks.invalidOption(HOSTS.key(), host, "must be a URL", e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      checkOption(
          scheme.equals("http") || scheme.equals("https"),
          HOSTS,
          host,
          "must start with http:// or https://");
      checkOption(uri.getHost() != null, HOSTS, host, "must name a host");
      anyHttps |= scheme.equals("https");
      String text = uri.toString();
      uris.add(URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text));
    }
    checkOption(
        (username == null) == (password == null),
        username == null ? USERNAME : PASSWORD,
        null,
        "basic auth needs both " + USERNAME.key() + " and " + PASSWORD.key());
    checkOption(
        caFile == null || trustStorePath == null,
        TLS_CA_FILE,
        caFile,
        "must not be set together with " + TLS_TRUST_STORE_PATH.key());
    checkOption(
        (caFile == null && trustStorePath == null) || anyHttps,
        caFile != null ? TLS_CA_FILE : TLS_TRUST_STORE_PATH,
        caFile != null ? caFile : trustStorePath,
        "TLS trust needs a host in " + HOSTS.key() + " that uses https");
    checkOption(
        trustStoreType != null
            && (trustStoreType.equalsIgnoreCase("PKCS12")
                || trustStoreType.equalsIgnoreCase("JKS")),
        TLS_TRUST_STORE_TYPE,
        trustStoreType,
        "must be PKCS12 or JKS");
    checkAtLeast(BULK_MAX_ACTIONS, maxBatchActions, 1);
    checkAtLeast(BULK_MAX_SIZE, maxBatchBytes, 1);
    checkAtLeast(BULK_MAX_IN_FLIGHT, maxInFlightRequests, 1);
    checkAtLeast(MAX_DOCUMENT_SIZE, maxDocumentBytes, 1);
    checkPositive(BULK_FLUSH_INTERVAL, flushInterval);
    checkPositive(REQUEST_TIMEOUT, requestTimeout);
    checkPositive(INITIAL_BACKOFF, initialBackoff);
    checkPositive(MAX_BACKOFF, maxBackoff);
    checkOption(
        maxBufferedActions > maxBatchActions,
        BULK_MAX_BUFFERED,
        maxBufferedActions,
        "must be greater than " + BULK_MAX_ACTIONS.key() + " (" + maxBatchActions + ")");
    checkOption(
        maxDocumentBytes <= maxBatchBytes,
        MAX_DOCUMENT_SIZE,
        maxDocumentBytes,
        "must not exceed " + BULK_MAX_SIZE.key() + " (" + maxBatchBytes + " bytes)");
    checkAtLeast(MAX_RETRIES, maxRetries, 0);
    checkOption(
        maxBackoff.compareTo(initialBackoff) >= 0,
        MAX_BACKOFF,
        maxBackoff,
        "must not be shorter than " + INITIAL_BACKOFF.key() + " (" + initialBackoff + ")");
    checkOption(badRecordMode != null, BAD_RECORD_MODE, null, "must be DEAD_LETTER, DROP or FAIL");
    String prefixProblem = DailyIndexName.validatePrefix(deadLetterIndexPrefix);
    checkOption(
        prefixProblem == null, DEAD_LETTER_INDEX_PREFIX, deadLetterIndexPrefix, prefixProblem);
    return uris;
  }

  private static void checkArgumentSet(boolean set, String call) {
    if (!set) {
      throw new IllegalArgumentException("The OpenSearch sink needs " + call);
    }
  }
}
