package dev.aigw.insight.schema.app;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The stored values of an {@link AppCell}, in schema order: name in both stores (snake_case), unit,
 * meaning and accessor. The BanyanDB measures, the OpenSearch documents and their index template
 * iterate this table; docs/storage.md lists it.
 */
public enum AppCellField {
  CALLS(
      "calls",
      Unit.CALLS_PER_MINUTE,
      "LLM calls (spans counted once) that ended in the minute",
      integer(c -> c.calls)),
  ERRORS(
      "errors",
      Unit.CALLS_PER_MINUTE,
      "calls with span status ERROR or `error.type`",
      integer(c -> c.errors)),
  SUCCESS_RATE(
      "success_rate",
      Unit.RATIO,
      "(calls − errors) / calls; 0 when `calls` is 0",
      floating(c -> c.successRate)),
  LATENCY_AVG_MS(
      "latency_avg_ms", Unit.MILLISECONDS, "average span duration", floating(c -> c.latencyAvgMs)),
  LATENCY_P50_MS(
      "latency_p50_ms",
      Unit.MILLISECONDS,
      "50th percentile of span duration (histogram, docs/analysis.md)",
      floating(c -> c.latencyP50Ms)),
  LATENCY_P75_MS(
      "latency_p75_ms",
      Unit.MILLISECONDS,
      "75th percentile of span duration",
      floating(c -> c.latencyP75Ms)),
  LATENCY_P90_MS(
      "latency_p90_ms",
      Unit.MILLISECONDS,
      "90th percentile of span duration",
      floating(c -> c.latencyP90Ms)),
  LATENCY_P95_MS(
      "latency_p95_ms",
      Unit.MILLISECONDS,
      "95th percentile of span duration",
      floating(c -> c.latencyP95Ms)),
  LATENCY_P99_MS(
      "latency_p99_ms",
      Unit.MILLISECONDS,
      "99th percentile of span duration",
      floating(c -> c.latencyP99Ms)),
  LATENCY_SUM_MS(
      "latency_sum_ms",
      Unit.MILLISECONDS,
      "sum of span durations, whole ms (Σ / Σ `calls` = a range's average)",
      integer(c -> c.latencySumMs)),
  INPUT_TOKENS(
      "input_tokens",
      Unit.TOKENS_PER_MINUTE,
      "input tokens (includes cache read and cache creation)",
      integer(c -> c.inputTokens)),
  OUTPUT_TOKENS(
      "output_tokens",
      Unit.TOKENS_PER_MINUTE,
      "output tokens (includes reasoning)",
      integer(c -> c.outputTokens)),
  CACHE_READ_TOKENS(
      "cache_read_tokens",
      Unit.TOKENS_PER_MINUTE,
      "input tokens read from the prompt cache",
      integer(c -> c.cacheReadTokens)),
  CACHE_CREATION_TOKENS(
      "cache_creation_tokens",
      Unit.TOKENS_PER_MINUTE,
      "input tokens written to the prompt cache",
      integer(c -> c.cacheCreationTokens)),
  REASONING_TOKENS(
      "reasoning_tokens",
      Unit.TOKENS_PER_MINUTE,
      "reasoning tokens (part of output)",
      integer(c -> c.reasoningTokens)),
  INPUT_TOKENS_AVG(
      "input_tokens_avg",
      Unit.TOKENS_PER_CALL,
      "input tokens per call",
      floating(c -> c.inputTokensAvg)),
  OUTPUT_TOKENS_AVG(
      "output_tokens_avg",
      Unit.TOKENS_PER_CALL,
      "output tokens per call",
      floating(c -> c.outputTokensAvg)),
  CACHE_READ_TOKENS_AVG(
      "cache_read_tokens_avg",
      Unit.TOKENS_PER_CALL,
      "cache-read tokens per call",
      floating(c -> c.cacheReadTokensAvg)),
  CACHE_CREATION_TOKENS_AVG(
      "cache_creation_tokens_avg",
      Unit.TOKENS_PER_CALL,
      "cache-creation tokens per call",
      floating(c -> c.cacheCreationTokensAvg)),
  REASONING_TOKENS_AVG(
      "reasoning_tokens_avg",
      Unit.TOKENS_PER_CALL,
      "reasoning tokens per call",
      floating(c -> c.reasoningTokensAvg)),
  COST_PICOS(
      "cost_picos",
      Unit.PICO_CURRENCY,
      "estimated cost (cache-aware price table), exact",
      integer(c -> c.costPicos)),
  ESTIMATED_COST(
      "estimated_cost", Unit.CURRENCY, "`cost_picos` / 10¹²", floating(c -> c.estimatedCost)),
  ESTIMATED_COST_AVG(
      "estimated_cost_avg",
      Unit.CURRENCY,
      "estimated cost per call",
      floating(c -> c.estimatedCostAvg)),
  CACHE_SAVINGS_PICOS(
      "cache_savings_picos",
      Unit.PICO_CURRENCY,
      "cost saved by cache reads, exact",
      integer(c -> c.cacheSavingsPicos)),
  UNPRICED_TOKENS(
      "unpriced_tokens",
      Unit.TOKENS_PER_MINUTE,
      "input + output tokens of models the price table does not know",
      integer(c -> c.unpricedTokens)),
  TTFT_COUNT(
      "ttft_count",
      Unit.VALUES_PER_MINUTE,
      "calls that reported a time to first token",
      integer(c -> c.ttftCount)),
  TTFT_AVG_MS(
      "ttft_avg_ms",
      Unit.MILLISECONDS,
      "average time to first token (0 when `ttft_count` is 0)",
      floating(c -> c.ttftAvgMs)),
  TTFT_P50_MS(
      "ttft_p50_ms",
      Unit.MILLISECONDS,
      "50th percentile of time to first token",
      floating(c -> c.ttftP50Ms)),
  TTFT_P75_MS(
      "ttft_p75_ms",
      Unit.MILLISECONDS,
      "75th percentile of time to first token",
      floating(c -> c.ttftP75Ms)),
  TTFT_P90_MS(
      "ttft_p90_ms",
      Unit.MILLISECONDS,
      "90th percentile of time to first token",
      floating(c -> c.ttftP90Ms)),
  TTFT_P95_MS(
      "ttft_p95_ms",
      Unit.MILLISECONDS,
      "95th percentile of time to first token",
      floating(c -> c.ttftP95Ms)),
  TTFT_P99_MS(
      "ttft_p99_ms",
      Unit.MILLISECONDS,
      "99th percentile of time to first token",
      floating(c -> c.ttftP99Ms)),
  TTFT_SUM_MS(
      "ttft_sum_ms",
      Unit.MILLISECONDS,
      "sum of times to first token, whole ms",
      integer(c -> c.ttftSumMs)),
  STREAMING_CALLS(
      "streaming_calls",
      Unit.CALLS_PER_MINUTE,
      "calls that asked for a streamed answer",
      integer(c -> c.streamingCalls)),
  STREAMING_SHARE(
      "streaming_share",
      Unit.RATIO,
      "`streaming_calls` / `calls`",
      floating(c -> c.streamingShare));

