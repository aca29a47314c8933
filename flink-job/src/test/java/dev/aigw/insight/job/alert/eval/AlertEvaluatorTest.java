package dev.aigw.insight.job.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each rule kind on a scripted event-time scenario: it fires and resolves at the exact expected
 * minutes, and a scenario just under its thresholds fires nothing. Minute m's evaluation happens
 * when the watermark passes m; an alert's times are the end of the minute that made the transition.
 */
class AlertEvaluatorTest {

  private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();

  private static final String ERROR_RATE =
      """
      rules:
        - id: checkout-errors
          kind: threshold
          metric: error_rate
          op: ">"
          threshold: 0.1
          window: 5m
          min-requests: 50
          recovery: 3m
          silence: 0m
      """;

  /** 100 requests a minute, 1 error, and {@code spike} errors in minutes 10 to 12. */
  private static AlertScenario errorSpike(long t0, int spike) throws Exception {
    AlertScenario s = new AlertScenario(ERROR_RATE, t0);
    for (int m = 0; m <= 30; m++) {
      int errors = m >= 10 && m <= 12 ? spike : 1;
      s.service(
          m,
          c -> {
            c.requests = 100;
            c.errors = errors;
          });
    }
    return s;
  }

  @Test
  void thresholdFiresAndResolvesAtTheExpectedMinutes() throws Exception {
    try (AlertScenario s = errorSpike(T0, 50)) {
      List<AlertEvent> events = s.runThrough(30);
      // minute 10: (4 + 50) / 500 = 0.108 > 0.1; minute 16: (50 + 4) / 500 still over;
      // clean from minute 17, resolved after 3 clean minutes at minute 19
      assertThat(events)
          .extracting(e -> e.status)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      AlertEvent firing = events.get(0);
      assertThat(firing.eventTimeMs).isEqualTo(s.at(11));
      assertThat(firing.startMs).isEqualTo(s.at(11));
      assertThat(firing.minuteMs).isEqualTo(s.at(10));
      assertThat(firing.value).isEqualTo(54.0 / 500);
      assertThat(firing.alertId).isEqualTo("checkout-errors|service=checkout|" + s.at(11));
      assertThat(firing.entity).isEqualTo("service=checkout");
      AlertEvent resolved = events.get(1);
      assertThat(resolved.eventTimeMs).isEqualTo(s.at(20));
      assertThat(resolved.alertId).isEqualTo(firing.alertId);
      assertThat(resolved.idempotencyKey).isNotEqualTo(firing.idempotencyKey);
    }
  }

  @Test
  void thresholdJustUnderFiresNothing() throws Exception {
    // 3 × 16 + 2 = 50 errors in the worst window: 50 / 500 = 0.1, not over 0.1
    try (AlertScenario s = errorSpike(T0, 16)) {
      assertThat(s.runThrough(30)).isEmpty();
    }
  }

  @Test
  void quietServiceUnderTheRequestGuardFiresNothing() throws Exception {
    try (AlertScenario s = new AlertScenario(ERROR_RATE, T0)) {
      // 9 requests a minute, all failing: 45 requests in 5 minutes < 50
      s.services(
          0,
          20,
          c -> {
            c.requests = 9;
            c.errors = 9;
          });
      assertThat(s.runThrough(30)).isEmpty();
    }
  }

  @Test
  void aFlappingConditionStaysOneAlert() throws Exception {
    String rule =
        ERROR_RATE
            .replace("window: 5m", "window: 1m")
            .replace("min-requests: 50", "min-requests: 1");
    try (AlertScenario s = new AlertScenario(rule, T0)) {
      for (int m = 0; m <= 20; m++) {
        // bad, good, bad, good ... in minutes 5 to 9: never 3 clean minutes in a row
        int errors = m >= 5 && m <= 9 && m % 2 == 1 ? 50 : 0;
        s.service(
            m,
            c -> {
              c.requests = 100;
              c.errors = errors;
            });
      }
      List<AlertEvent> events = s.runThrough(20);
      assertThat(events)
          .extracting(e -> e.status)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      assertThat(events.get(0).eventTimeMs).isEqualTo(s.at(6));
      // last bad minute 9; clean 10, 11, 12
      assertThat(events.get(1).eventTimeMs).isEqualTo(s.at(13));
    }
  }

  @Test
  void theSilencePeriodHoldsBackARepeat() throws Exception {
    String rule =
        ERROR_RATE
            .replace("window: 5m", "window: 1m")
            .replace("min-requests: 50", "min-requests: 1")
            .replace("recovery: 3m", "recovery: 1m")
            .replace("silence: 0m", "silence: 10m");
    try (AlertScenario s = new AlertScenario(rule, T0)) {
      for (int m = 0; m <= 30; m++) {
        int errors = m == 5 || m == 8 || m == 20 ? 50 : 0;
        s.service(
            m,
            c -> {
              c.requests = 100;
              c.errors = errors;
            });
      }
      List<AlertEvent> events = s.runThrough(30);
      // fires at 5, resolves at 6; minute 8 is within 10 minutes of the start (6): silent;
      // minute 20 fires again
      assertThat(events)
          .extracting(e -> e.status + "@" + (e.eventTimeMs - T0) / 60_000)
          .containsExactly("FIRING@6", "RESOLVED@7", "FIRING@21", "RESOLVED@22");
    }
  }

