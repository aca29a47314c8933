package dev.aigw.insight.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ranges over two days have steps of whole UTC hours, so that hour cells can answer them. */
class LongRangeStepsTest {

  private static final long HOUR = 3_600_000L;
  private static final long H = 1_796_551_200_000L; // a whole UTC hour

  @Test
  void sevenDaysStartAtTheirFirstWholeHourWithStepsOfWholeHours() {
    long now = H + 20 * TimeRange.MINUTE_MS + 30_000;
    TimeRange week = TimeRange.parse("7d", null, null, now);
    TimeRange aligned = QueryApi.onHours(week);
    assertThat(aligned.fromMs()).isEqualTo(H - 7 * 24 * HOUR + HOUR);
    assertThat(aligned.toMs()).isEqualTo(week.toMs());
    assertThat(QueryApi.stepMs(aligned, 10, QueryApi.MAX_POINTS)).isEqualTo(HOUR);
    assertThat(QueryApi.stepMs(aligned, 10, QueryApi.SPARKLINE_POINTS)).isEqualTo(3 * HOUR);
  }

  @Test
  void twoDaysOrLessKeepTheirMinutes() {
    TimeRange day = TimeRange.parse("48h", null, null, H + 20 * TimeRange.MINUTE_MS);
    assertThat(QueryApi.onHours(day)).isEqualTo(day);
    assertThat(QueryApi.stepMs(day, 10, QueryApi.MAX_POINTS)).isEqualTo(12 * TimeRange.MINUTE_MS);
  }
}
