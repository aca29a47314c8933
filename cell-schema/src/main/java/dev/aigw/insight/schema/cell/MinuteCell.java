package dev.aigw.insight.schema.cell;

import java.util.Objects;

/**
 * One per-minute result row: (UTC minute, scope, dimension, coordinates) with every computed value.
 * A Flink POJO without importing Flink (public fields, public no-argument constructor): the job
 * passes it from its cell windows to its sinks and alert rules; it is in no Flink state. {@link
 * #cellKey()} identifies the row so that a rewrite (late point, replay) overwrites it. The stored
 * names of its values are in {@link CellField}, of its coordinates in {@link CellTag}.
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

  /**
   * Sum of the request durations, ms: with {@link #requests} it gives exact averages over several
   * cells (Σsum / Σcount, never an average of averages).
   */
  public double latencySumMs;

  /** Sum of the time-to-first-token values, ms (with {@link #ttftCount}). */
  public double ttftSumMs;

  /** Sum of the time-per-output-token values, ms (with {@link #tpotCount}). */
  public double tpotSumMs;

  /**
   * The minute's request-duration histogram, for the alert rules only (exact window percentiles and
   * latency SLOs): not a value of the cell ({@link CellField} does not list it, {@link #equals} and
   * the stores ignore it); null when unknown, e.g. in a cell read back from a store or an hour or
   * day cell.
   */
  public BucketCounts latencyBuckets;

  /** The minute's time-to-first-token histogram, as {@link #latencyBuckets}. */
  public BucketCounts ttftBuckets;

  /** The minute's time-per-output-token histogram, as {@link #latencyBuckets}. */
  public BucketCounts tpotBuckets;

  /** Flink POJO constructor. */
  public MinuteCell() {}

  /**
   * An empty cell of the given minute, scope and dimension with the coordinates it has ({@link
   * CellTag#belongsTo}); the others are {@link #ABSENT}.
   */
  public static MinuteCell at(
      long windowStartMs,
      Scope scope,
      Dimension dimension,
      String service,
      String instance,
      String provider,
      String model) {
    MinuteCell c = new MinuteCell();
    c.windowStartMs = windowStartMs;
    c.scope = scope;
    c.dimension = dimension;
    c.service = service;
    c.instance = ABSENT;
    c.provider = ABSENT;
    c.model = ABSENT;
    for (CellTag tag : CellTag.of(scope, dimension)) {
      tag.set(
          c,
          switch (tag) {
            case SERVICE -> service;
            case INSTANCE -> instance;
            case PROVIDER -> provider;
            case MODEL -> model;
          });
    }
    return c;
  }

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
    for (CellField f : CellField.values()) {
      f.set(c, f.value(this));
    }
    c.latencyBuckets = latencyBuckets;
    c.ttftBuckets = ttftBuckets;
    c.tpotBuckets = tpotBuckets;
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
    if (windowStartMs != c.windowStartMs
        || scope != c.scope
        || dimension != c.dimension
        || !Objects.equals(service, c.service)
        || !Objects.equals(instance, c.instance)
        || !Objects.equals(provider, c.provider)
        || !Objects.equals(model, c.model)) {
      return false;
    }
    for (CellField f : CellField.values()) {
      // Long.equals and Double.equals: the latter as Double.compare (NaN equals NaN, 0.0 != -0.0)
      if (!f.value(this).equals(f.value(c))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return cellKey().hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(640);
    sb.append("MinuteCell{windowStartMs=").append(windowStartMs);
    sb.append(", scope=").append(scope).append(", dimension=").append(dimension);
    sb.append(", service=").append(service).append(", instance=").append(instance);
    sb.append(", provider=").append(provider).append(", model=").append(model);
    for (CellField f : CellField.values()) {
      sb.append(", ").append(f.storeName()).append('=').append(f.value(this));
    }
    return sb.append('}').toString();
  }
}
