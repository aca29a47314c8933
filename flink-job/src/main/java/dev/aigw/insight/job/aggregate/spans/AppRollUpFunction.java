package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.cell.CellResolution;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Merges the aggregates of one application cell's shorter periods (minutes into an hour, hours into
 * a day) into the {@link AppCell} of the longer period, exactly: histograms by their bucket counts,
 * counts and sums added, averages and percentiles computed from the merged values as a minute
 * cell's are ({@link AppCellWindowFunction#toCell}). Of several versions of one period only the
 * newest (the highest {@link AppPeriodAggregate#version}) counts. The merged aggregate goes on to
 * the next roll-up through {@link AppRollUps#HOUR_PARTS}.
 */
public class AppRollUpFunction
    extends ProcessWindowFunction<AppPeriodAggregate, AppCell, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  /** Job metric: application hour cells emitted (a re-firing after late data counts again). */
  public static final String HOUR_CELLS_EMITTED = "genaiAppHourCellsEmitted";

  /** Job metric: application day cells emitted (a re-firing after late data counts again). */
  public static final String DAY_CELLS_EMITTED = "genaiAppDayCellsEmitted";

  private final CellResolution resolution;
  private final PercentileMethod method;
  private transient Counter emitted;

  public AppRollUpFunction(CellResolution resolution, PercentileMethod method) {
    this.resolution = resolution;
    this.method = method;
  }

  @Override
  public void open(OpenContext openContext) {
    emitted =
        getRuntimeContext()
            .getMetricGroup()
            .counter(resolution == CellResolution.HOUR ? HOUR_CELLS_EMITTED : DAY_CELLS_EMITTED);
  }

  @Override
  public void process(
      String cellKey, Context ctx, Iterable<AppPeriodAggregate> parts, Collector<AppCell> out) {
    // in time order, so that the sums add up in the same order on every firing
    Map<Long, AppPeriodAggregate> newest = new TreeMap<>();
    for (AppPeriodAggregate part : parts) {
      newest.merge(part.windowStartMs, part, (a, b) -> b.version > a.version ? b : a);
    }
    if (newest.isEmpty()) {
      return;
    }
    AppAggregate sum = new AppAggregate();
    for (AppPeriodAggregate part : newest.values()) {
      sum.merge(part);
    }
    long start = ctx.window().getStart();
    ctx.output(AppRollUps.HOUR_PARTS, AppPeriodAggregate.of(start, sum));
    if (sum.calls > 0) {
      emitted.inc();
      out.collect(AppCellWindowFunction.toCell(start, sum, method));
    }
  }
}
