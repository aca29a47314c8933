package dev.aigw.insight.schema.cell;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjDoubleConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The stored values of a minute cell, in schema order: for each its name in both stores, its name
 * in OpenSearch documents of 0.1.0 (and early 0.2.0 snapshots), its type and unit, what it means
 * and how to read and set it on a {@link MinuteCell}. Every writer (BanyanDB measure fields,
 * OpenSearch document and index template), every reader and the docs check iterate this table; no
 * other main code spells a field name.
 */
public enum CellField {
  REQUESTS(
      "requests",
      "requests",
      CellUnit.CALLS_PER_MINUTE,
      "requests (count of `gen_ai.server.request.duration`)",
      integer(c -> c.requests, (c, v) -> c.requests = v)),
  ERRORS(
      "errors",
      "errors",
      CellUnit.CALLS_PER_MINUTE,
      "requests with `error.type`",
      integer(c -> c.errors, (c, v) -> c.errors = v)),
  LATENCY_AVG_MS(
      "latency_avg_ms",
      "latencyAvgMs",
      CellUnit.MILLISECONDS,
      "average request duration (0 when `requests` is 0)",
      floating(c -> c.latencyAvgMs, (c, v) -> c.latencyAvgMs = v)),
  LATENCY_P50_MS(
      "latency_p50_ms",
      "latencyP50Ms",
      CellUnit.MILLISECONDS,
      "50th percentile of request duration (0 when `requests` is 0)",
      floating(c -> c.latencyP50Ms, (c, v) -> c.latencyP50Ms = v)),
  LATENCY_P75_MS(
      "latency_p75_ms",
      "latencyP75Ms",
      CellUnit.MILLISECONDS,
      "75th percentile of request duration (0 when `requests` is 0)",
      floating(c -> c.latencyP75Ms, (c, v) -> c.latencyP75Ms = v)),
  LATENCY_P90_MS(
      "latency_p90_ms",
      "latencyP90Ms",
      CellUnit.MILLISECONDS,
      "90th percentile of request duration (0 when `requests` is 0)",
      floating(c -> c.latencyP90Ms, (c, v) -> c.latencyP90Ms = v)),
  LATENCY_P95_MS(
      "latency_p95_ms",
      "latencyP95Ms",
      CellUnit.MILLISECONDS,
      "95th percentile of request duration (0 when `requests` is 0)",
      floating(c -> c.latencyP95Ms, (c, v) -> c.latencyP95Ms = v)),
  LATENCY_P99_MS(
      "latency_p99_ms",
      "latencyP99Ms",
      CellUnit.MILLISECONDS,
      "99th percentile of request duration (0 when `requests` is 0)",
      floating(c -> c.latencyP99Ms, (c, v) -> c.latencyP99Ms = v)),
  TTFT_COUNT(
      "ttft_count",
      "ttftCount",
      CellUnit.VALUES_PER_MINUTE,
      "time-to-first-token values (streaming requests only)",
      integer(c -> c.ttftCount, (c, v) -> c.ttftCount = v)),
  TTFT_AVG_MS(
      "ttft_avg_ms",
      "ttftAvgMs",
      CellUnit.MILLISECONDS,
      "average time to first token (0 when `ttft_count` is 0)",
      floating(c -> c.ttftAvgMs, (c, v) -> c.ttftAvgMs = v)),
  TTFT_P50_MS(
      "ttft_p50_ms",
      "ttftP50Ms",
      CellUnit.MILLISECONDS,
      "50th percentile of time to first token (0 when `ttft_count` is 0)",
      floating(c -> c.ttftP50Ms, (c, v) -> c.ttftP50Ms = v)),
  TTFT_P75_MS(
      "ttft_p75_ms",
      "ttftP75Ms",
      CellUnit.MILLISECONDS,
      "75th percentile of time to first token (0 when `ttft_count` is 0)",
      floating(c -> c.ttftP75Ms, (c, v) -> c.ttftP75Ms = v)),
  TTFT_P90_MS(
      "ttft_p90_ms",
      "ttftP90Ms",
      CellUnit.MILLISECONDS,
      "90th percentile of time to first token (0 when `ttft_count` is 0)",
      floating(c -> c.ttftP90Ms, (c, v) -> c.ttftP90Ms = v)),
  TTFT_P95_MS(
      "ttft_p95_ms",
      "ttftP95Ms",
      CellUnit.MILLISECONDS,
      "95th percentile of time to first token (0 when `ttft_count` is 0)",
      floating(c -> c.ttftP95Ms, (c, v) -> c.ttftP95Ms = v)),
  TTFT_P99_MS(
      "ttft_p99_ms",
      "ttftP99Ms",
      CellUnit.MILLISECONDS,
      "99th percentile of time to first token (0 when `ttft_count` is 0)",
      floating(c -> c.ttftP99Ms, (c, v) -> c.ttftP99Ms = v)),
  TPOT_COUNT(
      "tpot_count",
      "tpotCount",
      CellUnit.VALUES_PER_MINUTE,
      "time-per-output-token values",
      integer(c -> c.tpotCount, (c, v) -> c.tpotCount = v)),
  TPOT_AVG_MS(
      "tpot_avg_ms",
      "tpotAvgMs",
      CellUnit.MILLISECONDS,
      "average time per output token (0 when `tpot_count` is 0)",
      floating(c -> c.tpotAvgMs, (c, v) -> c.tpotAvgMs = v)),
  TPOT_P50_MS(
      "tpot_p50_ms",
      "tpotP50Ms",
      CellUnit.MILLISECONDS,
      "50th percentile of time per output token (0 when `tpot_count` is 0)",
      floating(c -> c.tpotP50Ms, (c, v) -> c.tpotP50Ms = v)),
  TPOT_P75_MS(
      "tpot_p75_ms",
      "tpotP75Ms",
      CellUnit.MILLISECONDS,
      "75th percentile of time per output token (0 when `tpot_count` is 0)",
      floating(c -> c.tpotP75Ms, (c, v) -> c.tpotP75Ms = v)),
  TPOT_P90_MS(
      "tpot_p90_ms",
      "tpotP90Ms",
      CellUnit.MILLISECONDS,
      "90th percentile of time per output token (0 when `tpot_count` is 0)",
      floating(c -> c.tpotP90Ms, (c, v) -> c.tpotP90Ms = v)),
  TPOT_P95_MS(
      "tpot_p95_ms",
      "tpotP95Ms",
      CellUnit.MILLISECONDS,
      "95th percentile of time per output token (0 when `tpot_count` is 0)",
      floating(c -> c.tpotP95Ms, (c, v) -> c.tpotP95Ms = v)),
  TPOT_P99_MS(
      "tpot_p99_ms",
      "tpotP99Ms",
      CellUnit.MILLISECONDS,
      "99th percentile of time per output token (0 when `tpot_count` is 0)",
      floating(c -> c.tpotP99Ms, (c, v) -> c.tpotP99Ms = v)),
  INPUT_TOKENS(
      "input_tokens",
      "inputTokens",
      CellUnit.TOKENS_PER_MINUTE,
      "input tokens (includes cached and cache-creation input)",
      integer(c -> c.inputTokens, (c, v) -> c.inputTokens = v)),
  OUTPUT_TOKENS(
      "output_tokens",
      "outputTokens",
      CellUnit.TOKENS_PER_MINUTE,
      "output tokens (includes reasoning)",
      integer(c -> c.outputTokens, (c, v) -> c.outputTokens = v)),
  CACHED_INPUT_TOKENS(
      "cached_input_tokens",
      "cachedInputTokens",
      CellUnit.TOKENS_PER_MINUTE,
      "input read from the provider's prompt cache",
      integer(c -> c.cachedInputTokens, (c, v) -> c.cachedInputTokens = v)),
  CACHE_CREATION_INPUT_TOKENS(
      "cache_creation_input_tokens",
      "cacheCreationInputTokens",
      CellUnit.TOKENS_PER_MINUTE,
      "input written to the prompt cache",
      integer(c -> c.cacheCreationInputTokens, (c, v) -> c.cacheCreationInputTokens = v)),
  REASONING_TOKENS(
      "reasoning_tokens",
      "reasoningTokens",
      CellUnit.TOKENS_PER_MINUTE,
      "reasoning tokens (part of output)",
      integer(c -> c.reasoningTokens, (c, v) -> c.reasoningTokens = v)),
  COST_PICOS(
      "cost_picos",
      "costPicos",
      CellUnit.PICO_CURRENCY,
      "estimated cost, exact",
      integer(c -> c.costPicos, (c, v) -> c.costPicos = v)),
  ESTIMATED_COST(
      "estimated_cost",
      "estimatedCost",
      CellUnit.CURRENCY,
      "estimated cost (`cost_picos` / 10¹²)",
      floating(c -> c.estimatedCost, (c, v) -> c.estimatedCost = v)),
  CACHE_SAVINGS_PICOS(
      "cache_savings_picos",
      "cacheSavingsPicos",
      CellUnit.PICO_CURRENCY,
      "cost saved by cache reads, exact",
      integer(c -> c.cacheSavingsPicos, (c, v) -> c.cacheSavingsPicos = v)),
  CACHE_SAVINGS(
      "cache_savings",
      "cacheSavings",
      CellUnit.CURRENCY,
      "cost saved by cache reads",
      floating(c -> c.cacheSavings, (c, v) -> c.cacheSavings = v)),
  UNPRICED_TOKENS(
      "unpriced_tokens",
      "unpricedTokens",
      CellUnit.TOKENS_PER_MINUTE,
      "input + output tokens of models the price table does not know",
      integer(c -> c.unpricedTokens, (c, v) -> c.unpricedTokens = v)),
  // The sums came after 0.2.0's first snapshots: appended, so that existing measures only gain
  // fields at their end, and without an old name (no document ever had another one).
  LATENCY_SUM_MS(
      "latency_sum_ms",
      "latency_sum_ms",
      CellUnit.MILLISECONDS,
      "sum of request durations (Σ over cells / Σ `requests` = the range's average)",
      floating(c -> c.latencySumMs, (c, v) -> c.latencySumMs = v)),
  TTFT_SUM_MS(
      "ttft_sum_ms",
      "ttft_sum_ms",
      CellUnit.MILLISECONDS,
      "sum of times to first token (Σ over cells / Σ `ttft_count` = the range's average)",
      floating(c -> c.ttftSumMs, (c, v) -> c.ttftSumMs = v)),
  TPOT_SUM_MS(
      "tpot_sum_ms",
      "tpot_sum_ms",
      CellUnit.MILLISECONDS,
      "sum of times per output token (Σ over cells / Σ `tpot_count` = the range's average)",
      floating(c -> c.tpotSumMs, (c, v) -> c.tpotSumMs = v));

