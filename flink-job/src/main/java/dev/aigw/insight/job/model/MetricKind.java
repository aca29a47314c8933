package dev.aigw.insight.job.model;

import dev.aigw.insight.schema.gateway.GatewayContract.Metric;

/**
 * The four GenAI histograms the gateway exports, with their OTLP metric names ({@link Metric}). The
 * constants' order is part of the serialized points' format (ResourcePointsSerializer).
 */
public enum MetricKind {
  /** Request duration, seconds. */
  REQUEST_DURATION(Metric.REQUEST_DURATION),
  /** Token usage, one point per token type. */
  TOKEN_USAGE(Metric.TOKEN_USAGE),
  /** Time to first token, seconds, streaming requests only. */
  TIME_TO_FIRST_TOKEN(Metric.TIME_TO_FIRST_TOKEN),
  /** Time per output token, seconds, streaming requests only. */
  TIME_PER_OUTPUT_TOKEN(Metric.TIME_PER_OUTPUT_TOKEN);

  private final String metricName;

  MetricKind(Metric metric) {
    this.metricName = metric.metricName();
  }

  /** The OTLP metric name. */
  public String metricName() {
    return metricName;
  }

  /** The kind for an OTLP metric name, or {@code null} when it is not one of the four. */
  public static MetricKind fromMetricName(String name) {
    for (MetricKind kind : values()) {
      if (kind.metricName.equals(name)) {
        return kind;
      }
    }
    return null;
  }
}
