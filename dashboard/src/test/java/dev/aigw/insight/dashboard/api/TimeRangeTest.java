package dev.aigw.insight.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

  private static final long NOW = Instant.parse("2026-12-06T10:17:42.500Z").toEpochMilli();
  private static final long MINUTE_END = Instant.parse("2026-12-06T10:18:00Z").toEpochMilli();

  @Test
  void relativeRangesEndWithTheMinuteInProgress() {
    TimeRange r = TimeRange.parse("15m", null, null, NOW);
    assertThat(r.toMs()).isEqualTo(MINUTE_END);
    assertThat(r.fromMs()).isEqualTo(MINUTE_END - 15 * 60_000);
    assertThat(r.minutes()).isEqualTo(15);
    assertThat(TimeRange.parse("1h", null, null, NOW).minutes()).isEqualTo(60);
    assertThat(TimeRange.parse("6h", null, null, NOW).minutes()).isEqualTo(360);
    assertThat(TimeRange.parse("24h", null, null, NOW).minutes()).isEqualTo(1440);
    assertThat(TimeRange.parse("7d", null, null, NOW).minutes()).isEqualTo(10080);
  }

  @Test
  void aNowOnAMinuteBoundaryIncludesThatMinute() {
    long boundary = Instant.parse("2026-12-06T10:17:00Z").toEpochMilli();
    assertThat(TimeRange.parse("1m", null, null, boundary).fromMs()).isEqualTo(boundary);
  }

  @Test
  void noRangeMeansTheLastHour() {
    TimeRange r = TimeRange.parse(null, null, null, NOW);
    assertThat(r).isEqualTo(new TimeRange(MINUTE_END - 3_600_000, MINUTE_END));
  }

  @Test
  void absoluteRangesInEpochMsOrIsoRoundOutwardToMinutes() {
    TimeRange iso = TimeRange.parse(null, "2026-12-06T10:00:30Z", "2026-12-06T10:05:10Z", NOW);
    assertThat(iso.fromMs()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z").toEpochMilli());
    assertThat(iso.toMs()).isEqualTo(Instant.parse("2026-12-06T10:06:00Z").toEpochMilli());
    TimeRange ms =
        TimeRange.parse(null, Long.toString(iso.fromMs()), Long.toString(iso.toMs()), NOW);
    assertThat(ms).isEqualTo(iso);
    assertThat(TimeRange.parse(null, Long.toString(iso.fromMs()), null, NOW).toMs())
        .isEqualTo(MINUTE_END);
  }

  @Test
  void theGridHoldsEveryMinuteOfTheRange() {
    TimeRange r = new TimeRange(120_000, 300_000);
    assertThat(r.grid()).containsExactly(120_000L, 180_000L, 240_000L);
    assertThat(r.indexOf(180_000)).isEqualTo(1);
    assertThat(r.indexOf(300_000)).isEqualTo(-1);
    assertThat(r.indexOf(60_000)).isEqualTo(-1);
  }

  @Test
  void badRangesAreRefusedWithAClearMessage() {
    assertThatThrownBy(() -> TimeRange.parse("8d", null, null, NOW))
        .isInstanceOf(ApiException.class)
        .hasMessage(
            "range of 8 d is longer than the cells' retention of 7 d; choose a shorter range");
    assertThatThrownBy(() -> TimeRange.parse("soon", null, null, NOW))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("range 'soon' is not a duration like 15m, 1h, 6h, 24h or 7d");
    assertThatThrownBy(() -> TimeRange.parse("0m", null, null, NOW))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> TimeRange.parse("1h", "0", null, NOW))
        .hasMessage("give either 'range' or 'from'/'to', not both");
    assertThatThrownBy(() -> TimeRange.parse(null, null, "0", NOW))
        .hasMessage("'to' needs a 'from'");
    assertThatThrownBy(() -> TimeRange.parse(null, "yesterday", null, NOW))
        .hasMessageContaining("'from' is neither epoch milliseconds nor an ISO-8601 instant");
    assertThatThrownBy(
            () -> TimeRange.parse(null, "2026-12-06T10:05:00Z", "2026-12-06T10:00:00Z", NOW))
        .hasMessage("empty range: 'to' must be after 'from'");
    assertThatThrownBy(
            () -> TimeRange.parse(null, "2026-11-01T00:00:00Z", "2026-11-08T00:01:00Z", NOW))
        .hasMessageContaining("range of 10081 min is longer than the cells' retention of 7 d");
  }
}
