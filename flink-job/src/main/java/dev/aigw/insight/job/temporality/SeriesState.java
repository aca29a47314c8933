package dev.aigw.insight.job.temporality;

/**
 * The last cumulative point of one series (a Flink POJO). A tombstone marks a series forgotten by
 * the TTL while its incarnation was still exporting: it keeps only the start time, so that the
 * series' return is not mistaken for a new series.
 */
public class SeriesState {
  public long startTimeNanos;
  public long timeNanos;
  public double[] explicitBounds;
  public long[] bucketCounts;
  public double sum;
  public long count;
  public double min = Double.NaN;
  public double max = Double.NaN;

  /** Processing time the series was last seen, epoch ms. */
  public long lastSeenMs;

  /** Whether only the start time is kept (see class comment). */
  public boolean tombstone;

  public SeriesState() {}
}
