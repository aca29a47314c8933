package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.cell.CellResolution;

/**
 * Merges the aggregates of one application cell's shorter periods (minutes into an hour, hours into
 * a day) into the {@link AppCell} of the longer period, exactly ({@link AppPeriodRollUpFunction}):
 * averages and percentiles computed from the merged values as a minute cell's are ({@link
 * AppCellWindowFunction#toCell}). The merged aggregate goes on to the next roll-up through {@link
 * AppRollUps#HOUR_PARTS}.
 */
public class AppRollUpFunction extends AppPeriodRollUpFunction<AppPeriodAggregate, AppCell> {

  private static final long serialVersionUID = 1L;

  /** Job metric: application hour cells emitted (a re-firing after late data counts again). */
  public static final String HOUR_CELLS_EMITTED = "genaiAppHourCellsEmitted";

  /** Job metric: application day cells emitted (a re-firing after late data counts again). */
  public static final String DAY_CELLS_EMITTED = "genaiAppDayCellsEmitted";

  public AppRollUpFunction(CellResolution resolution, PercentileMethod method) {
    super(resolution, method, AppRollUps.HOUR_PARTS);
  }

  @Override
  protected String counterName() {
    return resolution == CellResolution.HOUR ? HOUR_CELLS_EMITTED : DAY_CELLS_EMITTED;
  }

  @Override
  protected AppPeriodAggregate part(long windowStartMs, AppPeriodAggregate id, AppAggregate sum) {
    return AppPeriodAggregate.of(windowStartMs, sum);
  }

  @Override
  protected AppCell toCell(long windowStartMs, AppPeriodAggregate id, AppAggregate sum) {
    return AppCellWindowFunction.toCell(windowStartMs, sum, method);
  }
}
