package dev.aigw.insight.source.otlp.protocol;

/**
 * Wire tags (field number {@code << 3 |} wire type) of the messages of {@code metrics.proto} and
 * its service request, for the readers that walk a metrics request's bytes without parsing it.
 */
public final class MetricsWire {

  /** {@code ExportMetricsServiceRequest.resource_metrics}. */
  public static final int REQUEST_RESOURCE_METRICS = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ResourceMetrics.resource}. */
  public static final int RESOURCE = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ResourceMetrics.scope_metrics}. */
  public static final int SCOPE_METRICS = 2 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ResourceMetrics.schema_url} and {@code ScopeMetrics.schema_url}. */
  public static final int SCHEMA_URL = 3 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ScopeMetrics.scope}. */
  public static final int SCOPE = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code ScopeMetrics.metrics}. */
  public static final int METRICS = 2 << 3 | WireTypes.LENGTH_DELIMITED;

  // Metric fields; gauge, sum, histogram, exponential_histogram and summary are one oneof.
  public static final int NAME = 1 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int DESCRIPTION = 2 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int UNIT = 3 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int GAUGE = 5 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int SUM = 7 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int HISTOGRAM = 9 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int EXPONENTIAL_HISTOGRAM = 10 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int SUMMARY = 11 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int METADATA = 12 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code data_points} of Gauge, Sum, Histogram, ExponentialHistogram and Summary. */
  public static final int DATA_POINTS = 1 << 3 | WireTypes.LENGTH_DELIMITED;

  /** {@code aggregation_temporality} of Sum, Histogram and ExponentialHistogram. */
  public static final int AGGREGATION_TEMPORALITY = 2 << 3 | WireTypes.VARINT;

  /** {@code Sum.is_monotonic}. */
  public static final int IS_MONOTONIC = 3 << 3 | WireTypes.VARINT;

  // HistogramDataPoint fields; bucket_counts and explicit_bounds may come packed or one by one.
  public static final int POINT_START_TIME = 2 << 3 | WireTypes.FIXED64;
  public static final int POINT_TIME = 3 << 3 | WireTypes.FIXED64;
  public static final int POINT_COUNT = 4 << 3 | WireTypes.FIXED64;
  public static final int POINT_SUM = 5 << 3 | WireTypes.FIXED64;
  public static final int POINT_BUCKET_COUNT = 6 << 3 | WireTypes.FIXED64;
  public static final int POINT_BUCKET_COUNTS_PACKED = 6 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int POINT_EXPLICIT_BOUND = 7 << 3 | WireTypes.FIXED64;
  public static final int POINT_EXPLICIT_BOUNDS_PACKED = 7 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int POINT_EXEMPLARS = 8 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int POINT_ATTRIBUTES = 9 << 3 | WireTypes.LENGTH_DELIMITED;
  public static final int POINT_FLAGS = 10 << 3 | WireTypes.VARINT;
  public static final int POINT_MIN = 11 << 3 | WireTypes.FIXED64;
  public static final int POINT_MAX = 12 << 3 | WireTypes.FIXED64;

  // Field numbers each message declares (bit n = field n), for WireValidator#skipUnknown.
  public static final long REQUEST_FIELDS = 1L << 1;
  public static final long RESOURCE_METRICS_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  public static final long SCOPE_METRICS_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  public static final long METRIC_FIELDS =
      1L << 1 | 1L << 2 | 1L << 3 | 1L << 5 | 1L << 7 | 1L << 9 | 1L << 10 | 1L << 11 | 1L << 12;
  public static final long HISTOGRAM_FIELDS = 1L << 1 | 1L << 2;
  public static final long HISTOGRAM_POINT_FIELDS = 0b1_1111_1111_1100L;

  private MetricsWire() {}
}