  /**
   * How a value is stored: whole numbers (BanyanDB INT, OpenSearch long) or not (FLOAT, double).
   */
  public enum Type {
    INTEGER,
    FLOAT
  }

  private static final Map<String, CellField> BY_STORE_NAME = new HashMap<>();

  static {
    for (CellField f : values()) {
      BY_STORE_NAME.put(f.storeName, f);
    }
  }

  private final String storeName;
  private final String legacyName;
  private final CellUnit unit;
  private final String meaning;
  private final Accessor accessor;

  CellField(String storeName, String legacyName, CellUnit unit, String meaning, Accessor accessor) {
    this.storeName = storeName;
    this.legacyName = legacyName;
    this.unit = unit;
    this.meaning = meaning;
    this.accessor = accessor;
  }

  /** The field of a stored name, if there is one. */
  public static Optional<CellField> byStoreName(String name) {
    return Optional.ofNullable(BY_STORE_NAME.get(name));
  }

  /** The field's name in BanyanDB measures and OpenSearch documents (snake_case). */
  public String storeName() {
    return storeName;
  }

  /**
   * The field's name in OpenSearch documents written before 0.2.0 (the Java field name): readers
   * fall back to it so that a day index written partly before an upgrade still reads whole.
   */
  public String legacyName() {
    return legacyName;
  }

