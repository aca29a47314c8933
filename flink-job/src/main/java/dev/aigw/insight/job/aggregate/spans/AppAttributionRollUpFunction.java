package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.cell.CellResolution;

/**
 * Merges the aggregates of one application attribution cell's shorter periods (minutes into an
 * hour, hours into a day) into the {@link AppAttributionCell} of the longer period, exactly ({@link
 * AppPeriodRollUpFunction}), its values computed as a minute cell's ({@link
 * AppAttributionWindowFunction#toCell}); the merged aggregate goes on to the day roll-up through
 * {@link AppAttributionRollUps#HOUR_PARTS}.
 */
public class AppAttributionRollUpFunction
    extends AppPeriodRollUpFunction<AppAttributionPeriodAggregate, AppAttributionCell> {

  private static final long serialVersionUID = 1L;

  /** Job metric: application attribution hour cells emitted (a re-firing counts again). */
  public static final String HOUR_CELLS_EMITTED = "genaiAppAttributionHourCellsEmitted";

  /** Job metric: application attribution day cells emitted (a re-firing counts again). */
  public static final String DAY_CELLS_EMITTED = "genaiAppAttributionDayCellsEmitted";

  public AppAttributionRollUpFunction(CellResolution resolution, PercentileMethod method) {
    super(resolution, method, AppAttributionRollUps.HOUR_PARTS);
  }

  @Override
  protected String counterName() {
    return resolution == CellResolution.HOUR ? HOUR_CELLS_EMITTED : DAY_CELLS_EMITTED;
  }

  @Override
  protected AppAttributionPeriodAggregate part(
      long windowStartMs, AppAttributionPeriodAggregate id, AppAggregate sum) {
    return AppAttributionPeriodAggregate.of(windowStartMs, sum, id.attribute, id.value, id.byModel);
  }

  @Override
  protected AppAttributionCell toCell(
      long windowStartMs, AppAttributionPeriodAggregate id, AppAggregate sum) {
    return AppAttributionWindowFunction.toCell(
        windowStartMs, sum, id.attribute, id.value, id.byModel, method);
  }
}