  /** Whole numbers (BanyanDB INT, OpenSearch long) or not (FLOAT, double). */
  public enum Type {
    INTEGER,
    FLOAT
  }

  /** The unit of a value as docs/storage.md writes it. */
  public enum Unit {
    CALLS_PER_MINUTE("calls/min"),
    VALUES_PER_MINUTE("values/min"),
    MILLISECONDS("ms"),
    TOKENS_PER_MINUTE("tokens/min"),
    TOKENS_PER_CALL("tokens/call"),
    PICO_CURRENCY("10⁻¹² currency units"),
    CURRENCY("currency units"),
    RATIO("0..1");

    private final String text;

    Unit(String text) {
      this.text = text;
    }

    /** As written in the docs. */
    public String text() {
      return text;
    }
  }

  private final String storeName;
  private final Unit unit;
  private final String meaning;
  private final Accessor accessor;

  AppCellField(String storeName, Unit unit, String meaning, Accessor accessor) {
    this.storeName = storeName;
    this.unit = unit;
    this.meaning = meaning;
    this.accessor = accessor;
  }

  /** The name in BanyanDB measures and OpenSearch documents. */
  public String storeName() {
    return storeName;
  }

  /** The unit. */
  public Unit unit() {
    return unit;
  }

  /** What the value means. */
  public String meaning() {
    return meaning;
  }

  /** Whole number or not. */
  public Type type() {
    return accessor.longs != null ? Type.INTEGER : Type.FLOAT;
  }

  /** The cell's value: a {@link Long} for {@link Type#INTEGER}, else a {@link Double}. */
  public Number value(AppCell cell) {
    // not a conditional expression: it would unbox both branches and widen the Long to double
    if (accessor.longs != null) {
      return Long.valueOf(accessor.longs.applyAsLong(cell));
    }
    return Double.valueOf(accessor.doubles.applyAsDouble(cell));
  }

  private static Accessor integer(ToLongFunction<AppCell> getter) {
    return new Accessor(getter, null);
  }

  private static Accessor floating(ToDoubleFunction<AppCell> getter) {
    return new Accessor(null, getter);
  }

  /** One of the two getters. */
  private record Accessor(ToLongFunction<AppCell> longs, ToDoubleFunction<AppCell> doubles) {}
}
