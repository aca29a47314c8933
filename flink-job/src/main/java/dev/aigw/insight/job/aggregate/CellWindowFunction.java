package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.TokenCost;
import dev.aigw.insight.schema.cell.BucketCounts;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Merges the leaf aggregates of one cell and minute into a {@link MinuteCell}. Of several versions
 * of one leaf (re-firings after late points) only the newest counts. A cell whose values are all
 * zero is not emitted. The cell also carries the minute's merged bucket counts ({@link
 * #withBuckets}) for the alert rules, which the stores never see.
 */
public class CellWindowFunction
    extends ProcessWindowFunction<LeafAggregate, MinuteCell, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  private static final double[] PERCENTILES = {50, 75, 90, 95, 99};

  private final PercentileMethod method;
  private transient Counter emitted;

  public CellWindowFunction(PercentileMethod method) {
    this.method = method;
  }

  @Override
  public void open(OpenContext openContext) {
    emitted = getRuntimeContext().getMetricGroup().counter(AnalysisMetrics.CELLS_EMITTED);
  }

  @Override
  public void process(
      String cellGroupKey, Context ctx, Iterable<LeafAggregate> parts, Collector<MinuteCell> out) {
    Map<String, LeafAggregate> newest = new HashMap<>();
    LeafAggregate any = null;
    for (LeafAggregate part : parts) {
      any = part;
      newest.merge(part.leafKey, part, (a, b) -> b.version > a.version ? b : a);
    }
    if (any == null) {
      return;
    }
    LeafAggregate sum = new LeafAggregate();
    int version = 0;
    for (LeafAggregate part : newest.values()) {
      sum.merge(part);
      version += part.version;
    }
    // the minute's mergeable aggregate, for the hour and day roll-ups (RollUpPipeline); ignored
    // when nothing reads the side output
    ctx.output(RollUpPipeline.MINUTE_PARTS, RollUpPipeline.part(any, sum, ctx.window(), version));
    MinuteCell cell =
        toCell(ctx.window().getStart(), any.scope.cell(), any.dimension.cell(), any, sum);
    withBuckets(cell, sum);
    if (!cell.isEmpty()) {
      emitted.inc();
      out.collect(cell);
    }
  }

  MinuteCell toCell(
      long windowStart, Scope scope, Dimension dim, LeafAggregate id, LeafAggregate v) {
    MinuteCell c =
        MinuteCell.at(windowStart, scope, dim, id.service, id.instance, id.provider, id.model);

    c.requests = v.duration.count;
    c.errors = v.errors;
    c.latencyAvgMs = avgMs(v.duration);
    double[] lat = percentilesMs(v.duration);
    c.latencyP50Ms = lat[0];
    c.latencyP75Ms = lat[1];
    c.latencyP90Ms = lat[2];
    c.latencyP95Ms = lat[3];
    c.latencyP99Ms = lat[4];

    c.ttftCount = v.ttft.count;
    c.ttftAvgMs = avgMs(v.ttft);
    double[] ttft = percentilesMs(v.ttft);
    c.ttftP50Ms = ttft[0];
    c.ttftP75Ms = ttft[1];
    c.ttftP90Ms = ttft[2];
    c.ttftP95Ms = ttft[3];
    c.ttftP99Ms = ttft[4];

    c.tpotCount = v.tpot.count;
    c.tpotAvgMs = avgMs(v.tpot);
    double[] tpot = percentilesMs(v.tpot);
    c.tpotP50Ms = tpot[0];
    c.tpotP75Ms = tpot[1];
    c.tpotP90Ms = tpot[2];
    c.tpotP95Ms = tpot[3];
    c.tpotP99Ms = tpot[4];

    c.inputTokens = v.inputTokens;
    c.outputTokens = v.outputTokens;
    c.cachedInputTokens = v.cachedInputTokens;
    c.cacheCreationInputTokens = v.cacheCreationInputTokens;
    c.reasoningTokens = v.reasoningTokens;
    c.costPicos = v.costPicos;
    c.estimatedCost = TokenCost.toUnits(v.costPicos);
    c.cacheSavingsPicos = v.cacheSavingsPicos;
    c.cacheSavings = TokenCost.toUnits(v.cacheSavingsPicos);
    c.unpricedTokens = v.unpricedTokens;
    // the sums the averages divide, so a reader can average a range exactly (Σsum / Σcount)
    c.latencySumMs = sumMs(v.duration);
    c.ttftSumMs = sumMs(v.ttft);
    c.tpotSumMs = sumMs(v.tpot);
    return c;
  }

  /**
   * Hands the minute's merged histograms to the alert rules ({@link MinuteCell#latencyBuckets}):
   * exact window percentiles and latency-SLO counts need bucket counts, which the stored cell does
   * not keep. Only minute cells get them: the alert rules read nothing else, and the hour and day
   * cells are computed from the leaf aggregates themselves. The counts are copied (the merged
   * aggregate also goes to the roll-ups' side output); the bounds are never changed once set, so
   * they are shared.
   */
  static void withBuckets(MinuteCell c, LeafAggregate v) {
    c.latencyBuckets = buckets(v.duration);
    c.ttftBuckets = buckets(v.ttft);
    c.tpotBuckets = buckets(v.tpot);
  }

  private static BucketCounts buckets(HistogramAccumulator h) {
    if (h == null || h.count == 0 || h.bounds == null) {
      return null;
    }
    return BucketCounts.of(
        h.bounds,
        h.counts.clone(),
        h.minKnown ? h.min : Double.NaN,
        h.maxKnown ? h.max : Double.NaN);
  }

  /** Average in ms; 0 when nothing was recorded (never NaN). */
  static double avgMs(HistogramAccumulator h) {
    return h.count == 0 ? 0 : h.sum / h.count * 1000.0;
  }

  /** Sum in ms; 0 when nothing was recorded. */
  static double sumMs(HistogramAccumulator h) {
    return h.count == 0 ? 0 : h.sum * 1000.0;
  }

  private double[] percentilesMs(HistogramAccumulator h) {
    double[] r = new double[PERCENTILES.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Percentiles.of(h, PERCENTILES[i], method) * 1000.0;
    }
    return r;
  }
}
