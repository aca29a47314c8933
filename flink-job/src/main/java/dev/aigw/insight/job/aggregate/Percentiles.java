package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.PercentileMethod;

/**
 * Percentiles of a merged explicit-bucket histogram. Bucket i holds values in (bounds[i-1],
 * bounds[i]]; the last bucket is unbounded above.
 */
public final class Percentiles {

  private Percentiles() {}

  /** The {@code p}-th percentile (0 < p ≤ 100) by {@code method}; 0 for an empty histogram. */
  public static double of(HistogramAccumulator h, double p, PercentileMethod method) {
    if (h == null || h.count == 0) {
      return 0;
    }
    return method == PercentileMethod.SKYWALKING
        ? skyWalking(h.bounds, h.counts, h.count, p)
        : interpolated(
            h.bounds,
            h.counts,
            h.count,
            h.minKnown ? h.min : Double.NaN,
            h.maxKnown ? h.max : Double.NaN,
            p);
  }

  /**
   * Linear interpolation inside the bucket that holds rank p/100 × count (Prometheus'
   * histogram_quantile), the bucket's range narrowed to [min, max] when they are known (NaN
   * otherwise). The first bucket starts at 0 (or at its bound when negative); without a known max
   * the unbounded last bucket answers its lower bound.
   */
  public static double interpolated(
      double[] bounds, long[] counts, long total, double min, double max, double p) {
    if (total <= 0) {
      return 0;
    }
    double rank = p / 100.0 * total;
    int last = counts.length - 1;
    long before = 0;
    int i = 0;
    for (; i < last; i++) {
      if (before + counts[i] >= rank && counts[i] > 0) {
        break;
      }
      before += counts[i];
    }
    double lower;
    double upper;
    if (i == 0) {
      upper = bounds.length > 0 ? bounds[0] : (Double.isNaN(max) ? 0 : max);
      lower = Math.min(0, upper);
    } else {
      lower = bounds[i - 1];
      upper = i < bounds.length ? bounds[i] : (Double.isNaN(max) ? lower : max);
    }
    if (!Double.isNaN(min)) {
      lower = Math.max(lower, min);
    }
    if (!Double.isNaN(max)) {
      upper = Math.min(upper, max);
    }
    if (upper < lower) {
      upper = lower;
    }
    double fraction = counts[i] == 0 ? 1 : (rank - before) / counts[i];
    fraction = Math.max(0, Math.min(1, fraction));
    double v = lower + (upper - lower) * fraction;
    if (!Double.isNaN(min)) {
      v = Math.max(v, min);
    }
    if (!Double.isNaN(max)) {
      v = Math.min(v, max);
    }
    return v;
  }

  /**
   * SkyWalking's method: the upper bound of the first bucket whose running count reaches
   * round(total × p / 100) (at least 1); the unbounded last bucket answers the last finite bound.
   */
  public static double skyWalking(double[] bounds, long[] counts, long total, double p) {
    if (total <= 0) {
      return 0;
    }
    long rank = Math.max(1, Math.round(total * p / 100.0));
    long running = 0;
    for (int i = 0; i < counts.length; i++) {
      running += counts[i];
      if (running >= rank) {
        return i < bounds.length ? bounds[i] : lastBound(bounds);
      }
    }
    return lastBound(bounds);
  }

  private static double lastBound(double[] bounds) {
    return bounds.length == 0 ? 0 : bounds[bounds.length - 1];
  }
}
