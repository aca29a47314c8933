package dev.aigw.insight.schema.alert;

/** The two transitions an alert reports: it starts firing, or it has resolved. */
public enum AlertStatus {
  FIRING,
  RESOLVED
}
