package dev.aigw.insight.job.options;

/** How percentiles are read from merged histogram buckets. */
public enum PercentileMethod {
  /**
   * Linear interpolation inside the bucket that holds the rank (Prometheus' {@code
   * histogram_quantile}), clamped to the observed min and max when known.
   */
  INTERPOLATED,
  /**
   * SkyWalking's method: the upper bound of the first bucket whose running count reaches
   * round(total × p / 100).
   */
  SKYWALKING
}
