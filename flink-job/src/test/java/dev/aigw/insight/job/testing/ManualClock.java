package dev.aigw.insight.job.testing;

import dev.aigw.insight.job.time.JobClock;

/**
 * A {@link JobClock} that says what the test sets, for operator tests in one JVM (its value is
 * copied, not shared, if the clock is serialized into a MiniCluster job: use a lambda on a static
 * field there).
 */
public final class ManualClock implements JobClock {

  private static final long serialVersionUID = 1L;

  private volatile long nowMs;

  public ManualClock(long nowMs) {
    this.nowMs = nowMs;
  }

  @Override
  public long nowMs() {
    return nowMs;
  }

  /** Sets the time. */
  public void set(long ms) {
    nowMs = ms;
  }
}
