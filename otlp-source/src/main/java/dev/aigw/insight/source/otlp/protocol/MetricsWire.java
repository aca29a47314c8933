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

  private MetricsWire() {}
}
