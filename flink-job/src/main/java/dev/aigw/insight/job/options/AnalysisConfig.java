package dev.aigw.insight.job.options;

import static dev.aigw.insight.options.OptionChecks.checkOption;
import static dev.aigw.insight.options.OptionChecks.checkPositive;

import dev.aigw.insight.job.decode.Dimensions;
import dev.aigw.insight.job.decode.metrics.ResourceFilter;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.price.PriceTableException;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.options.OptionChecks;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Immutable, validated settings of the GenAI metrics analysis, read from {@link AnalysisOptions}.
 *
 * <pre>{@code
 * AnalysisConfig config = AnalysisConfig.fromConfiguration(flinkConfiguration);
 * DataStream<MinuteCell> cells = GenAiMetricsPipeline.build(points, config);
 * }</pre>
 */
public final class AnalysisConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Highest allowed {@link AnalysisOptions#POINT_MAX_COUNT}: 2^63 / 2^20, so that a million points
   * at the ceiling still add up without overflowing a long.
   */
  static final long MAX_POINT_COUNT_LIMIT = Long.MAX_VALUE >> 20;

  private final ResourceFilter resourceFilter;
  private final Duration outOfOrderness;
  private final Duration idleTimeout;
  private final Duration combineFlushInterval;
  private final Duration allowedLateness;
  private final Duration firstPointGrace;
  private final Duration seriesTtl;
  private final int maxProvidersPerService;
  private final int maxModelsPerService;
  private final Duration cardinalityTtl;
  private final PercentileMethod percentileMethod;
  private final PriceTable priceTable;
  private final Duration maxFutureSkew;
  private final Duration maxPastAge;
  private final int maxDimensionBytes;
  private final int maxAttributesPerPoint;
  private final long maxPointCount;
  private final int maxSeriesPerResource;

  private AnalysisConfig(Builder b, PriceTable priceTable) {
    this.resourceFilter =
        b.acceptAny
            ? ResourceFilter.acceptAny()
            : ResourceFilter.attributeIn(b.filterAttribute, b.filterValues);
    this.outOfOrderness = b.outOfOrderness;
    this.idleTimeout = b.idleTimeout;
    this.combineFlushInterval = b.combineFlushInterval;
    this.allowedLateness = b.allowedLateness;
    this.firstPointGrace = b.firstPointGrace;
    this.seriesTtl = b.seriesTtl;
    this.maxProvidersPerService = b.maxProviders;
    this.maxModelsPerService = b.maxModels;
    this.cardinalityTtl = b.cardinalityTtl;
    this.percentileMethod = b.percentileMethod;
    this.priceTable = priceTable;
    this.maxFutureSkew = b.maxFutureSkew;
    this.maxPastAge = b.maxPastAge;
    this.maxDimensionBytes = b.maxDimensionBytes;
    this.maxAttributesPerPoint = b.maxAttributesPerPoint;
    this.maxPointCount = b.maxPointCount;
    this.maxSeriesPerResource = b.maxSeriesPerResource;
  }

  /** Reads and validates every {@code analysis.*} option. */
  public static AnalysisConfig fromConfiguration(ReadableConfig conf) {
    return builder()
        .resourceFilter(
            conf.get(AnalysisOptions.RESOURCE_FILTER_ATTRIBUTE),
            conf.get(AnalysisOptions.RESOURCE_FILTER_VALUES))
        .acceptAnyResource(conf.get(AnalysisOptions.RESOURCE_FILTER_ACCEPT_ANY))
        .outOfOrderness(conf.get(AnalysisOptions.WATERMARK_OUT_OF_ORDERNESS))
        .idleTimeout(conf.get(AnalysisOptions.WATERMARK_IDLE_TIMEOUT))
        .combineFlushInterval(conf.get(AnalysisOptions.COMBINE_FLUSH_INTERVAL))
        .allowedLateness(conf.get(AnalysisOptions.ALLOWED_LATENESS))
        .firstPointGrace(conf.get(AnalysisOptions.FIRST_POINT_GRACE))
        .seriesTtl(conf.get(AnalysisOptions.SERIES_TTL))
        .maxProvidersPerService(conf.get(AnalysisOptions.MAX_PROVIDERS_PER_SERVICE))
        .maxModelsPerService(conf.get(AnalysisOptions.MAX_MODELS_PER_SERVICE))
        .cardinalityTtl(conf.get(AnalysisOptions.CARDINALITY_TTL))
        .percentileMethod(conf.get(AnalysisOptions.PERCENTILE_METHOD))
        .priceTablePath(conf.getOptional(AnalysisOptions.PRICE_TABLE_PATH).orElse(null))
        .maxFutureSkew(conf.get(AnalysisOptions.TIME_MAX_FUTURE_SKEW))
        .maxPastAge(conf.get(AnalysisOptions.TIME_MAX_PAST_AGE))
        .maxDimensionBytes(conf.get(AnalysisOptions.DIMENSION_MAX_LENGTH))
        .maxAttributesPerPoint(conf.get(AnalysisOptions.POINT_MAX_ATTRIBUTES))
        .maxPointCount(conf.get(AnalysisOptions.POINT_MAX_COUNT))
        .maxSeriesPerResource(conf.get(AnalysisOptions.SERIES_MAX_PER_RESOURCE))
        .build();
  }

