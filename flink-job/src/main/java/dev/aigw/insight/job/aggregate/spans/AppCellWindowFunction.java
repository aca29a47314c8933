package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;
import dev.aigw.insight.job.aggregate.Percentiles;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.TokenCost;
import dev.aigw.insight.schema.app.AppCell;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns the aggregate of one application cell and minute into its {@link AppCell}: the sums as they
 * are, the averages and shares divided by the calls, the percentiles from the histograms. The
 * merged aggregate also goes to {@link AppRollUps#MINUTE_PARTS}, stamped with its minute and
 * version, for the hour and day cells.
 */
public class AppCellWindowFunction
    extends ProcessWindowFunction<AppAggregate, AppCell, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  /** Job metric: application cells emitted (a re-firing after a late span counts again). */
  public static final String CELLS_EMITTED = "genaiAppCellsEmitted";

  private final PercentileMethod method;
  private transient Counter emitted;

  public AppCellWindowFunction(PercentileMethod method) {
    this.method = method;
  }

  @Override
  public void open(OpenContext openContext) {
    emitted = getRuntimeContext().getMetricGroup().counter(CELLS_EMITTED);
  }

  @Override
  public void process(
      String key, Context ctx, Iterable<AppAggregate> aggregates, Collector<AppCell> out) {
    for (AppAggregate a : aggregates) {
      // the minute's merged aggregate on to the hour cells (AppRollUps), when they are built
      ctx.output(AppRollUps.MINUTE_PARTS, AppPeriodAggregate.of(ctx.window().getStart(), a));
      if (a.calls > 0) {
        emitted.inc();
        out.collect(toCell(ctx.window().getStart(), a, method));
      }
    }
  }

  /** The cell of an aggregate of its minute. */
  public static AppCell toCell(long windowStartMs, AppAggregate a, PercentileMethod method) {
    AppCell c = AppCell.at(windowStartMs, a.dimension, a.application, a.provider, a.model);
    double calls = a.calls;
    c.calls = a.calls;
    c.errors = a.errors;
    c.successRate = (a.calls - a.errors) / calls;
    c.latencySumMs = a.latencySumMs;
    c.latencyAvgMs = a.latencySumMs / calls;
    c.latencyP50Ms = Percentiles.of(a.latencyMs, 50, method);
    c.latencyP75Ms = Percentiles.of(a.latencyMs, 75, method);
    c.latencyP90Ms = Percentiles.of(a.latencyMs, 90, method);
    c.latencyP95Ms = Percentiles.of(a.latencyMs, 95, method);
    c.latencyP99Ms = Percentiles.of(a.latencyMs, 99, method);
    c.inputTokens = a.inputTokens;
    c.outputTokens = a.outputTokens;
    c.cacheReadTokens = a.cacheReadTokens;
    c.cacheCreationTokens = a.cacheCreationTokens;
    c.reasoningTokens = a.reasoningTokens;
    c.inputTokensAvg = a.inputTokens / calls;
    c.outputTokensAvg = a.outputTokens / calls;
    c.cacheReadTokensAvg = a.cacheReadTokens / calls;
    c.cacheCreationTokensAvg = a.cacheCreationTokens / calls;
    c.reasoningTokensAvg = a.reasoningTokens / calls;
    c.costPicos = a.costPicos;
    c.estimatedCost = TokenCost.toUnits(a.costPicos);
    c.estimatedCostAvg = c.estimatedCost / calls;
    c.cacheSavingsPicos = a.cacheSavingsPicos;
    c.unpricedTokens = a.unpricedTokens;
    HistogramAccumulator ttft = a.ttftMs;
    c.ttftCount = ttft.count;
    c.ttftSumMs = a.ttftSumMs;
    c.ttftAvgMs = ttft.count == 0 ? 0 : a.ttftSumMs / (double) ttft.count;
    c.ttftP50Ms = Percentiles.of(ttft, 50, method);
    c.ttftP75Ms = Percentiles.of(ttft, 75, method);
    c.ttftP90Ms = Percentiles.of(ttft, 90, method);
    c.ttftP95Ms = Percentiles.of(ttft, 95, method);
    c.ttftP99Ms = Percentiles.of(ttft, 99, method);
    c.streamingCalls = a.streamingCalls;
    c.streamingShare = a.streamingCalls / calls;
    return c;
  }
}
