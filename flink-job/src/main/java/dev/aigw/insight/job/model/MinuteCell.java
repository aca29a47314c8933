package dev.aigw.insight.job.model;

import java.util.Objects;

/**
 * One per-minute result row: (UTC minute, scope, dimension) with every computed value (a Flink
 * POJO). {@link #cellKey()} identifies the row so that a rewrite (late point, replay) overwrites
 * it.
 */
public class MinuteCell {

  /** Tag value used where a cell has no instance, provider or model. */
  public static final String ABSENT = "";

  /** Start of the UTC minute, epoch milliseconds (the cell's timestamp). */
  public long windowStartMs;

  /** SERVICE or INSTANCE. */
  public Scope scope;

  /** ALL, PROVIDER or MODEL. */
  public Dimension dimension;

  /** Service name. */
  public String service;

  /** Instance name; {@link #ABSENT} in service scope. */
  public String instance;

  /** Provider; {@link #ABSENT} in dimension ALL. */
  public String provider;

  /** Model; {@link #ABSENT} unless dimension MODEL. */
  public String model;

  /** Requests in the minute (count of request-duration points), calls/min. */
  public long requests;

  /** Failed requests in the minute (duration points with error.type), calls/min. */
  public long errors;

  /** Average request latency, ms (0 when requests is 0). */
  public double latencyAvgMs;

  /** Request latency P50, ms (0 when requests is 0). */
  public double latencyP50Ms;

  /** Request latency P75, ms (0 when requests is 0). */
  public double latencyP75Ms;

  /** Request latency P90, ms (0 when requests is 0). */
  public double latencyP90Ms;

  /** Request latency P95, ms (0 when requests is 0). */
  public double latencyP95Ms;

  /** Request latency P99, ms (0 when requests is 0). */
  public double latencyP99Ms;

  /** Number of time-to-first-token values in the minute. */
  public long ttftCount;

  /** Average time to first token, ms (0 when ttftCount is 0). */
  public double ttftAvgMs;

  /** Time to first token P50, ms. */
  public double ttftP50Ms;

  /** Time to first token P75, ms. */
  public double ttftP75Ms;

  /** Time to first token P90, ms. */
  public double ttftP90Ms;

  /** Time to first token P95, ms. */
  public double ttftP95Ms;

  /** Time to first token P99, ms. */
  public double ttftP99Ms;

  /** Number of time-per-output-token values in the minute. */
  public long tpotCount;

  /** Average time per output token, ms (0 when tpotCount is 0). */
  public double tpotAvgMs;

  /** Time per output token P50, ms. */
  public double tpotP50Ms;

  /** Time per output token P75, ms. */
  public double tpotP75Ms;

  /** Time per output token P90, ms. */
  public double tpotP90Ms;

  /** Time per output token P95, ms. */
  public double tpotP95Ms;

  /** Time per output token P99, ms. */
  public double tpotP99Ms;

  /** Input tokens (includes cached and cache-creation input), tokens/min. */
  public long inputTokens;

  /** Output tokens (includes reasoning), tokens/min. */
  public long outputTokens;

  /** Input tokens read from the provider's prompt cache, tokens/min. */
  public long cachedInputTokens;

  /** Input tokens written to the provider's prompt cache, tokens/min. */
  public long cacheCreationInputTokens;

  /** Reasoning tokens (part of output), tokens/min. */
  public long reasoningTokens;

  /** Estimated cost in pico currency units (10^-12), exact. */
  public long costPicos;

  /** Estimated cost in currency units (costPicos / 10^12). */
  public double estimatedCost;

  /** Cost saved by cache reads in pico currency units, exact. */
  public long cacheSavingsPicos;

  /** Cost saved by cache reads in currency units. */
  public double cacheSavings;

  /** Input + output tokens of models the price table does not cover. */
  public long unpricedTokens;

  /** Flink POJO constructor. */
  public MinuteCell() {}

  /** Stable identity of the row: window, scope, dimension and the tag values. */
  public String cellKey() {
    return cellKey(windowStartMs, scope, dimension, service, instance, provider, model);
  }