  /** Whole number or not. */
  public Type type() {
    return accessor.type;
  }

  /**
   * Whether the values of several cells (minutes, or instances of a service) add up to the value of
   * their union: counts, tokens, exact costs and the duration sums. Averages, percentiles and the
   * currency-unit costs (derived from the picos) do not; a range's average is the sum field divided
   * by its count ({@link #countOf()}).
   */
  public boolean isAdditive() {
    return switch (this) {
      case LATENCY_SUM_MS, TTFT_SUM_MS, TPOT_SUM_MS -> true;
      default -> type() == Type.INTEGER;
    };
  }

  /**
   * For a sum or an average of durations, the count it goes with ({@code requests}, {@code
   * ttft_count}, {@code tpot_count}); empty for other fields.
   */
  public Optional<CellField> countOf() {
    return Optional.ofNullable(
        switch (this) {
          case LATENCY_SUM_MS, LATENCY_AVG_MS -> REQUESTS;
          case TTFT_SUM_MS, TTFT_AVG_MS -> TTFT_COUNT;
          case TPOT_SUM_MS, TPOT_AVG_MS -> TPOT_COUNT;
          default -> null;
        });
  }

  /** For an average, the sum field it is the quotient of (by {@link #countOf()}); else empty. */
  public Optional<CellField> sumOf() {
    return Optional.ofNullable(
        switch (this) {
          case LATENCY_AVG_MS -> LATENCY_SUM_MS;
          case TTFT_AVG_MS -> TTFT_SUM_MS;
          case TPOT_AVG_MS -> TPOT_SUM_MS;
          default -> null;
        });
  }