  @Test
  void aLateRewriteReplacesItsMinute() throws Exception {
    try (AlertScenario s = errorSpike(T0, 0)) {
      s.runThrough(10);
      // the cell of minute 10 is rewritten twice (late points): it replaces, never adds
      s.rewrite(
          10,
          c -> {
            c.requests = 100;
            c.errors = 30;
          });
      s.rewrite(
          10,
          c -> {
            c.requests = 100;
            c.errors = 30;
          });
      // minute 11: (30 + 0 + 3 × 1) / 500 = 0.066, not over (an added rewrite would be 0.126)
      assertThat(s.runThrough(30)).isEmpty();
    }
  }

  @Test
  void replayingYesterdayGivesTheSameAlertsWithYesterdaysTimes() throws Exception {
    long day = 86_400_000L;
    List<AlertEvent> today;
    List<AlertEvent> yesterday;
    try (AlertScenario s = errorSpike(T0, 50)) {
      today = s.runThrough(30);
    }
    try (AlertScenario s = errorSpike(T0 - day, 50)) {
      yesterday = s.runThrough(30);
    }
    assertThat(yesterday).hasSameSizeAs(today);
    for (int i = 0; i < today.size(); i++) {
      assertThat(yesterday.get(i).eventTimeMs).isEqualTo(today.get(i).eventTimeMs - day);
      assertThat(yesterday.get(i).status).isEqualTo(today.get(i).status);
      assertThat(yesterday.get(i).value).isEqualTo(today.get(i).value);
    }
  }

  /** Builds the same scenario twice (each run consumes its own). */
  private interface ScenarioFactory {
    AlertScenario create() throws Exception;
  }

  /**
   * A replay, or a Kafka source catching up, makes the cell windows emit many minutes before the
   * watermark reaches the evaluator: every rule kind must then give exactly the alerts it gives
   * when the minutes come one by one, although its ring holds fewer minutes than arrive at once.
   */
  @Test
  void aWatermarkThatJumpsOverManyMinutesGivesTheSameAlertsAsMinuteByMinute() throws Exception {
    Map<String, ScenarioFactory> kinds = new LinkedHashMap<>();
    kinds.put("threshold", () -> errorSpike(T0, 50));
    kinds.put("provider_outage", () -> outage(20));
    kinds.put("slo_burn_rate", () -> burn(SLO, 79));
    kinds.put("anomaly", () -> spike(300));
    for (Map.Entry<String, ScenarioFactory> kind : kinds.entrySet()) {
      List<AlertEvent> minuteByMinute;
      try (AlertScenario s = kind.getValue().create()) {
        minuteByMinute = s.runThrough(100);
      }
      List<AlertEvent> atOnce;
      try (AlertScenario s = kind.getValue().create()) {
        atOnce = s.runThroughAtOnce(100);
      }
      assertThat(minuteByMinute).as(kind.getKey()).hasSize(2);
      assertThat(atOnce).as(kind.getKey()).containsExactlyElementsOf(minuteByMinute);
    }
  }

  @Test
  void aRestartFromASnapshotNeitherRepeatsNorLosesAnAlert() throws Exception {
    List<AlertEvent> straight;
    try (AlertScenario s = errorSpike(T0, 50)) {
      straight = s.runThrough(30);
    }
    List<AlertEvent> restarted = new ArrayList<>();
    try (AlertScenario s = errorSpike(T0, 50)) {
      restarted.addAll(s.runThrough(12));
      s.restart();
      restarted.addAll(s.runThrough(30));
    }
    assertThat(restarted).containsExactlyElementsOf(straight);
  }

  @Test
  void stateIsClearedWhenTrafficStops() throws Exception {
    try (AlertScenario s = errorSpike(T0, 50)) {
      s.runThrough(30);
      assertThat(s.keysWithState()).isPositive();
      // no cells after minute 30: the window empties after 5 minutes, then the state goes
      s.runThrough(40);
      assertThat(s.keysWithState()).isZero();
    }
  }

  private static final String OUTAGE =
      """
      rules:
        - id: provider-down
          kind: provider_outage
          threshold: 0.5
          window: 3m
          min-requests: 30
          recovery: 2m
          silence: 0m
      """;

  private static AlertScenario outage(int errorsPerMinute) throws Exception {
    AlertScenario s = new AlertScenario(OUTAGE, T0);
    for (int m = 0; m <= 15; m++) {
      int errors = m >= 5 && m <= 7 ? errorsPerMinute : 0;
      s.provider(
          m,
          "openai",
          c -> {
            c.requests = 20;
            c.errors = errors;
          });
      // the service's own (ALL) cell is not at the provider dimension: not watched
      s.service(
          m,
          c -> {
            c.requests = 20;
            c.errors = 20;
          });
    }
    return s;
  }

