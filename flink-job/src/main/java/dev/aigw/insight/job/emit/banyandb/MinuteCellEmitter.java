package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.MinuteCell;
import dev.aigw.insight.job.model.Scope;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.MeasurePoint;

/**
 * Writes a {@link MinuteCell} as one data point of its scope × dimension measure, at the start of
 * its minute; a rewrite of the same cell replaces the row.
 */
public final class MinuteCellEmitter implements BanyanDbEmitter<MinuteCell> {
  private static final long serialVersionUID = 1L;

  private final String group;

  public MinuteCellEmitter(String group) {
    this.group = group;
  }

  @Override
  public void emit(MinuteCell cell, BanyanDbOutput output) {
    MeasurePoint.Builder point =
        MeasurePoint.builder(
                group, GenAiMeasures.measureName(cell.scope, cell.dimension), cell.windowStartMs)
            .tag(GenAiMeasures.SERVICE, cell.service);
    if (cell.scope == Scope.INSTANCE) {
      point.tag(GenAiMeasures.INSTANCE, cell.instance);
    }
    if (cell.dimension != Dimension.ALL) {
      point.tag(GenAiMeasures.PROVIDER, cell.provider);
    }
    if (cell.dimension == Dimension.MODEL) {
      point.tag(GenAiMeasures.MODEL, cell.model);
    }
    output.measure(
        point
            .field("requests", cell.requests)
            .field("errors", cell.errors)
            .field("latency_avg_ms", cell.latencyAvgMs)
            .field("latency_p50_ms", cell.latencyP50Ms)
            .field("latency_p75_ms", cell.latencyP75Ms)
            .field("latency_p90_ms", cell.latencyP90Ms)
            .field("latency_p95_ms", cell.latencyP95Ms)
            .field("latency_p99_ms", cell.latencyP99Ms)
            .field("ttft_count", cell.ttftCount)
            .field("ttft_avg_ms", cell.ttftAvgMs)
            .field("ttft_p50_ms", cell.ttftP50Ms)
            .field("ttft_p75_ms", cell.ttftP75Ms)
            .field("ttft_p90_ms", cell.ttftP90Ms)
            .field("ttft_p95_ms", cell.ttftP95Ms)
            .field("ttft_p99_ms", cell.ttftP99Ms)
            .field("tpot_count", cell.tpotCount)
            .field("tpot_avg_ms", cell.tpotAvgMs)
            .field("tpot_p50_ms", cell.tpotP50Ms)
            .field("tpot_p75_ms", cell.tpotP75Ms)
            .field("tpot_p90_ms", cell.tpotP90Ms)
            .field("tpot_p95_ms", cell.tpotP95Ms)
            .field("tpot_p99_ms", cell.tpotP99Ms)
            .field("input_tokens", cell.inputTokens)
            .field("output_tokens", cell.outputTokens)
            .field("cached_input_tokens", cell.cachedInputTokens)
            .field("cache_creation_input_tokens", cell.cacheCreationInputTokens)
            .field("reasoning_tokens", cell.reasoningTokens)
            .field("cost_picos", cell.costPicos)
            .field("estimated_cost", cell.estimatedCost)
            .field("cache_savings_picos", cell.cacheSavingsPicos)
            .field("cache_savings", cell.cacheSavings)
            .field("unpriced_tokens", cell.unpricedTokens)
            .build());
  }
}
