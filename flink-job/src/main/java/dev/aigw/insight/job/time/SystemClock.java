package dev.aigw.insight.job.time;

/**
 * {@link System#currentTimeMillis()}; an enum so that it stays one instance after serialization.
 */
enum SystemClock implements JobClock {
  INSTANCE;

  @Override
  public long nowMs() {
    return System.currentTimeMillis();
  }
}
