package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;

/**
 * Merges the aggregates of one gateway cell's shorter periods (minutes into an hour, hours into a
 * day) into the cell of the longer period, exactly ({@link RollUpFunction}); the merged aggregate
 * goes on to the next roll-up through {@link RollUpPipeline#HOUR_PARTS}.
 */
public class RollUpWindowFunction extends RollUpFunction<LeafAggregate, MinuteCell> {

  private static final long serialVersionUID = 1L;

  public RollUpWindowFunction(CellResolution resolution, PercentileMethod method) {
    super(resolution, method, RollUpPipeline.HOUR_PARTS);
  }

  @Override
  protected String counterName() {
    return resolution == CellResolution.HOUR
        ? AnalysisMetrics.HOUR_CELLS_EMITTED
        : AnalysisMetrics.DAY_CELLS_EMITTED;
  }

  @Override
  protected LeafAggregate emptySum(LeafAggregate id) {
    return new LeafAggregate();
  }

  @Override
  protected MinuteCell toCell(long windowStartMs, LeafAggregate id, LeafAggregate sum) {
    MinuteCell cell = values.toCell(windowStartMs, id.scope.cell(), id.dimension.cell(), id, sum);
    return cell.isEmpty() ? null : cell;
  }
}
