package dev.aigw.insight.job.testing;

/**
 * One scripted LLM request served by the {@link GatewaySimulator}: when it starts, which provider
 * and model, how long it takes, its streaming timings, its tokens per type and whether it failed.
 * Durations should be multiples of 1/1024 s so that sums compare exactly.
 */
public final class SimulatedRequest {
  final long startNanos;
  String provider = "openai";
  String requestModel = "gpt-4o-mini";
  String responseModel;
  String operation = "chat";
  double latencySeconds = 0.5;
  Double ttftSeconds;
  Double tpotSeconds;
  long input;
  long output;
  long cachedInput;
  long cacheCreationInput;
  long reasoning;
  boolean error;

  /** Further point attributes, e.g. the request headers the gateway copies ({@code team.id}). */
  final java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();

  private SimulatedRequest(long startNanos) {
    this.startNanos = startNanos;
  }

  /** A request starting at {@code startNanos} (epoch nanoseconds of the simulated clock). */
  public static SimulatedRequest at(long startNanos) {
    return new SimulatedRequest(startNanos);
  }

  /** Provider ({@code gen_ai.provider.name}). */
  public SimulatedRequest provider(String provider) {
    this.provider = provider;
    return this;
  }

  /** Requested model; also the response model unless {@link #responseModel} is set. */
  public SimulatedRequest model(String model) {
    this.requestModel = model;
    return this;
  }

  /** Response model (e.g. the dated version the provider answered with); null: not sent. */
  public SimulatedRequest responseModel(String model) {
    this.responseModel = model;
    return this;
  }

  public SimulatedRequest latency(double seconds) {
    this.latencySeconds = seconds;
    return this;
  }

  /** Marks the request streaming, with time to first token and time per output token. */
  public SimulatedRequest streaming(double ttftSeconds, double tpotSeconds) {
    this.ttftSeconds = ttftSeconds;
    this.tpotSeconds = tpotSeconds;
    return this;
  }

  /** Input and output tokens (the totals, including cache parts and reasoning). */
  public SimulatedRequest tokens(long input, long output) {
    this.input = input;
    this.output = output;
    return this;
  }

  /** Cache reads and writes, parts of the input tokens. */
  public SimulatedRequest cache(long cachedInput, long cacheCreationInput) {
    this.cachedInput = cachedInput;
    this.cacheCreationInput = cacheCreationInput;
    return this;
  }

  /** Reasoning tokens, part of the output tokens. */
  public SimulatedRequest reasoning(long reasoning) {
    this.reasoning = reasoning;
    return this;
  }

  /** The request failed: its duration carries {@code error.type}, no tokens are recorded. */
  public SimulatedRequest failed() {
    this.error = true;
    return this;
  }

  /**
   * Adds a point attribute to every value of the request, as the gateway does for a header mapped
   * by {@code --metricsRequestHeaderAttributes x-team-id:team.id}.
   */
  public SimulatedRequest attribute(String key, String value) {
    attributes.put(key, value);
    return this;
  }

  /** The value of a point attribute added with {@link #attribute(String, String)}, or null. */
  public String attribute(String key) {
    return attributes.get(key);
  }

  /** The model the analysis attributes the request to (response model, else request model). */
  public String effectiveModel() {
    return responseModel != null ? responseModel : requestModel;
  }

  long endNanos() {
    return startNanos + Math.round(latencySeconds * 1e9);
  }
}
