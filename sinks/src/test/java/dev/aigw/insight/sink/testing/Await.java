package dev.aigw.insight.sink.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes, so that the sinks' tests wait for what
 * they need instead of sleeping a fixed time. Same contract as otlp-source's test {@code Await};
 * the sinks' tests do not depend on otlp-source, so it is repeated here until the shared test-jar
 * of issue 15 item 4 holds one.
 */
public final class Await {

  private Await() {}

  /** Waits up to {@code timeout} for {@code condition}; fails with {@code state} in the message. */
  public static void until(
      Duration timeout, String what, BooleanSupplier condition, Supplier<Object> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + ": " + state.get());
      }
      Thread.sleep(20);
    }
  }
}
