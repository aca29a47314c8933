package dev.aigw.insight.job.time;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Which event times the decoders accept: not more than {@code maxFutureSkew} ahead of the decoding
 * subtask's clock, and not older than {@code maxPastAge} behind it. A point outside is rejected at
 * decode time, so that no single client can move the watermark (a far-future point would make every
 * later point of every client late) or write a minute the store no longer keeps.
 *
 * <p>The clock is read once per request ({@link #now()}); the check per point is two comparisons
 * and allocates nothing.
 */
public final class EventTimeBounds implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final long NANOS_PER_MS = 1_000_000L;

  /** The time is within the bounds. */
  public static final int ACCEPTED = 0;

  /** The time is more than the future skew ahead of the clock. */
  public static final int TOO_FAR_AHEAD = 1;

  /** The time is older than the past age. */
  public static final int TOO_OLD = 2;

  private final JobClock clock;
  private final Duration maxFutureSkew;
  private final Duration maxPastAge;

  public EventTimeBounds(Duration maxFutureSkew, Duration maxPastAge, JobClock clock) {
    this.maxFutureSkew = maxFutureSkew;
    this.maxPastAge = maxPastAge;
    this.clock = clock;
  }

  public Duration maxFutureSkew() {
    return maxFutureSkew;
  }

  public Duration maxPastAge() {
    return maxPastAge;
  }

  public JobClock clock() {
    return clock;
  }

  /** The bounds at this moment: one clock read, used for every item of one request. */
  public Window now() {
    long nowMs = clock.nowMs();
    return new Window(
        nowMs,
        saturatedNanos(nowMs + maxFutureSkew.toMillis()),
        saturatedNanos(nowMs - maxPastAge.toMillis()));
  }

  private static long saturatedNanos(long ms) {
    if (ms <= 0) {
      return 0;
    }
    return ms > Long.MAX_VALUE / NANOS_PER_MS ? Long.MAX_VALUE : ms * NANOS_PER_MS;
  }

  /** The accepted event times at one moment, in Unix nanoseconds. */
  public final class Window {
    private final long nowMs;
    private final long latestNanos;
    private final long earliestNanos;

    private Window(long nowMs, long latestNanos, long earliestNanos) {
      this.nowMs = nowMs;
      this.latestNanos = latestNanos;
      this.earliestNanos = earliestNanos;
    }

    /**
     * {@link #ACCEPTED}, {@link #TOO_FAR_AHEAD} or {@link #TOO_OLD} for a time in Unix nanoseconds
     * (OTLP's fixed64, read as unsigned: a value above 2^63 is far in the future, not negative).
     */
    public int classify(long timeNanos) {
      if (Long.compareUnsigned(timeNanos, latestNanos) > 0) {
        return TOO_FAR_AHEAD;
      }
      if (timeNanos < earliestNanos) {
        return TOO_OLD;
      }
      return ACCEPTED;
    }

    /**
     * The message for the client of a rejected time ({@link #classify} not {@link #ACCEPTED}): the
     * time, the receiver's clock and the bound, so that a client with a skewed clock can tell.
     */
    public String explain(String what, long timeNanos, int verdict) {
      String time = render(timeNanos);
      String clockNow = Instant.ofEpochMilli(nowMs).toString();
      if (verdict == TOO_FAR_AHEAD) {
        return what
            + " "
            + time
            + " is more than "
            + maxFutureSkew
            + " ahead of the receiver's clock ("
            + clockNow
            + "); is the sender's clock right?";
      }
      return what
          + " "
          + time
          + " is older than "
          + maxPastAge
          + " before the receiver's clock ("
          + clockNow
          + "): that minute can no longer be stored";
    }
  }

  /** A Unix-nanosecond time (unsigned) as an ISO instant, or the raw number when out of range. */
  static String render(long timeNanos) {
    if (timeNanos < 0) {
      return Long.toUnsignedString(timeNanos) + "ns";
    }
    return Instant.ofEpochSecond(timeNanos / 1_000_000_000L, timeNanos % 1_000_000_000L).toString();
  }
}
