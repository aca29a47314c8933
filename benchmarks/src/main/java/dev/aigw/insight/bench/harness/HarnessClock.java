package dev.aigw.insight.bench.harness;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The processing clock of the harness's watermarks: the system clock, plus a skew that the harness
 * sets once a run's load is over, so that the last, still open minute is emitted at once for the
 * totals check instead of a minute later. Cells emitted after the skip are not counted as latency.
 */
public final class HarnessClock {

  private static final AtomicLong SKEW_MS = new AtomicLong();

  private HarnessClock() {}

  /** Now, as the watermark generators see it. */
  public static long nowMs() {
    return System.currentTimeMillis() + SKEW_MS.get();
  }

  /** Moves the clock forward by {@code ms}. */
  public static void skipAhead(long ms) {
    SKEW_MS.addAndGet(ms);
  }

  /** Whether the clock has been skipped ahead (latency no longer meaningful). */
  public static boolean skipped() {
    return SKEW_MS.get() != 0;
  }

  /** Back to the system clock (between runs in one JVM). */
  public static void reset() {
    SKEW_MS.set(0);
  }
}
