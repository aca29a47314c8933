package dev.aigw.insight.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Ranges over two days have steps of whole UTC hours, over 14 days of whole UTC days, so that hour
 * and day cells can answer them.
 */
class LongRangeStepsTest {

  private static final long HOUR = 3_600_000L;
  private static final long H = 1_796_551_200_000L; // a whole UTC hour

  @Test
  void sevenDaysStartAtTheirFirstWholeHourWithStepsOfWholeHours() {
    long now = H + 20 * TimeRange.MINUTE_MS + 30_000;
    TimeRange week = TimeRange.parse("7d", null, null, now);
    TimeRange aligned = QueryApi.onWholePeriods(week);
    assertThat(aligned.fromMs()).isEqualTo(H - 7 * 24 * HOUR + HOUR);
    assertThat(aligned.toMs()).isEqualTo(week.toMs());
    assertThat(QueryApi.stepMs(aligned, 10, QueryApi.MAX_POINTS)).isEqualTo(HOUR);
    assertThat(QueryApi.stepMs(aligned, 10, QueryApi.SPARKLINE_POINTS)).isEqualTo(3 * HOUR);
  }

  @Test
  void thirtyDaysStartAtTheirFirstWholeDayWithStepsOfWholeDays() {
    long day = 24 * HOUR;
    long midnight = Math.floorDiv(H, day) * day;
    long now = midnight + 5 * HOUR + 20 * TimeRange.MINUTE_MS + 30_000;
    TimeRange month = TimeRange.parse("30d", null, null, now, TimeRange.DAY_CELLS_RETENTION);
    TimeRange aligned = QueryApi.onWholePeriods(month);
    assertThat(aligned.fromMs()).isEqualTo(midnight - 29 * day);
    assertThat(aligned.toMs()).isEqualTo(month.toMs());
    assertThat(QueryApi.stepMs(aligned, 10, QueryApi.MAX_POINTS)).isEqualTo(day);
    assertThat(QueryApi.stepMs(aligned, 10, QueryApi.SPARKLINE_POINTS)).isEqualTo(day);
    TimeRange year = TimeRange.parse("365d", null, null, now, TimeRange.DAY_CELLS_RETENTION);
    assertThat(QueryApi.stepMs(QueryApi.onWholePeriods(year), 10, QueryApi.MAX_POINTS))
        .isEqualTo(2 * day);
  }

  @Test
  void fourteenDaysKeepStepsOfWholeHours() {
    TimeRange twoWeeks =
        TimeRange.parse(
            "14d", null, null, H + 20 * TimeRange.MINUTE_MS, TimeRange.DAY_CELLS_RETENTION);
    assertThat(QueryApi.onWholePeriods(twoWeeks).fromMs())
        .isEqualTo(twoWeeks.fromMs() + 39 * 60_000);
    assertThat(QueryApi.stepMs(QueryApi.onWholePeriods(twoWeeks), 10, QueryApi.MAX_POINTS))
        .isEqualTo(2 * HOUR);
  }

  @Test
  void twoDaysOrLessKeepTheirMinutes() {
    TimeRange day = TimeRange.parse("48h", null, null, H + 20 * TimeRange.MINUTE_MS);
    assertThat(QueryApi.onWholePeriods(day)).isEqualTo(day);
    assertThat(QueryApi.stepMs(day, 10, QueryApi.MAX_POINTS)).isEqualTo(12 * TimeRange.MINUTE_MS);
  }
}