  /** The defaults of every option. */
  public static AnalysisConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the option defaults. */
  public static Builder builder() {
    return new Builder();
  }

  public ResourceFilter resourceFilter() {
    return resourceFilter;
  }

  public Duration outOfOrderness() {
    return outOfOrderness;
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** {@link AnalysisOptions#COMBINE_FLUSH_INTERVAL}. */
  public Duration combineFlushInterval() {
    return combineFlushInterval;
  }

  public Duration allowedLateness() {
    return allowedLateness;
  }

  public Duration firstPointGrace() {
    return firstPointGrace;
  }

  public Duration seriesTtl() {
    return seriesTtl;
  }

  public int maxProvidersPerService() {
    return maxProvidersPerService;
  }

  public int maxModelsPerService() {
    return maxModelsPerService;
  }

  public Duration cardinalityTtl() {
    return cardinalityTtl;
  }

  public PercentileMethod percentileMethod() {
    return percentileMethod;
  }

  /** The loaded price table (the shipped default unless a path was configured). */
  public PriceTable priceTable() {
    return priceTable;
  }

  /** {@link AnalysisOptions#TIME_MAX_FUTURE_SKEW}. */
  public Duration maxFutureSkew() {
    return maxFutureSkew;
  }

  /** {@link AnalysisOptions#TIME_MAX_PAST_AGE}. */
  public Duration maxPastAge() {
    return maxPastAge;
  }

  /** The accepted event times, judged by {@code clock} (the system clock in production). */
  public EventTimeBounds eventTimeBounds(JobClock clock) {
    return new EventTimeBounds(maxFutureSkew, maxPastAge, clock);
  }

  /** {@link AnalysisOptions#DIMENSION_MAX_LENGTH}, in UTF-8 bytes. */
  public int maxDimensionBytes() {
    return maxDimensionBytes;
  }

  /** {@link AnalysisOptions#POINT_MAX_ATTRIBUTES}. */
  public int maxAttributesPerPoint() {
    return maxAttributesPerPoint;
  }

  /** {@link AnalysisOptions#POINT_MAX_COUNT}. */
  public long maxPointCount() {
    return maxPointCount;
  }

  /** {@link AnalysisOptions#SERIES_MAX_PER_RESOURCE}. */
  public int maxSeriesPerResource() {
    return maxSeriesPerResource;
  }

  /** Builds an {@link AnalysisConfig}; {@link #build()} names the wrong option and value. */
  public static final class Builder {
    private String filterAttribute = AnalysisOptions.RESOURCE_FILTER_ATTRIBUTE.defaultValue();
    private List<String> filterValues = AnalysisOptions.RESOURCE_FILTER_VALUES.defaultValue();
    private boolean acceptAny = AnalysisOptions.RESOURCE_FILTER_ACCEPT_ANY.defaultValue();
    private Duration outOfOrderness = AnalysisOptions.WATERMARK_OUT_OF_ORDERNESS.defaultValue();
    private Duration idleTimeout = AnalysisOptions.WATERMARK_IDLE_TIMEOUT.defaultValue();
    private Duration combineFlushInterval = AnalysisOptions.COMBINE_FLUSH_INTERVAL.defaultValue();
    private Duration allowedLateness = AnalysisOptions.ALLOWED_LATENESS.defaultValue();
    private Duration firstPointGrace = AnalysisOptions.FIRST_POINT_GRACE.defaultValue();
    private Duration seriesTtl = AnalysisOptions.SERIES_TTL.defaultValue();
    private int maxProviders = AnalysisOptions.MAX_PROVIDERS_PER_SERVICE.defaultValue();
    private int maxModels = AnalysisOptions.MAX_MODELS_PER_SERVICE.defaultValue();
    private Duration cardinalityTtl = AnalysisOptions.CARDINALITY_TTL.defaultValue();
    private PercentileMethod percentileMethod = AnalysisOptions.PERCENTILE_METHOD.defaultValue();
    private PriceTable priceTable;
    private String priceTablePath;
    private Duration maxFutureSkew = AnalysisOptions.TIME_MAX_FUTURE_SKEW.defaultValue();
    private Duration maxPastAge = AnalysisOptions.TIME_MAX_PAST_AGE.defaultValue();
    private int maxDimensionBytes = AnalysisOptions.DIMENSION_MAX_LENGTH.defaultValue();
    private int maxAttributesPerPoint = AnalysisOptions.POINT_MAX_ATTRIBUTES.defaultValue();
    private long maxPointCount = AnalysisOptions.POINT_MAX_COUNT.defaultValue();
    private int maxSeriesPerResource = AnalysisOptions.SERIES_MAX_PER_RESOURCE.defaultValue();

    private Builder() {}

    public Builder maxFutureSkew(Duration value) {
      this.maxFutureSkew = value;
      return this;
    }

    public Builder maxPastAge(Duration value) {
      this.maxPastAge = value;
      return this;
    }

    public Builder maxDimensionBytes(int value) {
      this.maxDimensionBytes = value;
      return this;
    }

    public Builder maxAttributesPerPoint(int value) {
      this.maxAttributesPerPoint = value;
      return this;
    }

    public Builder maxPointCount(long value) {
      this.maxPointCount = value;
      return this;
    }

    public Builder maxSeriesPerResource(int value) {
      this.maxSeriesPerResource = value;
      return this;
    }

    public Builder resourceFilter(String attribute, List<String> values) {
      this.filterAttribute = attribute;
      this.filterValues = values;
      return this;
    }

    public Builder acceptAnyResource(boolean acceptAny) {
      this.acceptAny = acceptAny;
      return this;
    }

    public Builder outOfOrderness(Duration value) {
      this.outOfOrderness = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      this.idleTimeout = value;
      return this;
    }

    public Builder combineFlushInterval(Duration value) {
      this.combineFlushInterval = value;
      return this;
    }

    public Builder allowedLateness(Duration value) {
      this.allowedLateness = value;
      return this;
    }

    public Builder firstPointGrace(Duration value) {
      this.firstPointGrace = value;
      return this;
    }

    public Builder seriesTtl(Duration value) {
      this.seriesTtl = value;
      return this;
    }

    public Builder maxProvidersPerService(int value) {
      this.maxProviders = value;
      return this;
    }

    public Builder maxModelsPerService(int value) {
      this.maxModels = value;
      return this;
    }

    public Builder cardinalityTtl(Duration value) {
      this.cardinalityTtl = value;
      return this;
    }

    public Builder percentileMethod(PercentileMethod value) {
      this.percentileMethod = value;
      return this;
    }

    /** A price table file; null keeps the shipped default. */
    public Builder priceTablePath(String path) {
      this.priceTablePath = path;
      return this;
    }

    /** An already loaded price table (takes precedence over a path). */
    public Builder priceTable(PriceTable table) {
      this.priceTable = table;
      return this;
    }

    /** Validates and builds; the message names the option and the wrong value. */
    public AnalysisConfig build() {
      sanityCheck();
      PriceTable table = priceTable;
      if (table == null && priceTablePath != null) {
        Path path = Path.of(priceTablePath);
        checkOption(
            Files.isReadable(path),
            AnalysisOptions.PRICE_TABLE_PATH,
            priceTablePath,
            "must be a readable file");
        try {
          table = PriceTable.load(path);
        } catch (PriceTableException e) {
          throw OptionChecks.invalidOption(
              AnalysisOptions.PRICE_TABLE_PATH.key(),
              priceTablePath,
              "must be a valid price table: " + e.getMessage(),
              e);
        }
      }
      if (table == null) {
        table = PriceTable.loadDefault();
      }
      return new AnalysisConfig(this, table);
    }

    /** Checks every option, naming the wrong one and its value ({@link OptionChecks}). */
    private void sanityCheck() {
      if (!acceptAny) {
        checkOption(
            filterAttribute != null && !filterAttribute.isBlank(),
            AnalysisOptions.RESOURCE_FILTER_ATTRIBUTE,
            filterAttribute,
            "must not be blank unless "
                + AnalysisOptions.RESOURCE_FILTER_ACCEPT_ANY.key()
                + "=true");
        checkOption(
            filterValues != null && !filterValues.isEmpty(),
            AnalysisOptions.RESOURCE_FILTER_VALUES,
            filterValues,
            "must list at least one value unless "
                + AnalysisOptions.RESOURCE_FILTER_ACCEPT_ANY.key()
                + "=true");
      }
      checkNotNegative(AnalysisOptions.WATERMARK_OUT_OF_ORDERNESS, outOfOrderness);
      checkPositive(AnalysisOptions.WATERMARK_IDLE_TIMEOUT, idleTimeout);
      checkNotNegative(AnalysisOptions.COMBINE_FLUSH_INTERVAL, combineFlushInterval);
      // an idle watermark could otherwise close a minute whose partials are still combined
      checkOption(
          combineFlushInterval.compareTo(idleTimeout) < 0,
          AnalysisOptions.COMBINE_FLUSH_INTERVAL,
          combineFlushInterval,
          "must be shorter than "
              + AnalysisOptions.WATERMARK_IDLE_TIMEOUT.key()
              + " ("
              + idleTimeout
              + ")");
      checkNotNegative(AnalysisOptions.ALLOWED_LATENESS, allowedLateness);
      checkNotNegative(AnalysisOptions.FIRST_POINT_GRACE, firstPointGrace);
      checkPositive(AnalysisOptions.SERIES_TTL, seriesTtl);
      checkPositive(AnalysisOptions.CARDINALITY_TTL, cardinalityTtl);
      checkOption(
          maxProviders >= 1,
          AnalysisOptions.MAX_PROVIDERS_PER_SERVICE,
          maxProviders,
          "must be at least 1");
      checkOption(
          maxModels >= 1, AnalysisOptions.MAX_MODELS_PER_SERVICE, maxModels, "must be at least 1");
      checkPositive(AnalysisOptions.TIME_MAX_FUTURE_SKEW, maxFutureSkew);
      checkPositive(AnalysisOptions.TIME_MAX_PAST_AGE, maxPastAge);
      checkOption(
          maxDimensionBytes >= Dimensions.MIN_MAX_BYTES,
          AnalysisOptions.DIMENSION_MAX_LENGTH,
          maxDimensionBytes,
          "must be at least " + Dimensions.MIN_MAX_BYTES + " (room for the hash suffix)");
      checkOption(
          maxAttributesPerPoint >= 1,
          AnalysisOptions.POINT_MAX_ATTRIBUTES,
          maxAttributesPerPoint,
          "must be at least 1");
      checkOption(
          maxPointCount >= 1 && maxPointCount <= MAX_POINT_COUNT_LIMIT,
          AnalysisOptions.POINT_MAX_COUNT,
          maxPointCount,
          "must be between 1 and " + MAX_POINT_COUNT_LIMIT + " (sums must not overflow)");
      checkOption(
          maxSeriesPerResource >= 1,
          AnalysisOptions.SERIES_MAX_PER_RESOURCE,
          maxSeriesPerResource,
          "must be at least 1");
      checkOption(
          percentileMethod != null,
          AnalysisOptions.PERCENTILE_METHOD,
          null,
          "must be INTERPOLATED or SKYWALKING");
    }

    private static void checkNotNegative(ConfigOption<Duration> option, Duration value) {
      checkOption(value != null && !value.isNegative(), option, value, "must not be negative");
    }
  }
}
