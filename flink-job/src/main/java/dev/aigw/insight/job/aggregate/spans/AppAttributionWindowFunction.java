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
 * AppCell#ABSENT}.
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
    for (AppAttributionAggregate a : aggregates) {
      if (a.calls > 0) {
        AppCell cell = AppCellWindowFunction.toCell(ctx.window().getStart(), a, method);
        if (!a.byModel) {
          cell.provider = AppCell.ABSENT;
          cell.model = AppCell.ABSENT;
        }
        emitted.inc();
        out.collect(new AppAttributionCell(a.attribute, a.value, a.byModel, cell));
      }
    }
  }
}
