package dev.aigw.insight.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesTest {

  @Test
  void computedValuesKeepFourSignificantDigitsAndAtLeastTwoDecimals() {
    assertThat(Series.round(1234.0 / 6)).isEqualTo(205.67);
    assertThat(Series.round(12_345.678)).isEqualTo(12_345.68);
    assertThat(Series.round(0.000123456)).isEqualTo(0.0001235);
    assertThat(Series.round(0.5)).isEqualTo(0.5);
    assertThat(Series.round(2.0 / 3)).isEqualTo(0.6667);
    assertThat(Series.round(0.0)).isEqualTo(0.0);
  }

  @Test
  void aSeriesAnswerKeepsAtMost240PointsPerLine() {
    TimeRange day = new TimeRange(0, 24 * 60 * TimeRange.MINUTE_MS);
    assertThat(QueryApi.stepMs(day, 10, QueryApi.MAX_POINTS)).isEqualTo(6 * TimeRange.MINUTE_MS);
    TimeRange fourHours = new TimeRange(0, 240 * TimeRange.MINUTE_MS);
    assertThat(QueryApi.stepMs(fourHours, 10, QueryApi.MAX_POINTS)).isEqualTo(TimeRange.MINUTE_MS);
  }
}
