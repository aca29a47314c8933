package dev.aigw.insight.job.alert.eval;

import dev.aigw.insight.schema.cell.BucketCounts;

/**
 * A minute's requests slower than a latency SLO's threshold, counted from the minute's
 * request-duration bucket counts ({@link dev.aigw.insight.schema.cell.MinuteCell#latencyBuckets}):
 * the requests of the buckets entirely above the threshold, so the count is exact when the
 * threshold is a bucket bound (the usual case: pick the SLO's threshold among the gateway's
 * bounds). A threshold inside a bucket takes the bucket's share above it by linear interpolation
 * within the bucket, as the interpolating percentile method does: the bucket's range narrowed to
 * the minute's [min, max] when known, the first bucket starting at 0, the unbounded last bucket
 * ending at max (without a known max its requests count as slow only when the threshold is at or
 * below its lower bound). Whatever {@code analysis.percentile.method} is: the count does not depend
 * on it.
 */
final class SlowRequests {

  private SlowRequests() {}

  /**
   * Requests of the histogram slower than {@code thresholdMs} (a fraction only inside a bucket).
   */
  static double count(BucketCounts b, double thresholdMs) {
    double t = thresholdMs / 1000.0; // the buckets are in seconds
    double[] bounds = b.bounds;
    long[] counts = b.counts;
    double slow = 0;
    for (int i = 0; i < counts.length; i++) {
      long n = counts[i];
      if (n == 0) {
        continue;
      }
      double lower;
      double upper;
      if (i == 0) {
        upper = bounds.length > 0 ? bounds[0] : (Double.isNaN(b.max) ? 0 : b.max);
        lower = Math.min(0, upper);
      } else {
        lower = bounds[i - 1];
        upper = i < bounds.length ? bounds[i] : (Double.isNaN(b.max) ? lower : b.max);
      }
      if (!Double.isNaN(b.min)) {
        lower = Math.max(lower, b.min);
      }
      if (!Double.isNaN(b.max)) {
        upper = Math.min(upper, b.max);
      }
      if (upper < lower) {
        upper = lower;
      }
      if (upper <= t) {
        continue; // every value of the bucket is at most its upper bound
      }
      if (lower >= t) {
        slow += n; // every value of the bucket is above its lower bound
      } else {
        slow += n * (upper - t) / (upper - lower);
      }
    }
    return slow;
  }
}
