package dev.aigw.insight.job.decode.logs;

import dev.aigw.insight.schema.gateway.GatewayContract;

/**
 * Attribute names of Envoy AI Gateway access logs and their resources (the telemetry contract); the
 * service and instance keys are in {@link dev.aigw.insight.source.otlp.protocol.ResourceIdentity}.
 */
public final class AccessLogAttributes {

  public static final String SERVICE_LAYER = GatewayContract.LOG_SERVICE_LAYER;

  public static final String REQUEST_MODEL = GatewayContract.REQUEST_MODEL;
  public static final String RESPONSE_MODEL = GatewayContract.RESPONSE_MODEL;
  public static final String PROVIDER_NAME = GatewayContract.PROVIDER_NAME;
  public static final String INPUT_TOKENS = GatewayContract.USAGE_INPUT_TOKENS;
  public static final String OUTPUT_TOKENS = GatewayContract.USAGE_OUTPUT_TOKENS;
  public static final String REASONING_TOKENS = GatewayContract.USAGE_REASONING_TOKENS;
  public static final String RESPONSE_CODE = GatewayContract.LOG_RESPONSE_CODE;
  public static final String DURATION = GatewayContract.LOG_DURATION;
  public static final String REQUEST_ID = GatewayContract.LOG_REQUEST_ID;
  public static final String UPSTREAM_TRANSPORT_FAILURE_REASON =
      GatewayContract.LOG_UPSTREAM_TRANSPORT_FAILURE_REASON;

  /** The value Envoy writes for an attribute it has no value for. */
  public static final String MISSING = GatewayContract.LOG_MISSING;

  private AccessLogAttributes() {}
}
