package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Merges the aggregates of one cell's shorter periods (minutes into an hour, hours into a day) into
 * the cell of the longer period, exactly: histograms by their bucket counts, sums and counts added.
 *
 * <p>A shorter period's aggregate arrives again whenever its window re-fires for late data; of the
 * versions of one period only the newest counts (the highest {@link LeafAggregate#version}, which
 * rises with every firing, see {@link RollUpPipeline#part}). The merged aggregate goes on to the
 * next roll-up through {@link RollUpPipeline#HOUR_PARTS}, stamped with the sum of the newest
 * versions, which rises with every firing of this window as well.
 */
public class RollUpWindowFunction
    extends ProcessWindowFunction<LeafAggregate, MinuteCell, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  private final CellResolution resolution;
  private final CellWindowFunction cells;
  private transient Counter emitted;

  public RollUpWindowFunction(CellResolution resolution, PercentileMethod method) {
    this.resolution = resolution;
    this.cells = new CellWindowFunction(method);
  }

  @Override
  public void open(OpenContext openContext) {
    emitted =
        getRuntimeContext()
            .getMetricGroup()
            .counter(
                resolution == CellResolution.HOUR
                    ? AnalysisMetrics.HOUR_CELLS_EMITTED
                    : AnalysisMetrics.DAY_CELLS_EMITTED);
  }

  @Override
  public void process(
      String cellGroupKey, Context ctx, Iterable<LeafAggregate> parts, Collector<MinuteCell> out) {
    // in time order, so that the sums add up in the same order on every firing
    Map<Long, LeafAggregate> newest = new TreeMap<>();
    LeafAggregate any = null;
    for (LeafAggregate part : parts) {
      any = part;
      newest.merge(part.windowStartMs, part, (a, b) -> b.version > a.version ? b : a);
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
    ctx.output(RollUpPipeline.HOUR_PARTS, RollUpPipeline.part(any, sum, ctx.window(), version));
    MinuteCell cell =
        cells.toCell(ctx.window().getStart(), any.scope.cell(), any.dimension.cell(), any, sum);
    if (!cell.isEmpty()) {
      emitted.inc();
      out.collect(cell);
    }
  }
}
