package dev.aigw.insight.job.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.alert.AlertEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The budget rule: thresholds of a calendar month across the month boundary (exact reset, nothing
 * counted in two months, late rewrites replace), and the forecast to exhaust.
 */
class BudgetTest {

  private static final long PICOS = 1_000_000_000_000L;

  /** Minute 10 is 2026-02-01T00:00Z, the first minute of February. */
  private static final long T0 = Instant.parse("2026-01-31T23:50:00Z").toEpochMilli();

  private static final String MONTHLY =
      """
      rules:
        - id: team-budget
          kind: budget
          amount: 100
          period: month
          thresholds: [50, 100]
          forecast: false
      """;

  private static String at(AlertEvent e) {
    return e.ruleId
        + " "
        + e.alertId.substring(0, e.alertId.indexOf('|'))
        + " "
        + e.status
        + "@"
        + Instant.ofEpochMilli(e.eventTimeMs);
  }

  @Test
  void monthlyThresholdsResetExactlyAtTheBoundary() throws Exception {
    try (AlertScenario s = new AlertScenario(MONTHLY, T0)) {
      // 6 a minute from 23:50 on
      s.services(0, 30, c -> c.costPicos = 6 * PICOS);
      s.runThrough(7);
      // a rewrite of minute 5 (a late point) replaces it: still 6 a minute
      s.rewrite(5, c -> c.costPicos = 6 * PICOS);
      List<AlertEvent> january = s.runThrough(9);
      // 9 minutes × 6 = 54 ≥ 50 at minute 8 (23:58), ends 23:59
      assertThat(january)
          .extracting(BudgetTest::at)
          .containsExactly("team-budget team-budget:50% FIRING@2026-01-31T23:59:00Z");
      List<AlertEvent> boundary = s.runThrough(10);
      assertThat(boundary)
          .extracting(BudgetTest::at)
          .containsExactly("team-budget team-budget:50% RESOLVED@2026-02-01T00:00:00Z");
      // a late rewrite of January's last minute counts in January, never in February
      s.rewrite(9, c -> c.costPicos = 60 * PICOS);
      List<AlertEvent> february = s.runThrough(30);
      // February: 6 a minute from minute 10: 54 ≥ 50 after 9 minutes (minute 18), 102 ≥ 100
      // after 17 (minute 26)
      assertThat(february)
          .extracting(BudgetTest::at)
          .containsExactly(
              "team-budget team-budget:50% FIRING@2026-02-01T00:09:00Z",
              "team-budget team-budget:100% FIRING@2026-02-01T00:17:00Z");
      assertThat(february.get(0).value).isEqualTo(54.0);
    }
  }

  @Test
  void monthlyJustUnderFiresNothing() throws Exception {
    try (AlertScenario s = new AlertScenario(MONTHLY, T0)) {
      // 49.5 in January, 49.5 in February: together over 50, but never in one month
      s.services(0, 9, c -> c.costPicos = 4_950_000_000_000L);
      s.services(10, 19, c -> c.costPicos = 4_950_000_000_000L);
      assertThat(s.runThrough(30)).isEmpty();
    }
  }

  private static final String FORECAST =
      """
      rules:
        - id: daily-spend
          kind: budget
          amount: 1000
          period: day
          thresholds: [100]
          forecast: true
          forecast-window: 10m
          recovery: 1m
      """;

  @Test
  void forecastFiresWhenTheBurnWouldExhaustTheBudget() throws Exception {
    long midnight = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    try (AlertScenario s = new AlertScenario(FORECAST, midnight)) {
      s.services(0, 20, c -> c.costPicos = PICOS);
      List<AlertEvent> events = s.runThrough(20);
      // minute 6: spent 7, burn 7 / 10 a minute, 1433 minutes left: 7 + 1003.1 ≥ 1000
      assertThat(events)
          .extracting(BudgetTest::at)
          .containsExactly("daily-spend daily-spend:forecast FIRING@2026-03-02T00:07:00Z");
    }
  }

  @Test
  void forecastJustUnderFiresNothing() throws Exception {
    long midnight = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    try (AlertScenario s = new AlertScenario(FORECAST, midnight)) {
      // 0.69 a minute: at most 0.69 × 1440 = 993.6 by the end of the day
      s.services(0, 20, c -> c.costPicos = 690_000_000_000L);
      assertThat(s.runThrough(20)).isEmpty();
    }
  }
}
