package dev.aigw.insight.dashboard.read.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import java.util.Locale;

/**
 * Reads an alert event back from the JSON object the job stores (the OpenSearch document's source
 * and the BanyanDB element's {@code body} tag are the same object, written from {@link
 * dev.aigw.insight.schema.alert.AlertDocument#source}).
 */
final class AlertJson {

  private AlertJson() {}

  /** The event of one stored object; a missing field reads as null or 0. */
  static AlertEvent event(JsonNode s) {
    AlertEvent e = new AlertEvent();
    e.alertId = text(s, "alert_id");
    e.idempotencyKey = text(s, "idempotency_key");
    String status = text(s, "status");
    e.status = status == null ? null : AlertStatus.valueOf(status.toUpperCase(Locale.ROOT));
    e.ruleId = text(s, "rule_id");
    e.kind = text(s, "kind");
    e.severity = text(s, "severity");
    e.entity = text(s, "entity");
    e.scope = text(s, "scope");
    e.dimension = text(s, "dimension");
    e.service = text(s, "service");
    e.startMs = s.path("start_ms").asLong();
    e.eventTimeMs = s.path("event_time_ms").asLong();
    e.minuteMs = s.path("minute_ms").asLong();
    e.value = s.path("value").asDouble();
    e.threshold = s.path("threshold").asDouble();
    e.message = text(s, "message");
    e.reason = text(s, "reason");
    return e;
  }

  private static String text(JsonNode s, String field) {
    JsonNode v = s.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
