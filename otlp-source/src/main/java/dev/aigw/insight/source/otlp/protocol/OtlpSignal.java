package dev.aigw.insight.source.otlp.protocol;

import java.util.Locale;

/**
 * The three OTLP signals. The gRPC receiver serves one service per signal; on Kafka each signal has
 * its own topic.
 */
public enum OtlpSignal {
  METRICS,
  LOGS,
  TRACES;

  /** The signal's name in messages and logs: {@code metrics}, {@code logs} or {@code traces}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
