package dev.aigw.insight.job.alert.reason;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The reason of a firing provider outage, from the kept access logs of its provider and window. */
class OutageReasonsTest {

  private static final long T = 1_772_445_360_000L;
  private static final long MINUTE = 60_000L;

  private static AccessLogRecord log(
      long timeMs, String backend, long status, String errorType, String requestId) {
    AccessLogRecord r = new AccessLogRecord();
    r.timestampMs = timeMs;
    r.service = "checkout";
    r.provider = backend;
    r.statusCode = status;
    r.requestId = requestId;
    r.attributes =
        errorType == null ? Map.of() : Map.of("upstream_transport_failure_reason", errorType);
    return r;
  }

  private static AlertEvent event(String rule, String kind, String entity, AlertStatus status) {
    AlertEvent e = new AlertEvent();
    e.ruleId = rule;
    e.kind = kind;
    e.entity = entity;
    e.service = "checkout";
    e.status = status;
    e.minuteMs = T;
    e.alertId = AlertEvent.alertId(rule, entity, T + MINUTE);
    e.idempotencyKey = AlertEvent.idempotencyKey(e.alertId, status);
    return e;
  }

  @Test
  void summarisesTheFailedRequestsOfTheProviderAndWindow() throws Exception {
    var rules =
        AlertRuleParser.parse(
            """
            rules:
              - {id: outage, kind: provider_outage, window: 5m}
              - {id: errors, kind: threshold, metric: error_rate, threshold: 0.1}
            """);
    var harness =
        new KeyedTwoInputStreamOperatorTestHarness<String, AlertEvent, AccessLogRecord, AlertEvent>(
            new KeyedCoProcessOperator<>(new OutageReasons(rules)),
            e -> e.service,
            r -> r.service,
            Types.STRING,
            1,
            1,
            0);
    harness.setup();
    harness.open();
    String openai = "default/openai/route/aigw-run/rule/0/ref/0";
    harness.processElement2(log(T - 2 * MINUTE, openai, 503, "upstream_timeout", "req-1"), 0);
    harness.processElement2(log(T - MINUTE, openai, 503, "upstream_timeout", "req-2"), 0);
    harness.processElement2(log(T, openai, 503, null, "req-3"), 0);
    harness.processElement2(log(T, openai, 429, null, "req-4"), 0);
    harness.processElement2(log(T, openai, 200, null, "req-ok"), 0);
    // another provider, and a failure before the window: not in the reason
    harness.processElement2(log(T, "default/anthropic/route/x", 500, null, "req-a"), 0);
    harness.processElement2(log(T - 10 * MINUTE, openai, 502, null, "req-old"), 0);

    harness.processElement1(
        event("outage", "provider_outage", "service=checkout,provider=openai", AlertStatus.FIRING),
        0);
    harness.processElement1(
        event("errors", "threshold", "service=checkout", AlertStatus.FIRING), 0);

    List<AlertEvent> out = harness.extractOutputValues();
    assertThat(out.get(0).reason)
        .isEqualTo(
            "4 failed requests in the kept access logs; status codes: 503×3, 429×1; error types:"
                + " upstream_timeout×2; example request: req-1 (503, upstream_timeout)");
    assertThat(out.get(1).reason).isNull();
    harness.close();
  }

  @Test
  void backendsAreMatchedByPathSegment() {
    assertThat(OutageReasons.servedBy("default/openai/route/x", "openai")).isTrue();
    assertThat(OutageReasons.servedBy("openai", "openai")).isTrue();
    assertThat(OutageReasons.servedBy("default/azure.openai/route/x", "openai")).isFalse();
  }
}
