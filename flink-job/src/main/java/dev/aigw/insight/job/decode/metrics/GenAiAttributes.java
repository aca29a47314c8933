package dev.aigw.insight.job.decode.metrics;

import dev.aigw.insight.schema.gateway.GatewayContract;

/**
 * OTLP data-point attribute keys the GenAI metrics decoder reads, from the gateway's contract
 * ({@link GatewayContract}); the resource's service and instance keys are in {@link
 * dev.aigw.insight.source.otlp.protocol.ResourceIdentity}.
 */
public final class GenAiAttributes {
  public static final String PROVIDER_NAME = GatewayContract.PROVIDER_NAME;

  /** Deprecated predecessor of {@link #PROVIDER_NAME}, still sent by other instrumentations. */
  public static final String SYSTEM = GatewayContract.SYSTEM;

  public static final String RESPONSE_MODEL = GatewayContract.RESPONSE_MODEL;
  public static final String REQUEST_MODEL = GatewayContract.REQUEST_MODEL;
  public static final String TOKEN_TYPE = GatewayContract.TOKEN_TYPE;
  public static final String ERROR_TYPE = GatewayContract.ERROR_TYPE;

  /** Provider and model value when none is known. */
  public static final String UNKNOWN = "unknown";

  private GenAiAttributes() {}
}
