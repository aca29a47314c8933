package dev.aigw.insight.bench.harness;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The job's one clock in the harness (its {@code JobClock}: the decoders' time bounds, the
 * combiner's flushes, the TTLs, the watermarks): the system clock shifted by the run's time offset
 * (the load generator stamps its points with the same offset), plus a skip that the harness adds
 * once a run's load is over, so that the last, still open minute is emitted at once for the totals
 * check instead of a minute later. Cells emitted after the skip are not counted as latency.
 */
public final class HarnessClock {

  private static final AtomicLong OFFSET_MS = new AtomicLong();
  private static final AtomicLong SKIP_MS = new AtomicLong();

  private HarnessClock() {}

  /** Now, as the job sees it. */
  public static long nowMs() {
    return System.currentTimeMillis() + OFFSET_MS.get() + SKIP_MS.get();
  }

  /** Moves the clock forward by {@code ms}. */
  public static void skipAhead(long ms) {
    SKIP_MS.addAndGet(ms);
  }

  /** Whether the clock has been skipped ahead (latency no longer meaningful). */
  public static boolean skipped() {
    return SKIP_MS.get() != 0;
  }

  /** The system clock shifted by {@code offsetMs}, not skipped (at the start of each run). */
  public static void reset(long offsetMs) {
    OFFSET_MS.set(offsetMs);
    SKIP_MS.set(0);
  }
}
