package dev.aigw.insight.job.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeBoundsTest {

  private static final long NOW_MS = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
  private static final long MS = 1_000_000L;

  private final EventTimeBounds bounds =
      new EventTimeBounds(Duration.ofMinutes(5), Duration.ofDays(7), JobClock.fixed(NOW_MS));

  @Test
  void acceptsFromThePastAgeUpToTheFutureSkewInclusive() {
    EventTimeBounds.Window w = bounds.now();
    long latest = (NOW_MS + Duration.ofMinutes(5).toMillis()) * MS;
    long earliest = (NOW_MS - Duration.ofDays(7).toMillis()) * MS;
    assertThat(w.classify(NOW_MS * MS)).isEqualTo(EventTimeBounds.ACCEPTED);
    assertThat(w.classify(latest)).isEqualTo(EventTimeBounds.ACCEPTED);
    assertThat(w.classify(latest + 1)).isEqualTo(EventTimeBounds.TOO_FAR_AHEAD);
    assertThat(w.classify(earliest)).isEqualTo(EventTimeBounds.ACCEPTED);
    assertThat(w.classify(earliest - 1)).isEqualTo(EventTimeBounds.TOO_OLD);
    assertThat(w.classify(1)).isEqualTo(EventTimeBounds.TOO_OLD);
    // fixed64 above 2^63 is a time far in the future, not a negative one
    assertThat(w.classify(-1L)).isEqualTo(EventTimeBounds.TOO_FAR_AHEAD);
    assertThat(w.classify(Long.MAX_VALUE)).isEqualTo(EventTimeBounds.TOO_FAR_AHEAD);
  }

  @Test
  void theMessageTellsTheTimeTheReceiversClockAndTheBound() {
    EventTimeBounds.Window w = bounds.now();
    long future = Instant.parse("2090-01-01T00:00:00Z").toEpochMilli() * MS;
    assertThat(w.explain("point", future, EventTimeBounds.TOO_FAR_AHEAD))
        .isEqualTo(
            "point 2090-01-01T00:00:00Z is more than PT5M ahead of the receiver's clock"
                + " (2026-01-01T12:00:00Z); is the sender's clock right?");
    long old = Instant.parse("2025-12-01T00:00:00Z").toEpochMilli() * MS;
    assertThat(w.explain("point", old, EventTimeBounds.TOO_OLD))
        .isEqualTo(
            "point 2025-12-01T00:00:00Z is older than PT168H before the receiver's clock"
                + " (2026-01-01T12:00:00Z): that minute can no longer be stored");
    assertThat(w.explain("point", -1L, EventTimeBounds.TOO_FAR_AHEAD))
        .startsWith("point 18446744073709551615ns is more than PT5M ahead");
  }

  @Test
  void theClockIsReadOncePerWindow() {
    long[] now = {NOW_MS};
    EventTimeBounds moving =
        new EventTimeBounds(Duration.ofMinutes(5), Duration.ofDays(7), () -> now[0]);
    EventTimeBounds.Window w = moving.now();
    now[0] += Duration.ofHours(1).toMillis();
    long inTheNewHour = (NOW_MS + Duration.ofMinutes(30).toMillis()) * MS;
    assertThat(w.classify(inTheNewHour)).isEqualTo(EventTimeBounds.TOO_FAR_AHEAD);
    assertThat(moving.now().classify(inTheNewHour)).isEqualTo(EventTimeBounds.ACCEPTED);
  }

  @Test
  void aClockStartingAtATimeAdvancesWithTheSystemClock() throws Exception {
    JobClock clock = JobClock.startingAt(NOW_MS);
    long first = clock.nowMs();
    assertThat(first).isBetween(NOW_MS, NOW_MS + 1_000);
    // not a wait for something to happen: 20 ms of system time passing is what is tested
    Thread.sleep(20);
    assertThat(clock.nowMs()).isGreaterThanOrEqualTo(first + 20);
    assertThat(JobClock.SYSTEM.nowMs()).isCloseTo(System.currentTimeMillis(), within(1_000L));
  }

  private static org.assertj.core.data.Offset<Long> within(long ms) {
    return org.assertj.core.data.Offset.offset(ms);
  }
}
