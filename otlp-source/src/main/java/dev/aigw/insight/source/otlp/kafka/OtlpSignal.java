package dev.aigw.insight.source.otlp.kafka;

/** The three OTLP signals; on Kafka each signal has its own topic. */
public enum OtlpSignal {
  METRICS,
  LOGS,
  TRACES
}
