package dev.aigw.insight.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way tests wait: poll a condition until it holds or a deadline passes, and fail with what
 * was seen last. No test sleeps a fixed time to let something happen.
 */
public final class Await {

  /** Between two polls: short against any timeout, long enough not to spin. */
  private static final long POLL_MS = 20;

  private Await() {}

  /** Waits up to {@code timeout} for {@code condition}; fails with {@code state} in the message. */
  public static void until(
      Duration timeout, String what, BooleanSupplier condition, Supplier<?> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + ": " + state.get());
      }
      Thread.sleep(POLL_MS);
    }
  }

  /** Waits up to {@code timeout} for {@code condition}. */
  public static void until(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    until(timeout, what, condition, () -> "not yet");
  }

  /**
   * Waits up to {@code timeout} for {@code condition} without failing, and says whether it holds:
   * for a test whose next assertion names what is off better than a timeout would.
   */
  public static boolean upTo(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(POLL_MS);
    }
    return true;
  }

  /**
   * Polls {@code probe} until its value is {@code done} and returns that value; fails after {@code
   * timeout} with the last value. An exception from the probe means "not yet" (a store that is not
   * up, an index not created) and is reported if it is the last thing seen.
   */
  public static <T> T value(
      Duration timeout, String what, Callable<T> probe, Predicate<? super T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last;
    while (true) {
      try {
        T value = probe.call();
        if (done.test(value)) {
          return value;
        }
        last = value;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception notYet) {
        last = notYet;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + ", last seen: " + last);
      }
      Thread.sleep(POLL_MS);
    }
  }

  /** Waits up to {@code timeout} until something accepts TCP connections on {@code port}. */
  public static void listening(Duration timeout, String host, int port)
      throws InterruptedException {
    value(
        timeout,
        "a listener on " + host + ":" + port,
        () -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
          } catch (IOException notYet) {
            return false;
          }
        },
        listening -> listening);
  }
}
