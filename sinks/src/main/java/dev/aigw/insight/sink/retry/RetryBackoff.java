package dev.aigw.insight.sink.retry;

import java.time.Duration;

/** The wait between retries that both sinks use: doubling from an initial wait, capped. */
public final class RetryBackoff {

  private RetryBackoff() {}

  /**
   * The wait before retry number {@code retry} (1-based): {@code initial}, then twice as long each
   * time, never longer than {@code max}.
   */
  public static Duration beforeRetry(int retry, Duration initial, Duration max) {
    Duration backoff = initial;
    // stops doubling once at the cap, so a high retry number cannot overflow
    for (int i = 1; i < retry && backoff.compareTo(max) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    return backoff.compareTo(max) > 0 ? max : backoff;
  }
}