  @Test
  void providerOutageFiresAndResolves() throws Exception {
    try (AlertScenario s = outage(20)) {
      List<AlertEvent> events = s.runThrough(15);
      // minute 6: 40 / 60 > 0.5; clean at 9 (20 / 60) and 10: resolved at 10
      assertThat(events)
          .extracting(e -> e.status + "@" + (e.eventTimeMs - T0) / 60_000 + " " + e.entity)
          .containsExactly(
              "FIRING@7 service=checkout,provider=openai",
              "RESOLVED@11 service=checkout,provider=openai");
      assertThat(events.get(0).kind).isEqualTo("provider_outage");
    }
  }

  @Test
  void providerOutageJustUnderFiresNothing() throws Exception {
    try (AlertScenario s = outage(10)) {
      // worst window: 30 / 60 = 0.5, not over
      assertThat(s.runThrough(15)).isEmpty();
    }
  }

  private static final String SLO =
      """
      rules:
        - id: checkout-availability
          kind: slo_burn_rate
          objective: 99
          windows:
            - {severity: page, long: 1h, short: 5m, factor: 14.4}
          recovery: 5m
          silence: 0m
      """;

  /** 100 requests a minute for 100 minutes, 50 errors a minute from minute 60 to {@code last}. */
  private static AlertScenario burn(String rules, int last) throws Exception {
    AlertScenario s = new AlertScenario(rules, T0);
    for (int m = 0; m <= 100; m++) {
      int errors = m >= 60 && m <= last ? 50 : 0;
      s.service(
          m,
          c -> {
            c.requests = 100;
            c.errors = errors;
          });
    }
    return s;
  }

  @Test
  void sloBurnRateFiresWhenBothWindowsBurnAndResolves() throws Exception {
    try (AlertScenario s = burn(SLO, 79)) {
      List<AlertEvent> events = s.runThrough(100);
      // 1h: 18 bad minutes (minute 77) = 900 / 6000 = 0.15 > 14.4 × 1 %; 5m: 0.5
      // short window clean from minute 83 (one bad minute: burn 10); 5 clean minutes → 87
      assertThat(events)
          .extracting(e -> e.status + "@" + (e.eventTimeMs - T0) / 60_000 + " " + e.severity)
          .containsExactly("FIRING@78 page", "RESOLVED@88 page");
      assertThat(events.get(0).value)
          .isEqualTo(0.15 / 0.01, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void sloBurnRateJustUnderFiresNothing() throws Exception {
    try (AlertScenario s = burn(SLO, 76)) {
      // 17 bad minutes: 850 / 6000 = 0.1417 < 0.144
      assertThat(s.runThrough(100)).isEmpty();
    }
  }

  @Test
  void sloDefaultWindowsRaiseATicketFirst() throws Exception {
    String defaults =
        """
        rules:
          - id: checkout-availability
            kind: slo_burn_rate
            objective: 99
        """;
    try (AlertScenario s = burn(defaults, 79)) {
      List<AlertEvent> events = s.runThrough(100);
      // the 3d / 6h pair at 1×: minute 61 has 2 bad minutes of 62: 100 / 6200 > 1 %
      assertThat(events)
          .extracting(e -> e.status + "@" + (e.eventTimeMs - T0) / 60_000 + " " + e.severity)
          .containsExactly("FIRING@62 ticket");
    }
  }

  private static final String ANOMALY =
      """
      rules:
        - id: checkout-traffic
          kind: anomaly
          metric: requests_per_minute
          window: 1m
          alpha: 0.1
          deviations: 3
          min-change: 0.5
          warmup: 10m
          recovery: 2m
          silence: 0m
      """;

  private static AlertScenario spike(long requestsAtMinute20) throws Exception {
    AlertScenario s = new AlertScenario(ANOMALY, T0);
    for (int m = 0; m <= 30; m++) {
      long requests = m == 20 ? requestsAtMinute20 : 100;
      s.service(m, c -> c.requests = requests);
    }
    return s;
  }

  @Test
  void anomalyFiresFarFromTheBaselineAndResolves() throws Exception {
    try (AlertScenario s = spike(300)) {
      List<AlertEvent> events = s.runThrough(30);
      // baseline 100 ± 0: 300 is 200 over (more than 50 % of 100); back to normal at 21, 22
      assertThat(events)
          .extracting(e -> e.status + "@" + (e.eventTimeMs - T0) / 60_000)
          .containsExactly("FIRING@21", "RESOLVED@23");
      assertThat(events.get(0).value).isEqualTo(300.0);
      assertThat(events.get(0).threshold).isEqualTo(100.0);
    }
  }

  @Test
  void anomalyJustUnderFiresNothing() throws Exception {
    try (AlertScenario s = spike(150)) {
      // 50 over a baseline of 100: not more than 50 %
      assertThat(s.runThrough(30)).isEmpty();
    }
  }
}
