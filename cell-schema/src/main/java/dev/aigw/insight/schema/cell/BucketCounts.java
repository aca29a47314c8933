package dev.aigw.insight.schema.cell;

/**
 * The bucket counts of one minute's merged explicit-bucket histogram (a Flink POJO without Flink),
 * carried by a {@link MinuteCell} from the job's cell windows to its alert rules so that those can
 * merge minutes into exact window percentiles and count requests over a latency threshold. Never
 * stored: no emitter or converter writes it and a cell read back from a store has none.
 *
 * <p>Bucket {@code i} holds the values in ({@code bounds[i-1]}, {@code bounds[i]}] in seconds (the
 * gateway's units); the last bucket ({@code counts.length == bounds.length + 1}) is unbounded
 * above. {@link #min} and {@link #max} are the smallest and largest value when every merged point
 * knew them, else NaN. The arrays are shared, not copied: treat them as read-only.
 */
public class BucketCounts {

  /** Upper bounds of the buckets, seconds, ascending. */
  public double[] bounds;

  /** Values per bucket; one more than {@link #bounds}. */
  public long[] counts;

  /** Smallest value in seconds, NaN when unknown. */
  public double min = Double.NaN;

  /** Largest value in seconds, NaN when unknown. */
  public double max = Double.NaN;

  /** Flink POJO constructor. */
  public BucketCounts() {}

  /** Bucket counts of these arrays (not copied) and min / max (NaN when unknown). */
  public static BucketCounts of(double[] bounds, long[] counts, double min, double max) {
    BucketCounts b = new BucketCounts();
    b.bounds = bounds;
    b.counts = counts;
    b.min = min;
    b.max = max;
    return b;
  }

  /** Σ counts. */
  public long total() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }
}
