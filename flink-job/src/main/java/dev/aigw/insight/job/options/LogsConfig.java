package dev.aigw.insight.job.options;

import static dev.aigw.insight.options.OptionChecks.checkAtLeast;
import static dev.aigw.insight.options.OptionChecks.checkOption;
import static dev.aigw.insight.options.OptionChecks.checkPositive;

import dev.aigw.insight.job.decode.logs.LogRecordBounds;
import dev.aigw.insight.options.OptionChecks;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchSink;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkConfig;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/** Access-log settings ({@link LogsOptions}) plus the OpenSearch sink's, validated, immutable. */
public final class LogsConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final boolean enabled;
  private final String layer;
  private final long tokenThreshold;
  private final Duration keepSlowerThan;
  private final double keepFraction;
  private final String indexPrefix;
  private final int indexShards;
  private final int indexReplicas;
  private final OpenSearchSinkConfig sink;
  private final int maxFieldBytes;
  private final int maxAttributes;
  private final int maxRecordBytes;
  private final RedactionConfig redaction;

  private LogsConfig(Builder b) {
    this.enabled = b.enabled;
    this.layer = b.layer;
    this.tokenThreshold = b.tokenThreshold;
    this.keepSlowerThan = b.keepSlowerThan;
    this.keepFraction = b.keepFraction;
    this.indexPrefix = b.indexPrefix;
    this.indexShards = b.indexShards;
    this.indexReplicas = b.indexReplicas;
    this.sink = b.sink;
    this.maxFieldBytes = b.maxFieldBytes;
    this.maxAttributes = b.maxAttributes;
    this.maxRecordBytes = b.maxRecordBytes;
    this.redaction = b.redaction;
  }

  /** Reads the {@code logs.*} and {@code opensearch.*} options and validates them. */
  public static LogsConfig fromConfiguration(ReadableConfig conf) {
    return builder()
        .enabled(conf.get(LogsOptions.ENABLED))
        .layer(conf.get(LogsOptions.LAYER))
        .tokenThreshold(conf.get(LogsOptions.TOKEN_THRESHOLD))
        .keepSlowerThan(conf.get(LogsOptions.KEEP_SLOWER_THAN))
        .keepFraction(conf.get(LogsOptions.KEEP_FRACTION))
        .indexPrefix(conf.get(LogsOptions.INDEX_PREFIX))
        .indexShards(conf.get(LogsOptions.INDEX_SHARDS))
        .indexReplicas(conf.get(LogsOptions.INDEX_REPLICAS))
        .maxFieldBytes(conf.get(LogsOptions.MAX_FIELD_BYTES))
        .maxAttributes(conf.get(LogsOptions.MAX_ATTRIBUTES))
        .maxRecordBytes(conf.get(LogsOptions.MAX_RECORD_BYTES))
        .sink(OpenSearchSinkConfig.fromConfiguration(conf))
        .redaction(RedactionConfig.fromConfiguration(conf))
        .build();
  }

  /** A builder preset with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  public boolean enabled() {
    return enabled;
  }

  /** The accepted {@code service.layer}, or empty for any. */
  public String layer() {
    return layer;
  }

  public long tokenThreshold() {
    return tokenThreshold;
  }

  /** The slow-request threshold, or null when that option is off. */
  public Duration keepSlowerThan() {
    return keepSlowerThan;
  }

  public double keepFraction() {
    return keepFraction;
  }

  public String indexPrefix() {
    return indexPrefix;
  }

  public int indexShards() {
    return indexShards;
  }

  public int indexReplicas() {
    return indexReplicas;
  }

  /** The OpenSearch sink's settings ({@code opensearch.*}). */
  public OpenSearchSinkConfig sink() {
    return sink;
  }

  public int maxFieldBytes() {
    return maxFieldBytes;
  }

  public int maxAttributes() {
    return maxAttributes;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** What an access log may store, with the analysis' dimension bound (UTF-8 bytes). */
  public LogRecordBounds recordBounds(int maxDimensionBytes) {
    return new LogRecordBounds(maxFieldBytes, maxAttributes, maxRecordBytes, maxDimensionBytes);
  }

  /** What is redacted before storing ({@code logs.redaction.*}). */
  public RedactionConfig redaction() {
    return redaction;
  }

  /**
   * Collects settings; {@link #build()} names the wrong option and value ({@link OptionChecks}).
   */
  public static final class Builder {
    private boolean enabled = LogsOptions.ENABLED.defaultValue();
    private String layer = LogsOptions.LAYER.defaultValue();
    private long tokenThreshold = LogsOptions.TOKEN_THRESHOLD.defaultValue();
    private Duration keepSlowerThan;
    private double keepFraction = LogsOptions.KEEP_FRACTION.defaultValue();
    private String indexPrefix = LogsOptions.INDEX_PREFIX.defaultValue();
    private int indexShards = LogsOptions.INDEX_SHARDS.defaultValue();
    private int indexReplicas = LogsOptions.INDEX_REPLICAS.defaultValue();
    private OpenSearchSinkConfig sink;
    private int maxFieldBytes = LogsOptions.MAX_FIELD_BYTES.defaultValue();
    private int maxAttributes = LogsOptions.MAX_ATTRIBUTES.defaultValue();
    private int maxRecordBytes = LogsOptions.MAX_RECORD_BYTES.defaultValue();
    private RedactionConfig redaction;

    private Builder() {}

    public Builder maxFieldBytes(int value) {
      this.maxFieldBytes = value;
      return this;
    }

    public Builder maxAttributes(int value) {
      this.maxAttributes = value;
      return this;
    }

    public Builder maxRecordBytes(int value) {
      this.maxRecordBytes = value;
      return this;
    }

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public Builder layer(String layer) {
      this.layer = layer;
      return this;
    }

    public Builder tokenThreshold(long tokenThreshold) {
      this.tokenThreshold = tokenThreshold;
      return this;
    }

    /** Null turns the option off. */
    public Builder keepSlowerThan(Duration keepSlowerThan) {
      this.keepSlowerThan = keepSlowerThan;
      return this;
    }

    public Builder keepFraction(double keepFraction) {
      this.keepFraction = keepFraction;
      return this;
    }

    public Builder indexPrefix(String indexPrefix) {
      this.indexPrefix = indexPrefix;
      return this;
    }

    public Builder indexShards(int indexShards) {
      this.indexShards = indexShards;
      return this;
    }

    public Builder indexReplicas(int indexReplicas) {
      this.indexReplicas = indexReplicas;
      return this;
    }

    public Builder sink(OpenSearchSinkConfig sink) {
      this.sink = sink;
      return this;
    }

    public Builder redaction(RedactionConfig redaction) {
      this.redaction = redaction;
      return this;
    }

    /** Validates and builds. */
    public LogsConfig build() {
      if (layer == null) {
        layer = "";
      }
      layer = layer.trim();
      sanityCheck();
      if (sink == null) {
        sink = OpenSearchSink.builder().buildConfig();
      }
      if (redaction == null) {
        redaction = RedactionConfig.defaults();
      }
      return new LogsConfig(this);
    }

    /** Checks every option, naming the wrong one and its value ({@link OptionChecks}). */
    private void sanityCheck() {
      checkAtLeast(LogsOptions.TOKEN_THRESHOLD, tokenThreshold, 1);
      if (keepSlowerThan != null) {
        checkPositive(LogsOptions.KEEP_SLOWER_THAN, keepSlowerThan);
      }
      checkOption(
          keepFraction >= 0.0 && keepFraction <= 1.0,
          LogsOptions.KEEP_FRACTION,
          keepFraction,
          "must be between 0 and 1");
      String prefixProblem = DailyIndexName.validatePrefix(indexPrefix);
      checkOption(prefixProblem == null, LogsOptions.INDEX_PREFIX, indexPrefix, prefixProblem);
      checkAtLeast(LogsOptions.INDEX_SHARDS, indexShards, 1);
      checkAtLeast(LogsOptions.INDEX_REPLICAS, indexReplicas, 0);
      checkAtLeast(LogsOptions.MAX_FIELD_BYTES, maxFieldBytes, LogRecordBounds.MIN_FIELD_BYTES);
      checkOption(
          maxAttributes >= LogRecordBounds.minAttributes(),
          LogsOptions.MAX_ATTRIBUTES,
          maxAttributes,
          "must be at least "
              + LogRecordBounds.minAttributes()
              + " (the attributes the job reads)");
      checkOption(
          maxRecordBytes >= LogRecordBounds.minRecordBytes(maxFieldBytes),
          LogsOptions.MAX_RECORD_BYTES,
          maxRecordBytes,
          "must be at least "
              + LogRecordBounds.minRecordBytes(maxFieldBytes)
              + " (the body and the attributes the job reads at "
              + LogsOptions.MAX_FIELD_BYTES.key()
              + ")");
    }
  }
}
