package dev.aigw.insight.bench.load;

/**
 * The shape of the simulated LLM-span load: applications (one {@code service.name} each), providers
 * and models per provider, and spans per export request. Every application's requests carry its
 * (provider, model) pairs round robin, so the load keeps {@link #series()} distinct (application,
 * provider, model) series alive.
 *
 * @param applications distinct {@code service.name}s, one resource each
 * @param providers distinct {@code gen_ai.provider.name}s
 * @param modelsPerProvider distinct models per provider
 * @param spansPerRequest LLM spans in one export request (an SDK batch of one application)
 */
public record SpanShape(
    int applications, int providers, int modelsPerProvider, int spansPerRequest) {

  /** The throughput shape: 20 applications x 4 providers x 5 models, 100 spans per request. */
  public static final SpanShape DEFAULT = new SpanShape(20, 4, 5, 100);

  public SpanShape {
    check("applications", applications, 1, 1_000_000);
    check("providers", providers, 1, 40);
    check("models", modelsPerProvider, 1, 400);
    check("spans-per-request", spansPerRequest, 1, 10_000);
  }

  /** Distinct (application, provider, model) series. */
  public long series() {
    return (long) applications * providers * modelsPerProvider;
  }

  /**
   * Requests per application until each of its (provider, model) pairs has been sent once (the
   * distinct request templates of one application).
   */
  public int requestsPerApplication() {
    int pairs = providers * modelsPerProvider;
    return (pairs + spansPerRequest - 1) / spansPerRequest;
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Option '" + name + "' must be in [" + min + ", " + max + "] but was " + value);
    }
  }
}
