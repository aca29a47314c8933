package dev.aigw.insight.job.decode.metrics;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which OTLP resources are analysed: those whose attribute (default {@code job_name}) has
 * one of the accepted values, or every resource that sends GenAI histograms.
 */
public final class ResourceFilter implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String attribute;
  private final Set<String> values;
  private final boolean acceptAny;

  private ResourceFilter(String attribute, Set<String> values, boolean acceptAny) {
    this.attribute = attribute;
    this.values = values;
    this.acceptAny = acceptAny;
  }

  /** Accepts resources whose {@code attribute} equals one of {@code values}. */
  public static ResourceFilter attributeIn(String attribute, List<String> values) {
    return new ResourceFilter(attribute, Set.copyOf(values), false);
  }

  /** Accepts every resource (only its gen_ai.* histograms are analysed anyway). */
  public static ResourceFilter acceptAny() {
    return new ResourceFilter(null, Set.of(), true);
  }

  /** SkyWalking's filter: {@code job_name = envoy-ai-gateway}. */
  public static ResourceFilter envoyAiGateway() {
    return attributeIn("job_name", List.of("envoy-ai-gateway"));
  }

  /** Whether a resource with these (string-rendered) attributes is analysed. */
  public boolean accepts(Map<String, String> resourceAttributes) {
    if (acceptAny) {
      return true;
    }
    String value = resourceAttributes.get(attribute);
    return value != null && values.contains(value);
  }

  @Override
  public String toString() {
    return acceptAny ? "any resource" : attribute + " in " + values;
  }
}
