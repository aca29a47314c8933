package dev.aigw.insight.job.model;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * The kinds of decoded telemetry that travel from the source to their own paths, each with its
 * payload type and the side output that carries it out of the split right after the source.
 *
 * <p>A new signal (trace spans, for example) is a new constant here, a decoder that emits {@link
 * Telemetry#of(TelemetrySignal, Object)} with it, and a path that starts from {@link
 * #outputTag(Class)}; the split itself and the other signals' paths do not change.
 */
public enum TelemetrySignal {

  /** The GenAI metric points of one resource (the temporality stage's input). */
  METRIC_POINTS(ResourcePoints.class, "genai-metric-points"),

  /** One decoded access-log record (the sampling stage's input). */
  ACCESS_LOGS(AccessLogRecord.class, "access-logs"),

  /** One LLM call read from a trace span (the application cells' input). */
  LLM_CALLS(LlmCall.class, "llm-calls"),

  /**
   * Per-request counts of decoded access logs and their 429 / 5xx answers, before the sampling (the
   * {@code status_*_share} alert metrics' input; emitted only when a rule needs them).
   */
  ACCESS_LOG_STATUS(AccessLogStatusCount.class, "access-log-status");

  private final Class<?> payloadType;
  private final OutputTag<?> outputTag;

  <T> TelemetrySignal(Class<T> payloadType, String outputId) {
    this.payloadType = payloadType;
    this.outputTag = new OutputTag<>(outputId, TypeInformation.of(payloadType));
  }

  /** The class of this signal's payload. */
  public Class<?> payloadType() {
    return payloadType;
  }

  /** The side output of this signal's payloads, untyped (the split routes every signal alike). */
  public OutputTag<?> outputTag() {
    return outputTag;
  }

  /**
   * The side output of this signal's payloads, typed for the path that reads it.
   *
   * @throws IllegalArgumentException when {@code type} is not this signal's payload type
   */
  @SuppressWarnings("unchecked")
  public <T> OutputTag<T> outputTag(Class<T> type) {
    if (type != payloadType) {
      throw new IllegalArgumentException(
          "Signal " + this + " carries " + payloadType.getName() + ", not " + type.getName());
    }
    return (OutputTag<T>) outputTag;
  }
}