  /** The key {@link #cellKey()} would give for these coordinates. */
  public static String cellKey(
      long windowStartMs,
      Scope scope,
      Dimension dimension,
      String service,
      String instance,
      String provider,
      String model) {
    StringBuilder sb = new StringBuilder(96);
    sb.append(windowStartMs).append('|').append(scope).append('|').append(dimension);
    appendEscaped(sb, service);
    appendEscaped(sb, instance);
    appendEscaped(sb, provider);
    appendEscaped(sb, model);
    return sb.toString();
  }

  private static void appendEscaped(StringBuilder sb, String value) {
    sb.append('|');
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '|' || ch == '\\') {
        sb.append('\\');
      }
      sb.append(ch);
    }
  }

  /** Whether every value is zero: such a cell is the same as no cell. */
  public boolean isEmpty() {
    return requests == 0
        && errors == 0
        && ttftCount == 0
        && tpotCount == 0
        && inputTokens == 0
        && outputTokens == 0
        && cachedInputTokens == 0
        && cacheCreationInputTokens == 0
        && reasoningTokens == 0
        && unpricedTokens == 0;
  }

  /** A field-by-field copy. */
  public MinuteCell copy() {
    MinuteCell c = new MinuteCell();
    c.windowStartMs = windowStartMs;
    c.scope = scope;
    c.dimension = dimension;
    c.service = service;
    c.instance = instance;
    c.provider = provider;
    c.model = model;
    c.requests = requests;
    c.errors = errors;
    c.latencyAvgMs = latencyAvgMs;
    c.latencyP50Ms = latencyP50Ms;
    c.latencyP75Ms = latencyP75Ms;
    c.latencyP90Ms = latencyP90Ms;
    c.latencyP95Ms = latencyP95Ms;
    c.latencyP99Ms = latencyP99Ms;
    c.ttftCount = ttftCount;
    c.ttftAvgMs = ttftAvgMs;
    c.ttftP50Ms = ttftP50Ms;
    c.ttftP75Ms = ttftP75Ms;
    c.ttftP90Ms = ttftP90Ms;
    c.ttftP95Ms = ttftP95Ms;
    c.ttftP99Ms = ttftP99Ms;
    c.tpotCount = tpotCount;
    c.tpotAvgMs = tpotAvgMs;
    c.tpotP50Ms = tpotP50Ms;
    c.tpotP75Ms = tpotP75Ms;
    c.tpotP90Ms = tpotP90Ms;
    c.tpotP95Ms = tpotP95Ms;
    c.tpotP99Ms = tpotP99Ms;
    c.inputTokens = inputTokens;
    c.outputTokens = outputTokens;
    c.cachedInputTokens = cachedInputTokens;
    c.cacheCreationInputTokens = cacheCreationInputTokens;
    c.reasoningTokens = reasoningTokens;
    c.costPicos = costPicos;
    c.estimatedCost = estimatedCost;
    c.cacheSavingsPicos = cacheSavingsPicos;
    c.cacheSavings = cacheSavings;
    c.unpricedTokens = unpricedTokens;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MinuteCell)) {
      return false;
    }
    MinuteCell c = (MinuteCell) o;
    return windowStartMs == c.windowStartMs
        && scope == c.scope
        && dimension == c.dimension
        && Objects.equals(service, c.service)
        && Objects.equals(instance, c.instance)
        && Objects.equals(provider, c.provider)
        && Objects.equals(model, c.model)
        && requests == c.requests
        && errors == c.errors
        && Double.compare(latencyAvgMs, c.latencyAvgMs) == 0
        && Double.compare(latencyP50Ms, c.latencyP50Ms) == 0
        && Double.compare(latencyP75Ms, c.latencyP75Ms) == 0
        && Double.compare(latencyP90Ms, c.latencyP90Ms) == 0
        && Double.compare(latencyP95Ms, c.latencyP95Ms) == 0
        && Double.compare(latencyP99Ms, c.latencyP99Ms) == 0
        && ttftCount == c.ttftCount
        && Double.compare(ttftAvgMs, c.ttftAvgMs) == 0
        && Double.compare(ttftP50Ms, c.ttftP50Ms) == 0
        && Double.compare(ttftP75Ms, c.ttftP75Ms) == 0
        && Double.compare(ttftP90Ms, c.ttftP90Ms) == 0
        && Double.compare(ttftP95Ms, c.ttftP95Ms) == 0
        && Double.compare(ttftP99Ms, c.ttftP99Ms) == 0
        && tpotCount == c.tpotCount
        && Double.compare(tpotAvgMs, c.tpotAvgMs) == 0
        && Double.compare(tpotP50Ms, c.tpotP50Ms) == 0
        && Double.compare(tpotP75Ms, c.tpotP75Ms) == 0
        && Double.compare(tpotP90Ms, c.tpotP90Ms) == 0
        && Double.compare(tpotP95Ms, c.tpotP95Ms) == 0
        && Double.compare(tpotP99Ms, c.tpotP99Ms) == 0
        && inputTokens == c.inputTokens
        && outputTokens == c.outputTokens
        && cachedInputTokens == c.cachedInputTokens
        && cacheCreationInputTokens == c.cacheCreationInputTokens
        && reasoningTokens == c.reasoningTokens
        && costPicos == c.costPicos
        && Double.compare(estimatedCost, c.estimatedCost) == 0
        && cacheSavingsPicos == c.cacheSavingsPicos
        && Double.compare(cacheSavings, c.cacheSavings) == 0
        && unpricedTokens == c.unpricedTokens;
  }

  @Override
  public int hashCode() {
    return cellKey().hashCode();
  }

  @Override
  public String toString() {
    return "MinuteCell{"
        + "windowStartMs="
        + windowStartMs
        + ", "
        + "scope="
        + scope
        + ", "
        + "dimension="
        + dimension
        + ", "
        + "service="
        + service
        + ", "
        + "instance="
        + instance
        + ", "
        + "provider="
        + provider
        + ", "
        + "model="
        + model
        + ", "
        + "requests="
        + requests
        + ", "
        + "errors="
        + errors
        + ", "
        + "latencyAvgMs="
        + latencyAvgMs
        + ", "
        + "latencyP50Ms="
        + latencyP50Ms
        + ", "
        + "latencyP75Ms="
        + latencyP75Ms
        + ", "
        + "latencyP90Ms="
        + latencyP90Ms
        + ", "
        + "latencyP95Ms="
        + latencyP95Ms
        + ", "
        + "latencyP99Ms="
        + latencyP99Ms
        + ", "
        + "ttftCount="
        + ttftCount
        + ", "
        + "ttftAvgMs="
        + ttftAvgMs
        + ", "
        + "ttftP50Ms="
        + ttftP50Ms
        + ", "
        + "ttftP75Ms="
        + ttftP75Ms
        + ", "
        + "ttftP90Ms="
        + ttftP90Ms
        + ", "
        + "ttftP95Ms="
        + ttftP95Ms
        + ", "
        + "ttftP99Ms="
        + ttftP99Ms
        + ", "
        + "tpotCount="
        + tpotCount
        + ", "
        + "tpotAvgMs="
        + tpotAvgMs
        + ", "
        + "tpotP50Ms="
        + tpotP50Ms
        + ", "
        + "tpotP75Ms="
        + tpotP75Ms
        + ", "
        + "tpotP90Ms="
        + tpotP90Ms
        + ", "
        + "tpotP95Ms="
        + tpotP95Ms
        + ", "
        + "tpotP99Ms="
        + tpotP99Ms
        + ", "
        + "inputTokens="
        + inputTokens
        + ", "
        + "outputTokens="
        + outputTokens
        + ", "
        + "cachedInputTokens="
        + cachedInputTokens
        + ", "
        + "cacheCreationInputTokens="
        + cacheCreationInputTokens
        + ", "
        + "reasoningTokens="
        + reasoningTokens
        + ", "
        + "costPicos="
        + costPicos
        + ", "
        + "estimatedCost="
        + estimatedCost
        + ", "
        + "cacheSavingsPicos="
        + cacheSavingsPicos
        + ", "
        + "cacheSavings="
        + cacheSavings
        + ", "
        + "unpricedTokens="
        + unpricedTokens
        + "}";
  }
}
