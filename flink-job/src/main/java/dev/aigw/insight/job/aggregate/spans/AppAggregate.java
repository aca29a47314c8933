package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.schema.app.AppDimension;

/**
 * Everything the LLM calls of one application cell contributed to one minute: counts, exact integer
 * sums and two histograms (latency and time to first token, in whole milliseconds, over {@link
 * #BOUNDS_MS}). The combiner's partial, the exchanged record and the window's accumulator of the
 * application cells, serialized by the hand-written {@code AppAggregateSerializer}; {@link
 * AppAttributionAggregate} extends it as a Flink POJO.
 */
public class AppAggregate {

  /**
   * Upper bounds (ms) of the latency and TTFT histograms the percentiles are read from (bucket i
   * holds values in (BOUNDS_MS[i-1], BOUNDS_MS[i]], the last one everything above).
   */
  public static final double[] BOUNDS_MS = {
    10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000
  };

  public AppDimension dimension;
  public String application;
  public String provider;
  public String model;

  public long calls;
  public long errors;
  public long streamingCalls;
  public HistogramAccumulator latencyMs = new HistogramAccumulator();
  public long latencySumMs;
  public HistogramAccumulator ttftMs = new HistogramAccumulator();
  public long ttftSumMs;
  public long inputTokens;
  public long outputTokens;
  public long cacheReadTokens;
  public long cacheCreationTokens;
  public long reasoningTokens;
  public long costPicos;
  public long cacheSavingsPicos;
  public long unpricedTokens;

  /** Flink POJO constructor. */
  public AppAggregate() {}

  /**
   * This aggregate aimed at another dimension's cell: the same coordinates and values, sharing the
   * histograms (a partial is read-only once combined).
   */
  public AppAggregate as(AppDimension other) {
    AppAggregate a = new AppAggregate();
    a.dimension = other;
    a.application = application;
    a.provider = provider;
    a.model = model;
    a.calls = calls;
    a.errors = errors;
    a.streamingCalls = streamingCalls;
    a.latencyMs = latencyMs;
    a.latencySumMs = latencySumMs;
    a.ttftMs = ttftMs;
    a.ttftSumMs = ttftSumMs;
    a.inputTokens = inputTokens;
    a.outputTokens = outputTokens;
    a.cacheReadTokens = cacheReadTokens;
    a.cacheCreationTokens = cacheCreationTokens;
    a.reasoningTokens = reasoningTokens;
    a.costPicos = costPicos;
    a.cacheSavingsPicos = cacheSavingsPicos;
    a.unpricedTokens = unpricedTokens;
    return a;
  }

  /** Adds the values of one call (counts, sums, histograms), not its coordinates. */
  public void addValues(LlmCall c) {
    calls++;
    if (c.error) {
      errors++;
    }
    if (c.stream) {
      streamingCalls++;
    }
    long latency = c.durationMs();
    addValue(latencyMs, latency);
    latencySumMs += latency;
    if (c.ttftNanos >= 0) {
      long ttft = c.ttftNanos / 1_000_000L;
      addValue(ttftMs, ttft);
      ttftSumMs += ttft;
    }
    inputTokens += c.inputTokens;
    outputTokens += c.outputTokens;
    cacheReadTokens += c.cacheReadTokens;
    cacheCreationTokens += c.cacheCreationTokens;
    reasoningTokens += c.reasoningTokens;
    costPicos += c.costPicos;
    cacheSavingsPicos += c.cacheSavingsPicos;
    unpricedTokens += c.unpricedTokens;
  }

  /** Adds another aggregate of the same cell. */
  public void merge(AppAggregate o) {
    if (dimension == null) {
      dimension = o.dimension;
      application = o.application;
      provider = o.provider;
      model = o.model;
    }
    calls += o.calls;
    errors += o.errors;
    streamingCalls += o.streamingCalls;
    latencyMs.merge(o.latencyMs);
    latencySumMs += o.latencySumMs;
    ttftMs.merge(o.ttftMs);
    ttftSumMs += o.ttftSumMs;
    inputTokens += o.inputTokens;
    outputTokens += o.outputTokens;
    cacheReadTokens += o.cacheReadTokens;
    cacheCreationTokens += o.cacheCreationTokens;
    reasoningTokens += o.reasoningTokens;
    costPicos += o.costPicos;
    cacheSavingsPicos += o.cacheSavingsPicos;
    unpricedTokens += o.unpricedTokens;
  }

  /** Adds one value to a histogram over {@link #BOUNDS_MS}. */
  static void addValue(HistogramAccumulator h, double v) {
    if (h.bounds == null) {
      h.bounds = BOUNDS_MS.clone();
      h.counts = new long[BOUNDS_MS.length + 1];
    }
    int bucket = BOUNDS_MS.length;
    for (int i = 0; i < BOUNDS_MS.length; i++) {
      if (v <= BOUNDS_MS[i]) {
        bucket = i;
        break;
      }
    }
    h.counts[bucket]++;
    boolean first = h.count == 0;
    h.sum += v;
    h.count++;
    h.min = first ? v : Math.min(h.min, v);
    h.max = first ? v : Math.max(h.max, v);
    h.minKnown = true;
    h.maxKnown = true;
  }
}
