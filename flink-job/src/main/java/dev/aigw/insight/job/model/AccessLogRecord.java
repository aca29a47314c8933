package dev.aigw.insight.job.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One gateway access log (an OTLP log record from Envoy), decoded: identity, body, every attribute
 * under its original dotted name, and the numbers the sampling and searches need.
 *
 * <p>A Flink POJO (public fields, no-arg constructor); {@code attributes} uses Flink's built-in map
 * serializer. Numbers are null when the attribute was missing ({@code -}) or not a number.
 */
public class AccessLogRecord {

  /** Request start, epoch milliseconds ({@code time_unix_nano}). */
  public long timestampMs;

  /** {@code service.name} of the resource (the gateway deployment). */
  public String service;

  /** {@code service.instance.id} (else {@code host.name}, else {@code k8s.pod.name}); or null. */
  public String instance;

  /** The access log line. */
  public String body;

  /** Every log attribute, original dotted name to string value; {@code -} means missing. */
  public Map<String, String> attributes = new HashMap<>();

  /** {@code gen_ai.usage.input_tokens}, or null. */
  public Long inputTokens;

  /** {@code gen_ai.usage.output_tokens}, or null. */
  public Long outputTokens;

  /** {@code gen_ai.usage.reasoning_tokens} (part of the output), or null. */
  public Long reasoningTokens;

  /** {@code duration} in milliseconds, or null. */
  public Long durationMs;

  /** {@code response_code}, or null. */
  public Long statusCode;

  /** {@code gen_ai.provider.name} (the full backend name in access logs), or null. */
  public String provider;

  /** {@code gen_ai.response.model}, else {@code gen_ai.request.model}, or null. */
  public String model;

  /** {@code x-request-id}, or null. */
  public String requestId;

  /** Estimated cost in the price table's currency; null when unpriced or without tokens. */
  public Double estimatedCost;

  /** Why the sampler kept the record (a {@code SampleDecision} value name), set by sampling. */
  public String keepReason;

  public AccessLogRecord() {}

  /** The attribute's value, or null when absent, empty or {@code -}. */
  public String attribute(String name) {
    String value = attributes == null ? null : attributes.get(name);
    return value == null || value.isEmpty() || value.equals("-") ? null : value;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AccessLogRecord)) {
      return false;
    }
    AccessLogRecord that = (AccessLogRecord) o;
    return timestampMs == that.timestampMs
        && Objects.equals(service, that.service)
        && Objects.equals(instance, that.instance)
        && Objects.equals(body, that.body)
        && Objects.equals(attributes, that.attributes)
        && Objects.equals(inputTokens, that.inputTokens)
        && Objects.equals(outputTokens, that.outputTokens)
        && Objects.equals(reasoningTokens, that.reasoningTokens)
        && Objects.equals(durationMs, that.durationMs)
        && Objects.equals(statusCode, that.statusCode)
        && Objects.equals(provider, that.provider)
        && Objects.equals(model, that.model)
        && Objects.equals(requestId, that.requestId)
        && Objects.equals(estimatedCost, that.estimatedCost)
        && Objects.equals(keepReason, that.keepReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timestampMs, service, instance, requestId, body);
  }

  @Override
  public String toString() {
    return "AccessLogRecord{timestampMs="
        + timestampMs
        + ", service="
        + service
        + ", instance="
        + instance
        + ", requestId="
        + requestId
        + ", statusCode="
        + statusCode
        + ", model="
        + model
        + ", inputTokens="
        + inputTokens
        + ", outputTokens="
        + outputTokens
        + ", keepReason="
        + keepReason
        + "}";
  }
}
