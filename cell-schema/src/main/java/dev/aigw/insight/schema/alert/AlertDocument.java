package dev.aigw.insight.schema.alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An alert event as a stored document and as the webhook's JSON body (JSON-free: a map the writer
 * serializes): {@code _id} is the idempotency key (one document per transition, rewritten in place
 * by a replay), the source holds every field of {@link AlertEvent} under a snake_case name and
 * {@code timestamp} (the transition's event time, the field dashboards filter on).
 */
public final class AlertDocument {

  public static final String TIMESTAMP = "timestamp";

  private AlertDocument() {}

  /** The document id: the transition's idempotency key. */
  public static String id(AlertEvent event) {
    return event.idempotencyKey;
  }

  /** The source / JSON body, in a fixed field order. */
  public static Map<String, Object> source(AlertEvent e) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("alert_id", e.alertId);
    s.put("idempotency_key", e.idempotencyKey);
    s.put("status", e.status.name().toLowerCase(Locale.ROOT));
    s.put("rule_id", e.ruleId);
    s.put("kind", e.kind);
    s.put("severity", e.severity);
    s.put("entity", e.entity);
    s.put("scope", e.scope);
    s.put("dimension", e.dimension);
    s.put("service", e.service);
    s.put("start_ms", e.startMs);
    s.put("event_time_ms", e.eventTimeMs);
    s.put("minute_ms", e.minuteMs);
    s.put("value", e.value);
    s.put("threshold", e.threshold);
    s.put("message", e.message);
    s.put("reason", e.reason);
    s.put(TIMESTAMP, e.eventTimeMs);
    return s;
  }

  /** Source fields indexed as keywords. */
  public static List<String> keywordFields() {
    return List.of(
        "alert_id",
        "idempotency_key",
        "status",
        "rule_id",
        "kind",
        "severity",
        "entity",
        "scope",
        "dimension",
        "service");
  }

  /** Source fields indexed as dates (epoch ms). */
  public static List<String> dateFields() {
    return List.of(TIMESTAMP, "start_ms", "event_time_ms", "minute_ms");
  }
}
