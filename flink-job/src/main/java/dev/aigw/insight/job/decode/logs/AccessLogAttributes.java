package dev.aigw.insight.job.decode.logs;

/**
 * Attribute names of Envoy AI Gateway access logs and their resources (the telemetry contract); the
 * service and instance keys are in {@link dev.aigw.insight.source.otlp.protocol.ResourceIdentity}.
 */
public final class AccessLogAttributes {

  public static final String SERVICE_LAYER = "service.layer";

  public static final String REQUEST_MODEL = "gen_ai.request.model";
  public static final String RESPONSE_MODEL = "gen_ai.response.model";
  public static final String PROVIDER_NAME = "gen_ai.provider.name";
  public static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
  public static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  public static final String REASONING_TOKENS = "gen_ai.usage.reasoning_tokens";
  public static final String RESPONSE_CODE = "response_code";
  public static final String DURATION = "duration";
  public static final String REQUEST_ID = "x-request-id";
  public static final String UPSTREAM_TRANSPORT_FAILURE_REASON =
      "upstream_transport_failure_reason";

  /** The value Envoy writes for an attribute it has no value for. */
  public static final String MISSING = "-";

  private AccessLogAttributes() {}
}
