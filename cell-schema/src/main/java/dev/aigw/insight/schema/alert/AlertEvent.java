package dev.aigw.insight.schema.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One transition of one alert: a rule's condition started to hold for an entity ({@link
 * AlertStatus#FIRING}) or stopped holding for long enough ({@link AlertStatus#RESOLVED}). A Flink
 * POJO without importing Flink. {@link #alertId} (rule + entity + start) is the same for both
 * transitions of an alert; {@link #idempotencyKey} differs per transition and is what a receiver
 * deduplicates on: a replay or a restart produces the same key for the same transition.
 */
public class AlertEvent {

  /** Stable id of the alert: {@code rule|entity|startMs}. */
  public String alertId;

  /** Unique per transition: SHA-256 hex of {@code alertId|status}. */
  public String idempotencyKey;

  /** FIRING or RESOLVED. */
  public AlertStatus status;

  /** The rule's id from the rule file. */
  public String ruleId;

  /** threshold, slo_burn_rate, budget, anomaly or provider_outage. */
  public String kind;

  /** The rule's severity (e.g. page, ticket, warning), or the burn-rate pair's. */
  public String severity;

  /** The entity as {@code tag=value} pairs joined by {@code ,} in schema order. */
  public String entity;

  /** Cell scope of the entity (SERVICE, INSTANCE). */
  public String scope;

  /** Cell dimension of the entity (ALL, PROVIDER, MODEL, or a later one). */
  public String dimension;

  /** The entity's service. */
  public String service;

  /** When the alert started: end of the minute whose evaluation first held, epoch ms. */
  public long startMs;

  /** When this transition happened (= startMs for FIRING), epoch ms of event time. */
  public long eventTimeMs;

  /** Start of the minute whose evaluation made this transition, epoch ms. */
  public long minuteMs;

  /** The evaluated value at the transition (error rate, burn rate, spend, ...). */
  public double value;

  /** The value it was compared with. */
  public double threshold;

  /** A human-readable line: what, where, how much. */
  public String message;

  /**
   * Why, when known: for a provider outage, the top status codes and error types of the kept access
   * logs of its window and an example request; null otherwise.
   */
  public String reason;

  /** Flink POJO constructor. */
  public AlertEvent() {}

  /** The stable alert id for a rule, entity and start. */
  public static String alertId(String ruleId, String entity, long startMs) {
    return ruleId + "|" + entity + "|" + startMs;
  }

  /** The idempotency key of one transition of an alert. */
  public static String idempotencyKey(String alertId, AlertStatus status) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((alertId + "|" + status).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AlertEvent)) {
      return false;
    }
    AlertEvent e = (AlertEvent) o;
    return Objects.equals(idempotencyKey, e.idempotencyKey)
        && Objects.equals(alertId, e.alertId)
        && status == e.status
        && eventTimeMs == e.eventTimeMs
        && minuteMs == e.minuteMs
        && Double.compare(value, e.value) == 0
        && Double.compare(threshold, e.threshold) == 0
        && Objects.equals(severity, e.severity)
        && Objects.equals(message, e.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(idempotencyKey);
  }

  @Override
  public String toString() {
    return "AlertEvent{"
        + status
        + " "
        + alertId
        + " severity="
        + severity
        + " eventTimeMs="
        + eventTimeMs
        + " value="
        + value
        + " threshold="
        + threshold
        + " message="
        + message
        + "}";
  }
}
