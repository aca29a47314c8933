package dev.aigw.insight.job.options;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Typed configuration options of the GenAI metrics analysis (key prefix {@code analysis.}). */
public final class AnalysisOptions {

  public static final ConfigOption<String> RESOURCE_FILTER_ATTRIBUTE =
      ConfigOptions.key("analysis.resource-filter.attribute")
          .stringType()
          .defaultValue("job_name")
          .withDescription(
              "Resource attribute whose value decides whether a resource's metrics are analysed.");

  public static final ConfigOption<List<String>> RESOURCE_FILTER_VALUES =
      ConfigOptions.key("analysis.resource-filter.values")
          .stringType()
          .asList()
          .defaultValues("envoy-ai-gateway")
          .withDescription(
              "Accepted values of the resource filter attribute (semicolon-separated list).");

  public static final ConfigOption<Boolean> RESOURCE_FILTER_ACCEPT_ANY =
      ConfigOptions.key("analysis.resource-filter.accept-any")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Analyse every resource that sends gen_ai.* histograms, ignoring the attribute"
                  + " filter.");

  public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
      ConfigOptions.key("analysis.watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("How far behind the newest point time a point may arrive and count.");

  public static final ConfigOption<Duration> WATERMARK_IDLE_TIMEOUT =
      ConfigOptions.key("analysis.watermark.idle-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "After this long without points a watermark generator advances its watermark with"
                  + " processing time (or marks itself idle if it never had points).");

  public static final ConfigOption<Duration> COMBINE_FLUSH_INTERVAL =
      ConfigOptions.key("analysis.combine.flush-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription(
              "How often the temporality stage sends the partial minute aggregates it combines"
                  + " in memory to the minute windows: each interval sends those of earlier"
                  + " minutes and the newest minute's latest one (it moves the watermark on); the"
                  + " newest minute's others wait for a later minute, an interval without input"
                  + " or a checkpoint barrier. 0 sends each export's partials at once.");

  public static final ConfigOption<Duration> ALLOWED_LATENESS =
      ConfigOptions.key("analysis.window.allowed-lateness")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "Points behind the watermark by at most this much still update (re-emit) their"
                  + " minute; later points are counted and dropped.");

  public static final ConfigOption<Duration> FIRST_POINT_GRACE =
      ConfigOptions.key("analysis.cumulative.first-point-grace")
          .durationType()
          .defaultValue(Duration.ofMinutes(2))
          .withDescription(
              "A cumulative series first seen with a start time at most this long before its"
                  + " point time is counted in full (a freshly started gateway). Keep it at least"
                  + " one export interval.");

  public static final ConfigOption<Duration> SERIES_TTL =
      ConfigOptions.key("analysis.series.ttl")
          .durationType()
          .defaultValue(Duration.ofMinutes(30))
          .withDescription(
              "Temporality state of a series (and of a resource incarnation) not seen for this"
                  + " long (processing time) is forgotten.");

  public static final ConfigOption<Integer> MAX_PROVIDERS_PER_SERVICE =
      ConfigOptions.key("analysis.cardinality.max-providers-per-service")
          .intType()
          .defaultValue(50)
          .withDescription(
              "Distinct providers kept per service; further providers are folded into 'other'.");

  public static final ConfigOption<Integer> MAX_MODELS_PER_SERVICE =
      ConfigOptions.key("analysis.cardinality.max-models-per-service")
          .intType()
          .defaultValue(500)
          .withDescription(
              "Distinct models kept per service; further models are folded into 'other'.");

  public static final ConfigOption<Duration> CARDINALITY_TTL =
      ConfigOptions.key("analysis.cardinality.ttl")
          .durationType()
          .defaultValue(Duration.ofDays(1))
          .withDescription(
              "A provider or model not seen for this long (processing time) frees its slot in the"
                  + " cardinality guard.");

  public static final ConfigOption<PercentileMethod> PERCENTILE_METHOD =
      ConfigOptions.key("analysis.percentile.method")
          .enumType(PercentileMethod.class)
          .defaultValue(PercentileMethod.INTERPOLATED)
          .withDescription(
              "INTERPOLATED (linear inside the bucket, clamped to min/max) or SKYWALKING (upper"
                  + " bound of the bucket that reaches the rank).");

  public static final ConfigOption<String> PRICE_TABLE_PATH =
      ConfigOptions.key("analysis.price-table.path")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Path of a price table YAML file (SkyWalking gen-ai-config.yml shape) that replaces"
                  + " the shipped default; read when the job is built.");

  public static final ConfigOption<Duration> TIME_MAX_FUTURE_SKEW =
      ConfigOptions.key("analysis.time.max-future-skew")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription(
              "A data point or access log stamped further than this ahead of the decoding"
                  + " subtask's clock is rejected (counted, reported to the client in"
                  + " partial_success) and never reaches the watermark: no single client with a"
                  + " wrong clock can make every other client's points late.");

  public static final ConfigOption<Duration> TIME_MAX_PAST_AGE =
      ConfigOptions.key("analysis.time.max-past-age")
          .durationType()
          .defaultValue(Duration.ofDays(7))
          .withDescription(
              "A data point or access log older than this (behind the decoding subtask's clock)"
                  + " is rejected: the minute it belongs to is older than the minute cells'"
                  + " retention (7 days by default) and can no longer be stored. Keep it at least"
                  + " as long as the oldest Kafka data a replay must still count.");

  public static final ConfigOption<Integer> DIMENSION_MAX_LENGTH =
      ConfigOptions.key("analysis.dimension.max-length")
          .intType()
          .defaultValue(256)
          .withDescription(
              "Longest value (UTF-8 bytes) of an attribute that becomes a dimension (service,"
                  + " instance, provider, model, token type); a longer value is replaced by its"
                  + " longest prefix that fits with '…' and 16 hex digits of the SHA-256 of the"
                  + " whole value, and counted. At least 32.");

  public static final ConfigOption<Integer> POINT_MAX_ATTRIBUTES =
      ConfigOptions.key("analysis.point.max-attributes")
          .intType()
          .defaultValue(128)
          .withDescription(
              "Attributes read per data point and per resource; further attributes are ignored"
                  + " and counted.");

  public static final ConfigOption<Long> POINT_MAX_COUNT =
      ConfigOptions.key("analysis.point.max-count")
          .longType()
          .defaultValue(1_000_000_000_000L)
          .withDescription(
              "Largest count a histogram point (or one of its buckets) may have; a larger one is"
                  + " rejected as absurd. 10^12 is more than 30 years of a cumulative series at"
                  + " 1000 requests per second, and far enough below 2^63 that the sums of the"
                  + " counts of a minute cannot overflow.");

  public static final ConfigOption<Integer> SERIES_MAX_PER_RESOURCE =
      ConfigOptions.key("analysis.series.max-per-resource")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Series the temporality stage remembers per resource (one gateway instance);"
                  + " points of further new series are dropped and counted, so that one request"
                  + " with thousands of new attribute combinations cannot grow the state without"
                  + " bound.");

  private AnalysisOptions() {}
}
