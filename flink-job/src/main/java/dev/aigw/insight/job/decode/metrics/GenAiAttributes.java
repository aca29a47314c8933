package dev.aigw.insight.job.decode.metrics;

/**
 * OTLP data-point attribute keys the GenAI metrics decoder reads (the resource's service and
 * instance keys are in {@link dev.aigw.insight.source.otlp.protocol.ResourceIdentity}).
 */
public final class GenAiAttributes {
  public static final String PROVIDER_NAME = "gen_ai.provider.name";

  /** Deprecated predecessor of {@link #PROVIDER_NAME}, still sent by other instrumentations. */
  public static final String SYSTEM = "gen_ai.system";

  public static final String RESPONSE_MODEL = "gen_ai.response.model";
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  public static final String TOKEN_TYPE = "gen_ai.token.type";
  public static final String ERROR_TYPE = "error.type";

  /** Provider and model value when none is known. */
  public static final String UNKNOWN = "unknown";

  private GenAiAttributes() {}
}
