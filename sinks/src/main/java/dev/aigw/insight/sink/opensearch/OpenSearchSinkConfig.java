package dev.aigw.insight.sink.opensearch;

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
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.REQUEST_TIMEOUT;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.TLS_CA_FILE;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.TLS_TRUST_STORE_PASSWORD;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.TLS_TRUST_STORE_PATH;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.TLS_TRUST_STORE_TYPE;
import static dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions.USERNAME;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ReadableConfig;

/** The OpenSearch sink's settings, validated and immutable; see {@link OpenSearchSinkOptions}. */
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

  private OpenSearchSinkConfig(Builder b, List<URI> hosts) {
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
    this.maxInFlightRequests = b.maxInFlightRequests;
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

  /** A builder preset with every option's default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads every {@code opensearch.*} option (defaults for absent ones) and validates. */
  public static OpenSearchSinkConfig fromConfiguration(ReadableConfig config) {
    return builder()
        .hosts(config.get(HOSTS))
        .basicAuth(
            CredentialSource.resolve(
                config,
                USERNAME,
                OpenSearchSinkOptions.USERNAME_FILE,
                OpenSearchSinkOptions.USERNAME_ENV,
                System::getenv),
            CredentialSource.resolve(
                config,
                PASSWORD,
                OpenSearchSinkOptions.PASSWORD_FILE,
                OpenSearchSinkOptions.PASSWORD_ENV,
                System::getenv))
        .caFile(config.get(TLS_CA_FILE))
        .trustStore(
            config.get(TLS_TRUST_STORE_PATH),
            config.get(TLS_TRUST_STORE_PASSWORD),
            config.get(TLS_TRUST_STORE_TYPE))
        .maxBatchActions(config.get(BULK_MAX_ACTIONS))
        .maxBatchBytes(config.get(BULK_MAX_SIZE).getBytes())
        .flushInterval(config.get(BULK_FLUSH_INTERVAL))
        .maxInFlightRequests(config.get(BULK_MAX_IN_FLIGHT))
        .maxBufferedActions(config.get(BULK_MAX_BUFFERED))
        .maxDocumentBytes(config.get(MAX_DOCUMENT_SIZE).getBytes())
        .requestTimeout(config.get(REQUEST_TIMEOUT))
        .maxRetries(config.get(MAX_RETRIES))
        .backoff(config.get(INITIAL_BACKOFF), config.get(MAX_BACKOFF))
        .badRecordMode(config.get(BAD_RECORD_MODE))
        .deadLetterIndexPrefix(config.get(DEAD_LETTER_INDEX_PREFIX))
        .installIndexTemplate(config.get(INSTALL_INDEX_TEMPLATE))
        .build();
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
    Duration backoff = initialBackoff;
    for (int i = 1; i < retry && backoff.compareTo(maxBackoff) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
  }

  /** Collects settings; {@link #build()} checks them and names the wrong option and value. */
  public static final class Builder {
    private List<String> hosts = HOSTS.defaultValue();
    private String username;
    private String password;
    private String caFile;
    private String trustStorePath;
    private String trustStorePassword;
    private String trustStoreType = TLS_TRUST_STORE_TYPE.defaultValue();
    private int maxBatchActions = BULK_MAX_ACTIONS.defaultValue();
    private long maxBatchBytes = BULK_MAX_SIZE.defaultValue().getBytes();
    private Duration flushInterval = BULK_FLUSH_INTERVAL.defaultValue();
    private int maxInFlightRequests = BULK_MAX_IN_FLIGHT.defaultValue();
    private int maxBufferedActions = BULK_MAX_BUFFERED.defaultValue();
    private long maxDocumentBytes = MAX_DOCUMENT_SIZE.defaultValue().getBytes();
    private Duration requestTimeout = REQUEST_TIMEOUT.defaultValue();
    private int maxRetries = MAX_RETRIES.defaultValue();
    private Duration initialBackoff = INITIAL_BACKOFF.defaultValue();
    private Duration maxBackoff = MAX_BACKOFF.defaultValue();
    private BadRecordMode badRecordMode = BAD_RECORD_MODE.defaultValue();
    private String deadLetterIndexPrefix = DEAD_LETTER_INDEX_PREFIX.defaultValue();
    private boolean installIndexTemplate = INSTALL_INDEX_TEMPLATE.defaultValue();

    private Builder() {}

    /** Base URLs such as {@code https://search.example:9200}. */
    public Builder hosts(List<String> hosts) {
      this.hosts = hosts;
      return this;
    }

    /** Convenience for one host. */
    public Builder host(String host) {
      return hosts(List.of(host));
    }

    /** Basic auth credentials; both null for none. */
    public Builder basicAuth(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    /** PEM file of the CA that signed the store's certificate. */
    public Builder caFile(String caFile) {
      this.caFile = caFile;
      return this;
    }

    /** A trust store for https hosts. */
    public Builder trustStore(String path, String password, String type) {
      this.trustStorePath = path;
      this.trustStorePassword = password;
      this.trustStoreType = type;
      return this;
    }

    public Builder maxBatchActions(int maxBatchActions) {
      this.maxBatchActions = maxBatchActions;
      return this;
    }

    public Builder maxBatchBytes(long maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    public Builder maxInFlightRequests(int maxInFlightRequests) {
      this.maxInFlightRequests = maxInFlightRequests;
      return this;
    }

    public Builder maxBufferedActions(int maxBufferedActions) {
      this.maxBufferedActions = maxBufferedActions;
      return this;
    }

    public Builder maxDocumentBytes(long maxDocumentBytes) {
      this.maxDocumentBytes = maxDocumentBytes;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder badRecordMode(BadRecordMode badRecordMode) {
      this.badRecordMode = badRecordMode;
      return this;
    }

    public Builder deadLetterIndexPrefix(String deadLetterIndexPrefix) {
      this.deadLetterIndexPrefix = deadLetterIndexPrefix;
      return this;
    }

    public Builder installIndexTemplate(boolean installIndexTemplate) {
      this.installIndexTemplate = installIndexTemplate;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the option. */
    public OpenSearchSinkConfig build() {
      List<URI> uris = sanityCheck();
      return new OpenSearchSinkConfig(this, uris);
    }

    private List<URI> sanityCheck() {
      if (hosts == null || hosts.isEmpty()) {
        throw invalid(HOSTS.key(), hosts, "at least one host is required");
      }
      List<URI> uris = new ArrayList<>();
      boolean anyHttps = false;
      for (String host : hosts) {
        URI uri;
        try {
          uri = URI.create(host.trim());
        } catch (IllegalArgumentException e) {
          throw invalid(HOSTS.key(), host, "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          throw invalid(HOSTS.key(), host, "must start with http:// or https://");
        }
        if (uri.getHost() == null) {
          throw invalid(HOSTS.key(), host, "has no host name");
        }
        anyHttps |= scheme.equals("https");
        String text = uri.toString();
        uris.add(URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text));
      }
      if ((username == null) != (password == null)) {
        throw invalid(
            username == null ? USERNAME.key() : PASSWORD.key(),
            null,
            "basic auth needs both " + USERNAME.key() + " and " + PASSWORD.key());
      }
      if (caFile != null && trustStorePath != null) {
        throw invalid(
            TLS_CA_FILE.key(),
            caFile,
            "set either " + TLS_CA_FILE.key() + " or " + TLS_TRUST_STORE_PATH.key() + ", not both");
      }
      if ((caFile != null || trustStorePath != null) && !anyHttps) {
        throw invalid(
            caFile != null ? TLS_CA_FILE.key() : TLS_TRUST_STORE_PATH.key(),
            caFile != null ? caFile : trustStorePath,
            "TLS trust is set but no host in " + HOSTS.key() + " uses https");
      }
      if (trustStoreType == null
          || !(trustStoreType.equalsIgnoreCase("PKCS12")
              || trustStoreType.equalsIgnoreCase("JKS"))) {
        throw invalid(TLS_TRUST_STORE_TYPE.key(), trustStoreType, "must be PKCS12 or JKS");
      }
      positive(BULK_MAX_ACTIONS.key(), maxBatchActions);
      positive(BULK_MAX_SIZE.key(), maxBatchBytes);
      positive(BULK_MAX_IN_FLIGHT.key(), maxInFlightRequests);
      positive(MAX_DOCUMENT_SIZE.key(), maxDocumentBytes);
      positive(BULK_FLUSH_INTERVAL.key(), flushInterval);
      positive(REQUEST_TIMEOUT.key(), requestTimeout);
      positive(INITIAL_BACKOFF.key(), initialBackoff);
      positive(MAX_BACKOFF.key(), maxBackoff);
      if (maxBufferedActions <= maxBatchActions) {
        throw invalid(
            BULK_MAX_BUFFERED.key(),
            maxBufferedActions,
            "must be greater than " + BULK_MAX_ACTIONS.key() + " (" + maxBatchActions + ")");
      }
      if (maxDocumentBytes > maxBatchBytes) {
        throw invalid(
            MAX_DOCUMENT_SIZE.key(),
            maxDocumentBytes,
            "must not exceed " + BULK_MAX_SIZE.key() + " (" + maxBatchBytes + " bytes)");
      }
      if (maxRetries < 0) {
        throw invalid(MAX_RETRIES.key(), maxRetries, "must be 0 or more");
      }
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw invalid(
            MAX_BACKOFF.key(),
            maxBackoff,
            "must not be shorter than " + INITIAL_BACKOFF.key() + " (" + initialBackoff + ")");
      }
      if (badRecordMode == null) {
        throw invalid(BAD_RECORD_MODE.key(), null, "must be DEAD_LETTER, DROP or FAIL");
      }
      String prefixProblem = DailyIndexName.validatePrefix(deadLetterIndexPrefix);
      if (prefixProblem != null) {
        throw invalid(DEAD_LETTER_INDEX_PREFIX.key(), deadLetterIndexPrefix, prefixProblem);
      }
      return uris;
    }

    private static void positive(String key, long value) {
      if (value <= 0) {
        throw invalid(key, value, "must be positive");
      }
    }

    private static void positive(String key, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw invalid(key, value, "must be positive");
      }
    }

    private static IllegalArgumentException invalid(String key, Object value, String why) {
      return new IllegalArgumentException(
          "Invalid OpenSearch sink option " + key + " = " + value + ": " + why);
    }
  }
}
