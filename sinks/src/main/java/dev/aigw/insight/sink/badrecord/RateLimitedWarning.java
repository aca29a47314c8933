package dev.aigw.insight.sink.badrecord;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN line that is written at most once per interval, with the number of occurrences it stood
 * for. Bad records can arrive by the thousand (one hostile client, one mapping change): the log
 * must say that they happen and what they look like without drowning everything else.
 *
 * <p>Thread-safe: the OpenSearch sink decides on HTTP client threads.
 */
public final class RateLimitedWarning {

  /** Interval used by the sinks. */
  public static final long DEFAULT_INTERVAL_MS = 10_000;

  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong nextAllowedNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  public RateLimitedWarning(Logger log, long intervalMs) {
    this.log = log;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
  }

  /**
   * Logs {@code message} unless a line was logged less than an interval ago; the next line that is
   * logged names how many were left out in between.
   */
  public void warn(String message) {
    long now = System.nanoTime();
    long allowed = nextAllowedNanos.get();
    if ((allowed != Long.MIN_VALUE && now - allowed < 0)
        || !nextAllowedNanos.compareAndSet(allowed, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long left = suppressed.getAndSet(0);
    if (left > 0) {
      log.warn("{} ({} similar messages left out in the last interval)", message, left);
    } else {
      log.warn(message);
    }
  }

  /** A bounded excerpt of a text for a log line or a dead letter, with a marker when cut. */
  public static String excerpt(String text, int maxChars) {
    if (text == null) {
      return "";
    }
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    // never split a surrogate pair: half a character is not valid UTF-8 in the store
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "...[" + (text.length() - end) + " more chars]";
  }
}
