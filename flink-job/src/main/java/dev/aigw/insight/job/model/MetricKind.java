package dev.aigw.insight.job.model;

/** The four GenAI histograms the gateway exports, with their OTLP metric names. */
public enum MetricKind {
  /** {@code gen_ai.server.request.duration}, seconds. */
  REQUEST_DURATION("gen_ai.server.request.duration"),
  /** {@code gen_ai.client.token.usage}, tokens, one point per token type. */
  TOKEN_USAGE("gen_ai.client.token.usage"),
  /** {@code gen_ai.server.time_to_first_token}, seconds, streaming requests only. */
  TIME_TO_FIRST_TOKEN("gen_ai.server.time_to_first_token"),
  /** {@code gen_ai.server.time_per_output_token}, seconds, streaming requests only. */
  TIME_PER_OUTPUT_TOKEN("gen_ai.server.time_per_output_token");

  private final String metricName;

  MetricKind(String metricName) {
    this.metricName = metricName;
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
