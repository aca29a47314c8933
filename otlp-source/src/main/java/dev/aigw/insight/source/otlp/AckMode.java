package dev.aigw.insight.source.otlp;

import java.util.Arrays;
import java.util.Optional;

/** When the receiver answers an export request, which decides the delivery guarantee. */
public enum AckMode {
  /** Answer once the decoded records are queued: lowest latency, a crash loses queued data. */
  ON_RECEIVE("on-receive"),
  /** Answer when the checkpoint after the records' emission completes: at-least-once. */
  ON_CHECKPOINT("on-checkpoint");

  private final String value;

  AckMode(String value) {
    this.value = value;
  }

  /** The option value, e.g. {@code on-receive}. */
  public String value() {
    return value;
  }

  /** Parses an option value; empty when it names no mode. */
  public static Optional<AckMode> fromValue(String value) {
    return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
  }
}
