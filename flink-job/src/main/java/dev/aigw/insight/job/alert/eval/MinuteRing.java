package dev.aigw.insight.job.alert.eval;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;
import java.util.Arrays;

/**
 * The per-minute sums of one rule and entity over the rule's history, as a ring buffer of fixed
 * size (slot = minute mod size), held in keyed state: the state of a key is bounded by its rule,
 * whatever the traffic. A minute written again (a late point rewrites its cell) replaces its slot's
 * values, never adds to them, because cells are whole rewrites. A minute that takes the slot of an
 * older one evicts it; {@link #put} returns the evicted minute's numerator so that a budget can
 * keep it in its period total. A Flink POJO (public arrays).
 *
 * <p>For a percentile metric each slot also keeps the minute's bucket counts ({@link #histograms},
 * null for every other metric), which {@link #mergedHistogram} merges into the window's histogram
 * ({@link WindowPercentile}). The field was added after the first release: a ring restored from an
 * older savepoint has none (Flink's POJO schema evolution sets it to null).
 */
public class MinuteRing {

  /** Minute start (epoch ms) held in each slot; {@link Long#MIN_VALUE} when empty. */
  public long[] minutes;

  public double[] numerators;

  public double[] denominators;

  public long[] requests;

  /**
   * Per slot, the minute's bucket counts of a percentile metric (null slot: none); null as a whole
   * until a minute brings bucket counts.
   */
  public HistogramAccumulator[] histograms;

  /** Flink POJO constructor. */
  public MinuteRing() {}

  /** An empty ring of {@code size} minutes. */
  public static MinuteRing ofSize(int size) {
    MinuteRing r = new MinuteRing();
    r.minutes = new long[size];
    Arrays.fill(r.minutes, Long.MIN_VALUE);
    r.numerators = new double[size];
    r.denominators = new double[size];
    r.requests = new long[size];
    return r;
  }

  /** The same minutes in a ring of another size (a rule's window changed across a restart). */
  public MinuteRing resized(int size) {
    MinuteRing r = ofSize(size);
    for (int i = 0; i < minutes.length; i++) {
      if (minutes[i] != Long.MIN_VALUE) {
        r.put(
            minutes[i],
            numerators[i],
            denominators[i],
            requests[i],
            histograms == null ? null : histograms[i]);
      }
    }
    return r;
  }

  public int size() {
    return minutes.length;
  }

  /** What the slot of {@code minuteMs} held when it was another (older) minute. */
  public record Evicted(long minuteMs, double numerator) {}

  /**
   * Writes a minute's values (replacing the minute's earlier values); returns the older minute the
   * slot held, or null. A minute older than its slot's minute is ignored (returns null).
   */
  public Evicted put(long minuteMs, double numerator, double denominator, long requestCount) {
    int slot = slot(minuteMs);
    Evicted evicted = null;
    if (minutes[slot] != Long.MIN_VALUE && minutes[slot] != minuteMs) {
      if (minutes[slot] > minuteMs) {
        return null;
      }
      evicted = new Evicted(minutes[slot], numerators[slot]);
    }
    minutes[slot] = minuteMs;
    numerators[slot] = numerator;
    denominators[slot] = denominator;
    requests[slot] = requestCount;
    if (histograms != null) {
      histograms[slot] = null;
    }
    return evicted;
  }

  /** {@link #put} with the minute's bucket counts of a percentile metric (null: none). */
  public Evicted put(
      long minuteMs,
      double numerator,
      double denominator,
      long requestCount,
      HistogramAccumulator histogram) {
    Evicted evicted = put(minuteMs, numerator, denominator, requestCount);
    int slot = slot(minuteMs);
    if (histogram != null && minutes[slot] == minuteMs) {
      if (histograms == null) {
        histograms = new HistogramAccumulator[minutes.length];
      }
      histograms[slot] = histogram;
    }
    return evicted;
  }

  /**
   * The merged bucket counts of the minutes in [fromMs, toMs]; null when a minute of them with
   * traffic (a denominator) has none, so that the window cannot be exact.
   */
  public HistogramAccumulator mergedHistogram(long fromMs, long toMs) {
    HistogramAccumulator merged = new HistogramAccumulator();
    for (int i = 0; i < minutes.length; i++) {
      long m = minutes[i];
      if (m == Long.MIN_VALUE || m < fromMs || m > toMs || denominators[i] == 0) {
        continue;
      }
      if (histograms == null || histograms[i] == null) {
        return null;
      }
      merged.merge(histograms[i]);
    }
    return merged;
  }

  /** Sums of the minutes in [fromMs, toMs] (inclusive minute starts). */
  public Sums sum(long fromMs, long toMs) {
    double num = 0;
    double den = 0;
    long req = 0;
    for (int i = 0; i < minutes.length; i++) {
      long m = minutes[i];
      if (m != Long.MIN_VALUE && m >= fromMs && m <= toMs) {
        num += numerators[i];
        den += denominators[i];
        req += requests[i];
      }
    }
    return new Sums(num, den, req);
  }

  /** The oldest minute held, or {@link Long#MIN_VALUE} when the ring is empty. */
  public long oldestMinute() {
    long oldest = Long.MAX_VALUE;
    for (long m : minutes) {
      if (m != Long.MIN_VALUE) {
        oldest = Math.min(oldest, m);
      }
    }
    return oldest == Long.MAX_VALUE ? Long.MIN_VALUE : oldest;
  }

  /** The newest minute held, or {@link Long#MIN_VALUE}. */
  public long newestMinute() {
    long newest = Long.MIN_VALUE;
    for (long m : minutes) {
      newest = Math.max(newest, m);
    }
    return newest;
  }

  private int slot(long minuteMs) {
    return (int) Math.floorMod(Math.floorDiv(minuteMs, 60_000L), (long) minutes.length);
  }

  /** Sums over a window. */
  public record Sums(double numerator, double denominator, long requests) {}
}
