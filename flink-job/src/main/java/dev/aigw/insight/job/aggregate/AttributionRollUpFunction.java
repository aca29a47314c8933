package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AttributionMetrics;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;

/**
 * Merges the aggregates of one attribution cell's shorter periods (minutes into an hour, hours into
 * a day) into the attribution cell of the longer period, exactly ({@link RollUpFunction}); the
 * merged aggregate goes on to the day roll-up through {@link AttributionRollUps#HOUR_PARTS}.
 */
public class AttributionRollUpFunction extends RollUpFunction<AttributedLeaf, AttributionCell> {

  private static final long serialVersionUID = 1L;

  public AttributionRollUpFunction(CellResolution resolution, PercentileMethod method) {
    super(resolution, method, AttributionRollUps.HOUR_PARTS);
  }

  @Override
  protected String counterName() {
    return resolution == CellResolution.HOUR
        ? AttributionMetrics.HOUR_CELLS_EMITTED
        : AttributionMetrics.DAY_CELLS_EMITTED;
  }

  @Override
  protected AttributedLeaf emptySum(AttributedLeaf id) {
    AttributedLeaf sum = AttributedLeaf.of(id.attribute, id.value, id.service, null, null);
    sum.byModel = id.byModel;
    return sum;
  }

  @Override
  protected AttributionCell toCell(long windowStartMs, AttributedLeaf id, AttributedLeaf sum) {
    MinuteCell cell =
        values.toCell(
            windowStartMs, Scope.SERVICE, id.byModel ? Dimension.MODEL : Dimension.ALL, id, sum);
    return cell.isEmpty() ? null : new AttributionCell(id.attribute, id.value, cell);
  }
}
