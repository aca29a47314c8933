package dev.aigw.insight.bench.load;

import dev.aigw.insight.schema.gateway.GatewayContract;
import java.util.List;

/**
 * The shape of the simulated Envoy AI Gateway fleet: how many gateways, pods, providers and models,
 * and therefore how many series and points one export round carries.
 *
 * <p>Every pod exports one DELTA request per round holding, for each (provider, model): one request
 * duration point, one time-to-first-token point, one time-per-output-token point and one token
 * usage point per token type; every {@link #ERROR_EVERY}-th (provider, model) also has a failed
 * duration point carrying {@code error.type}.
 */
public final class GatewayShape {

  /** One (provider, model) pair in {@link #ERROR_EVERY} also reports failed requests. */
  public static final int ERROR_EVERY = 6;

  /** The token types the gateway records; {@code cached_input} etc. are parts of input/output. */
  public static final List<String> TOKEN_TYPES = GatewayContract.TOKEN_TYPES;

  /** Provider API types as the gateway reports them in {@code gen_ai.provider.name}. */
  static final List<String> PROVIDERS =
      List.of("openai", "aws.bedrock", "anthropic", "azure.openai", "gcp.vertex_ai");

  /** Issue 8's shape: 10 gateways x 10 pods, 3 providers x 4 models. */
  public static final GatewayShape ISSUE_8 = new GatewayShape(10, 10, 3, 4);

  private final int gateways;
  private final int podsPerGateway;
  private final int providers;
  private final int modelsPerProvider;

  public GatewayShape(int gateways, int podsPerGateway, int providers, int modelsPerProvider) {
    check("gateways", gateways, 1, 10_000);
    check("pods-per-gateway", podsPerGateway, 1, 100_000);
    check("providers", providers, 1, PROVIDERS.size());
    check("models-per-provider", modelsPerProvider, 1, 10_000);
    this.gateways = gateways;
    this.podsPerGateway = podsPerGateway;
    this.providers = providers;
    this.modelsPerProvider = modelsPerProvider;
  }

  private static void check(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Option '" + option + "' must be in [" + min + ", " + max + "] but was " + value);
    }
  }

  public int gateways() {
    return gateways;
  }

  public int podsPerGateway() {
    return podsPerGateway;
  }

  public int providers() {
    return providers;
  }

  public int modelsPerProvider() {
    return modelsPerProvider;
  }

  /** Number of pods, i.e. of distinct resources and of export requests per round. */
  public int pods() {
    return gateways * podsPerGateway;
  }

  /** Number of (provider, model) pairs every pod reports. */
  public int pairsPerPod() {
    return providers * modelsPerProvider;
  }

  /** Pairs of one pod that also report a failed-request duration point. */
  public int errorPairsPerPod() {
    return (pairsPerPod() + ERROR_EVERY - 1) / ERROR_EVERY;
  }

  /** Histogram points in one pod's export request. */
  public int pointsPerRequest() {
    return pairsPerPod() * (3 + TOKEN_TYPES.size()) + errorPairsPerPod();
  }

  /** Distinct series (resource + metric + attributes) the fleet keeps alive. */
  public long activeSeries() {
    return (long) pods() * pointsPerRequest();
  }

  /** Service name of gateway {@code g}. */
  public static String serviceName(int g) {
    return "ai-gateway-" + g;
  }

  /** Instance (pod) name of pod {@code p} of gateway {@code g}. */
  public static String podName(int g, int p) {
    return "ai-gateway-" + g + "-7d9f8c6b5-" + String.format("%05d", p);
  }

  /** Provider name of provider index {@code i}. */
  public static String providerName(int i) {
    return PROVIDERS.get(i);
  }

  /** A realistic model name for model {@code m} of provider {@code i}. */
  public static String modelName(int i, int m) {
    String family =
        switch (PROVIDERS.get(i)) {
          case "openai", "azure.openai" -> "gpt-4o-mini";
          case "aws.bedrock" -> "nova-pro-v1";
          case "anthropic" -> "claude-sonnet-4";
          default -> "gemini-2.5-flash";
        };
    return family + "-" + m;
  }

  @Override
  public String toString() {
    return gateways
        + " gateways x "
        + podsPerGateway
        + " pods, "
        + providers
        + " providers x "
        + modelsPerProvider
        + " models ("
        + pointsPerRequest()
        + " points per request, "
        + activeSeries()
        + " series)";
  }
}
