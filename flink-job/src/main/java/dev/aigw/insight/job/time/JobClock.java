package dev.aigw.insight.job.time;

import java.io.Serializable;

/**
 * The job's one source of "now" for everything driven by wall-clock time: the decoders' bounds on
 * event time, the temporality stage's combiner flushes and series TTL, the cardinality guard's TTL
 * and the idle advance of the watermarks. Production uses {@link #SYSTEM}; tests that replay fixed
 * (historical) timestamps pass a clock of their own, so that their data is "recent", and move it to
 * make time pass instead of waiting. Flink's processing-time timers still fire in real time: they
 * are only the ticks at which these parts look at the clock (docs/architecture.md, "One clock").
 */
@FunctionalInterface
public interface JobClock extends Serializable {

  /** The system clock. */
  JobClock SYSTEM = SystemClock.INSTANCE;

  /** Milliseconds since the epoch. */
  long nowMs();

  /** A clock that always says {@code epochMs} (tests). */
  static JobClock fixed(long epochMs) {
    return () -> epochMs;
  }

  /**
   * A clock that says {@code epochMs} now and then advances with the system clock (tests that
   * replay historical data but need time to pass, e.g. for the idle watermark advance).
   */
  static JobClock startingAt(long epochMs) {
    long offset = epochMs - System.currentTimeMillis();
    return () -> System.currentTimeMillis() + offset;
  }
}
