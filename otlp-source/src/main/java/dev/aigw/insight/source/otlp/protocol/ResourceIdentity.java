package dev.aigw.insight.source.otlp.protocol;

import java.util.Map;

/**
 * Who sent telemetry, from its resource attributes by OpenTelemetry's resource conventions: the
 * service is {@code service.name}; the instance is {@code service.instance.id}, else {@code
 * host.name}, else {@code k8s.pod.name}. A value that is empty (or the producer's placeholder for
 * "no value") counts as absent.
 *
 * <p>What a signal does with a resource without a service is its own choice: the metrics take
 * OpenTelemetry's {@value #UNKNOWN_SERVICE} ({@link #serviceOrUnknown()}), the access logs reject
 * the records ({@link #service()} is null).
 */
public final class ResourceIdentity {

  public static final String SERVICE_NAME = "service.name";
  public static final String SERVICE_INSTANCE_ID = "service.instance.id";
  public static final String HOST_NAME = "host.name";
  public static final String K8S_POD_NAME = "k8s.pod.name";

  /** The service name of a resource that carries none (OpenTelemetry's convention). */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  private final String service;
  private final String instance;

  private ResourceIdentity(String service, String instance) {
    this.service = service;
    this.instance = instance;
  }

  /** The identity in rendered resource attributes ({@link AnyValues#render}). */
  public static ResourceIdentity of(Map<String, String> attributes) {
    return of(attributes, null);
  }

  /**
   * The identity in rendered resource attributes, where {@code placeholder} (if not null) also
   * means "no value": Envoy's access logs write {@code -} for a value they do not have.
   */
  public static ResourceIdentity of(Map<String, String> attributes, String placeholder) {
    String service = present(attributes.get(SERVICE_NAME), placeholder);
    String instance = present(attributes.get(SERVICE_INSTANCE_ID), placeholder);
    if (instance == null) {
      instance = present(attributes.get(HOST_NAME), placeholder);
    }
    if (instance == null) {
      instance = present(attributes.get(K8S_POD_NAME), placeholder);
    }
    return new ResourceIdentity(service, instance);
  }

  /** {@code service.name}; null when absent. */
  public String service() {
    return service;
  }

  /** {@code service.name}, else {@value #UNKNOWN_SERVICE}. */
  public String serviceOrUnknown() {
    return service == null ? UNKNOWN_SERVICE : service;
  }

  /** The first present of the instance attributes; null when none is. */
  public String instance() {
    return instance;
  }

  private static String present(String value, String placeholder) {
    return value == null || value.isEmpty() || value.equals(placeholder) ? null : value;
  }
}
