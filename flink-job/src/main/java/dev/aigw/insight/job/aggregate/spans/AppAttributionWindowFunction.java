package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppCell;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns the aggregate of one application attribution cell and minute into its {@link
 * AppAttributionCell}, the values computed exactly as an application cell's ({@link
 * AppCellWindowFunction#toCell}); a whole-application cell has provider and model {@link
 * AppCell#ABSENT}. The merged aggregate also goes to {@link AppAttributionRollUps#MINUTE_PARTS},
 * stamped with its minute and version, for the hour and day cells.
 */
public class AppAttributionWindowFunction
    extends ProcessWindowFunction<AppAttributionAggregate, AppAttributionCell, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  /** Job metric: application attribution cells emitted (a re-firing counts again). */
  public static final String CELLS_EMITTED = "genaiAppAttributionCellsEmitted";

  private final PercentileMethod method;
  private transient Counter emitted;

  public AppAttributionWindowFunction(PercentileMethod method) {
    this.method = method;
  }

  @Override
  public void open(OpenContext openContext) {
    emitted = getRuntimeContext().getMetricGroup().counter(CELLS_EMITTED);
  }

  @Override
  public void process(
      String key,
      Context ctx,
      Iterable<AppAttributionAggregate> aggregates,
      Collector<AppAttributionCell> out) {
    long start = ctx.window().getStart();
    for (AppAttributionAggregate a : aggregates) {
      // the minute's merged aggregate on to the hour cells (AppAttributionRollUps), when built
      ctx.output(
          AppAttributionRollUps.MINUTE_PARTS,
          AppAttributionPeriodAggregate.of(start, a, a.attribute, a.value, a.byModel));
      if (a.calls > 0) {
        emitted.inc();
        out.collect(toCell(start, a, a.attribute, a.value, a.byModel, method));
      }
    }
  }

  /**
   * The cell of an aggregate of its period (minute, hour or day) under {@code value} of {@code
   * attribute}: the application cell's values, provider and model {@link AppCell#ABSENT} unless
   * {@code byModel}.
   */
  public static AppAttributionCell toCell(
      long windowStartMs,
      AppAggregate a,
      String attribute,
      String value,
      boolean byModel,
      PercentileMethod method) {
    AppCell cell = AppCellWindowFunction.toCell(windowStartMs, a, method);
    if (!byModel) {
      cell.provider = AppCell.ABSENT;
      cell.model = AppCell.ABSENT;
    }
    return new AppAttributionCell(attribute, value, byModel, cell);
  }
}
