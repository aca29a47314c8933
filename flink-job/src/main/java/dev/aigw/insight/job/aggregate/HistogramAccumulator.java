package dev.aigw.insight.job.aggregate;

/**
 * Merged explicit-bucket histogram (a Flink POJO): bucket counts, sum, count and, where every
 * merged part knew them, min and max.
 *
 * <p>Parts with other bounds than the first part are re-bucketed: each of their buckets is added to
 * the bucket that contains its upper bound (the gateway uses fixed bounds, so this is a fallback).
 */
public class HistogramAccumulator {
  public double[] bounds;
  public long[] counts;
  public double sum;
  public long count;

  /** Smallest value, meaningful only when {@link #minKnown}. */
  public double min = Double.NaN;

  /** Largest value, meaningful only when {@link #maxKnown}. */
  public double max = Double.NaN;

  public boolean minKnown;
  public boolean maxKnown;

  public HistogramAccumulator() {}

  /** Adds one delta histogram; {@code min}/{@code max} are NaN when unknown. */
  public void add(double[] b, long[] c, double s, long n, double mn, double mx) {
    if (n <= 0) {
      return;
    }
    if (bounds == null) {
      bounds = b.clone();
      counts = c.clone();
    } else if (java.util.Arrays.equals(bounds, b)) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += c[i];
      }
    } else {
      rebucket(b, c);
    }
    boolean first = count == 0;
    sum += s;
    count += n;
    boolean mnKnown = !Double.isNaN(mn);
    boolean mxKnown = !Double.isNaN(mx);
    if (first) {
      minKnown = mnKnown;
      maxKnown = mxKnown;
      min = mn;
      max = mx;
    } else {
      minKnown = minKnown && mnKnown;
      maxKnown = maxKnown && mxKnown;
      min = minKnown ? Math.min(min, mn) : Double.NaN;
      max = maxKnown ? Math.max(max, mx) : Double.NaN;
    }
  }

  /** Adds another accumulator. */
  public void merge(HistogramAccumulator o) {
    if (o == null || o.count == 0) {
      return;
    }
    add(
        o.bounds,
        o.counts,
        o.sum,
        o.count,
        o.minKnown ? o.min : Double.NaN,
        o.maxKnown ? o.max : Double.NaN);
  }

  private void rebucket(double[] b, long[] c) {
    for (int j = 0; j < c.length; j++) {
      if (c[j] == 0) {
        continue;
      }
      double upper = j < b.length ? b[j] : Double.POSITIVE_INFINITY;
      int target = bounds.length;
      for (int i = 0; i < bounds.length; i++) {
        if (upper <= bounds[i]) {
          target = i;
          break;
        }
      }
      counts[target] += c[j];
    }
  }
}
