package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.cell.CellResolution;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The roll-up of one span cell's shorter periods (minutes into an hour, hours into a day), generic
 * over the kind of span cell (application cells, application attribution cells): the parts ({@code
 * P}, an {@link AppPeriodAggregate} with the kind's coordinates) are merged exactly with {@link
 * AppAggregate#merge} (histograms by their bucket counts, counts and sums added) into the cell of
 * the longer period ({@code C}), and the merged aggregate goes on to the next roll-up through
 * {@link #next}.
 *
 * <p>A shorter period's aggregate arrives again whenever its window re-fires for late calls; of the
 * versions of one period only the newest (the highest {@link AppPeriodAggregate#version}) counts.
 * The parts are merged in time order, so that the sums add up in the same order on every firing.
 *
 * <p>Subclasses say which counter counts the cells, how a merged sum becomes the part handed on
 * (the kind's own coordinates taken from any part of the window) and how it becomes a cell. The
 * function holds no state of its own: the window's state is the list of its parts, typed by the
 * stream (so generalising the function changes no operator's state).
 */
public abstract class AppPeriodRollUpFunction<P extends AppPeriodAggregate, C>
    extends ProcessWindowFunction<P, C, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  /** The resolution of the cells this window emits. */
  protected final CellResolution resolution;

  /** How the percentiles are read from the merged buckets. */
  protected final PercentileMethod method;

  /** Where the merged aggregates go, for the next roll-up. */
  private final OutputTag<P> next;

  private transient Counter emitted;

  protected AppPeriodRollUpFunction(
      CellResolution resolution, PercentileMethod method, OutputTag<P> next) {
    this.resolution = resolution;
    this.method = method;
    this.next = next;
  }

  /** The name of the counter of cells emitted (one per resolution and kind). */
  protected abstract String counterName();

  /**
   * The merged aggregate of the period starting at {@code windowStartMs} as a part of the next
   * roll-up, with the kind's own coordinates of {@code id} (any part of the window).
   */
  protected abstract P part(long windowStartMs, P id, AppAggregate sum);

  /** The cell of the period starting at {@code windowStartMs} (the sum has calls). */
  protected abstract C toCell(long windowStartMs, P id, AppAggregate sum);

  @Override
  public void open(OpenContext openContext) {
    emitted = getRuntimeContext().getMetricGroup().counter(counterName());
  }

  @Override
  public void process(String cellKey, Context ctx, Iterable<P> parts, Collector<C> out) {
    // in time order, so that the sums add up in the same order on every firing
    Map<Long, P> newest = new TreeMap<>();
    for (P part : parts) {
      newest.merge(part.windowStartMs, part, (a, b) -> b.version > a.version ? b : a);
    }
    if (newest.isEmpty()) {
      return;
    }
    P id = newest.values().iterator().next();
    AppAggregate sum = new AppAggregate();
    for (P part : newest.values()) {
      sum.merge(part);
    }
    long start = ctx.window().getStart();
    ctx.output(next, part(start, id, sum));
    if (sum.calls > 0) {
      emitted.inc();
      out.collect(toCell(start, id, sum));
    }
  }
}
