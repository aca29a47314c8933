package dev.aigw.insight.job.decode.metrics;

/** OTLP resource and data-point attribute keys the GenAI metrics decoder reads. */
public final class GenAiAttributes {
  public static final String SERVICE_NAME = "service.name";
  public static final String SERVICE_INSTANCE_ID = "service.instance.id";
  public static final String HOST_NAME = "host.name";
  public static final String K8S_POD_NAME = "k8s.pod.name";

  public static final String PROVIDER_NAME = "gen_ai.provider.name";

  /** Deprecated predecessor of {@link #PROVIDER_NAME}, still sent by other instrumentations. */
  public static final String SYSTEM = "gen_ai.system";

  public static final String RESPONSE_MODEL = "gen_ai.response.model";
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  public static final String TOKEN_TYPE = "gen_ai.token.type";
  public static final String ERROR_TYPE = "error.type";

  /** Provider and model value when none is known. */
  public static final String UNKNOWN = "unknown";

  /** Service name when a resource carries none (OpenTelemetry's convention). */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  private GenAiAttributes() {}
}
