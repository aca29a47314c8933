package dev.aigw.insight.bench.stats;

import java.util.Arrays;

/** A thread-safe, growable list of long samples with exact percentiles (runs are short). */
public final class Samples {

  private long[] values = new long[1024];
  private int size;

  /** Adds one sample. */
  public synchronized void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  /** Number of samples. */
  public synchronized int size() {
    return size;
  }

  /** The nearest-rank percentile {@code p} (0 to 100) of the samples, or -1 when there are none. */
  public synchronized long percentile(double p) {
    if (size == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }

  /** The largest sample, or -1 when there are none. */
  public synchronized long max() {
    return percentile(100);
  }
}
