package dev.aigw.insight.schema.gateway;

import java.util.Arrays;
import java.util.List;

/**
 * What Envoy AI Gateway sends (docs/analysis.md, the telemetry contract): its four GenAI histograms
 * with their names, units and bucket bounds, and the attribute keys and values of its metrics,
 * access logs and GenAI spans. The decoder reads by these names, and the demo traffic, the test
 * simulators and the load generator send by them, so that all of them follow one contract.
 */
public final class GatewayContract {

  /** The instrumentation scope of the gateway's metrics. */
  public static final String SCOPE_NAME = "envoyproxy/ai-gateway";

  // ---- attribute keys (metric data points, access-log records, GenAI spans) --------------------

  /** The backend API type on metrics ({@code openai}, {@code aws.bedrock}, ...). */
  public static final String PROVIDER_NAME = "gen_ai.provider.name";

  /** Deprecated predecessor of {@link #PROVIDER_NAME}, still sent by other instrumentations. */
  public static final String SYSTEM = "gen_ai.system";

  public static final String OPERATION_NAME = "gen_ai.operation.name";
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  public static final String RESPONSE_MODEL = "gen_ai.response.model";

  /** The model the client asked for before any override; {@code unknown} when not known. */
  public static final String ORIGINAL_MODEL = "gen_ai.original.model";

  /** On token usage only: one of the {@code TOKEN_TYPE_*} values. */
  public static final String TOKEN_TYPE = "gen_ai.token.type";

  /** On a failed request's duration ({@code _OTHER}). */
  public static final String ERROR_TYPE = "error.type";

  /** Access logs: input tokens of the request, as a string. */
  public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";

  /** Access logs: output tokens of the request, as a string. */
  public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";

  /** Access logs: reasoning tokens of the request, as a string. */
  public static final String USAGE_REASONING_TOKENS = "gen_ai.usage.reasoning_tokens";

  /** Access-log resources: the layer attribute that marks the gateway's access logs. */
  public static final String LOG_SERVICE_LAYER = "service.layer";

  /** Access-log resources: the {@link #LOG_SERVICE_LAYER} value of Envoy AI Gateway. */
  public static final String LOG_LAYER_GATEWAY = "ENVOY_AI_GATEWAY";

  /** Access logs: the HTTP status Envoy answered with, as a string ({@code "200"}). */
  public static final String LOG_RESPONSE_CODE = "response_code";

  /** Access logs: the request's duration in milliseconds, as a string. */
  public static final String LOG_DURATION = "duration";

  /** Access logs: the request id Envoy assigned. */
  public static final String LOG_REQUEST_ID = "x-request-id";

  /** Access logs: why the upstream connection failed; absent (or {@link #LOG_MISSING}) if not. */
  public static final String LOG_UPSTREAM_TRANSPORT_FAILURE_REASON =
      "upstream_transport_failure_reason";

  /** Access logs: the value Envoy writes for an attribute it has no value for. */
  public static final String LOG_MISSING = "-";

  // ---- values of gen_ai.token.type ------------------------------------------------------------
  // cached_input and cache_creation_input are parts of input, reasoning is part of output: never
  // add all types together.

  public static final String TOKEN_TYPE_INPUT = "input";
  public static final String TOKEN_TYPE_OUTPUT = "output";
  public static final String TOKEN_TYPE_CACHED_INPUT = "cached_input";
  public static final String TOKEN_TYPE_CACHE_CREATION_INPUT = "cache_creation_input";
  public static final String TOKEN_TYPE_REASONING = "reasoning";

  /** The five token types, in the order above. */
  public static final List<String> TOKEN_TYPES =
      List.of(
          TOKEN_TYPE_INPUT,
          TOKEN_TYPE_OUTPUT,
          TOKEN_TYPE_CACHED_INPUT,
          TOKEN_TYPE_CACHE_CREATION_INPUT,
          TOKEN_TYPE_REASONING);

  private GatewayContract() {}

  /** The gateway's four explicit-bucket histograms (all with sum, count, min and max). */
  public enum Metric {
    /** Request duration, seconds; failed requests carry {@link #ERROR_TYPE}. */
    REQUEST_DURATION(
        "gen_ai.server.request.duration",
        "s",
        0.01,
        0.02,
        0.04,
        0.08,
        0.16,
        0.32,
        0.64,
        1.28,
        2.56,
        5.12,
        10.24,
        20.48,
        40.96,
        81.92),

    /** Tokens, one point per request and {@link #TOKEN_TYPE}. */
    TOKEN_USAGE(
        "gen_ai.client.token.usage",
        "token",
        1,
        4,
        16,
        64,
        256,
        1024,
        4096,
        16384,
        65536,
        262144,
        1048576,
        4194304,
        16777216,
        67108864),

    /** Time to first token, seconds, streaming requests only. */
    TIME_TO_FIRST_TOKEN(
        "gen_ai.server.time_to_first_token",
        "s",
        0.001,
        0.005,
        0.01,
        0.02,
        0.04,
        0.06,
        0.08,
        0.1,
        0.25,
        0.5,
        0.75,
        1.0,
        2.5,
        5.0,
        7.5,
        10.0,
        15.0,
        20.0,
        30.0,
        45.0,
        60.0),

    /** Time per output token, seconds, streaming requests only. */
    TIME_PER_OUTPUT_TOKEN(
        "gen_ai.server.time_per_output_token",
        "s",
        0.01,
        0.025,
        0.05,
        0.075,
        0.1,
        0.15,
        0.2,
        0.3,
        0.4,
        0.5,
        0.75,
        1.0,
        2.5);

    private final String metricName;
    private final String unit;
    private final double[] bucketBounds;

    Metric(String metricName, String unit, double... bucketBounds) {
      this.metricName = metricName;
      this.unit = unit;
      this.bucketBounds = bucketBounds;
    }

    /** The OTLP metric name. */
    public String metricName() {
      return metricName;
    }

    /** The OTLP unit ({@code s} or {@code token}). */
    public String unit() {
      return unit;
    }

    /** The explicit bucket bounds, ascending (a copy). */
    public double[] bucketBounds() {
      return bucketBounds.clone();
    }

    /** The explicit bucket bounds as a list, for APIs that take one. */
    public List<Double> bucketBoundList() {
      return Arrays.stream(bucketBounds).boxed().toList();
    }

    /** The metric of an OTLP metric name, or {@code null} when it is none of the four. */
    public static Metric byName(String metricName) {
      for (Metric metric : values()) {
        if (metric.metricName.equals(metricName)) {
          return metric;
        }
      }
      return null;
    }
  }
}
