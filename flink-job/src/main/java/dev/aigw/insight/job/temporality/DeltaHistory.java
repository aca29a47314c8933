package dev.aigw.insight.job.temporality;

/** The (start, end) pairs of the last delta points of one series, a ring buffer (Flink POJO). */
public class DeltaHistory {

  /** Number of recent points remembered per series. */
  public static final int SIZE = 8;

  public long[] starts = new long[SIZE];
  public long[] ends = new long[SIZE];
  public int size;
  public int next;

  /** Processing time of the last recorded point, epoch ms (for the series TTL). */
  public long lastSeenMs;

  public DeltaHistory() {}

  /** Whether (start, end) was already recorded. */
  public boolean contains(long start, long end) {
    for (int i = 0; i < size; i++) {
      if (starts[i] == start && ends[i] == end) {
        return true;
      }
    }
    return false;
  }

  /** Records (start, end), replacing the oldest entry when full. */
  public void add(long start, long end) {
    starts[next] = start;
    ends[next] = end;
    next = (next + 1) % SIZE;
    size = Math.min(size + 1, SIZE);
  }
}