  /** The unit of the value. */
  public CellUnit unit() {
    return unit;
  }

  /** What the value means, as docs/storage.md says it. */
  public String meaning() {
    return meaning;
  }

  /** The value as stored: a {@link Long} for {@link Type#INTEGER}, a {@link Double} otherwise. */
  public Number value(MinuteCell cell) {
    return accessor.type == Type.INTEGER
        ? (Number) accessor.getLong.applyAsLong(cell)
        : (Number) accessor.getDouble.applyAsDouble(cell);
  }

  /** The value as a double (whole numbers widened). */
  public double doubleValue(MinuteCell cell) {
    return accessor.type == Type.INTEGER
        ? accessor.getLong.applyAsLong(cell)
        : accessor.getDouble.applyAsDouble(cell);
  }

  /** Sets the value from a stored number (truncated to a whole number for {@link Type#INTEGER}). */
  public void set(MinuteCell cell, Number value) {
    if (accessor.type == Type.INTEGER) {
      accessor.setLong.accept(cell, value.longValue());
    } else {
      accessor.setDouble.accept(cell, value.doubleValue());
    }
  }

  private static Accessor integer(ToLongFunction<MinuteCell> get, ObjLongConsumer<MinuteCell> set) {
    return new Accessor(Type.INTEGER, get, set, null, null);
  }

  private static Accessor floating(
      ToDoubleFunction<MinuteCell> get, ObjDoubleConsumer<MinuteCell> set) {
    return new Accessor(Type.FLOAT, null, null, get, set);
  }

  /** Reads and writes one public field of {@link MinuteCell}. */
  private record Accessor(
      Type type,
      ToLongFunction<MinuteCell> getLong,
      ObjLongConsumer<MinuteCell> setLong,
      ToDoubleFunction<MinuteCell> getDouble,
      ObjDoubleConsumer<MinuteCell> setDouble) {}
}
