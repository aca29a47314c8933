package dev.aigw.insight.job.aggregate;

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
 * The roll-up of one cell's shorter periods (minutes into an hour, hours into a day), generic over
 * the kind of cell: the parts ({@code P}, a {@link LeafAggregate} with the kind's coordinates) are
 * merged exactly (histograms by their bucket counts, sums and counts added) into the cell of the
 * longer period ({@code C}), and the merged aggregate goes on to the next roll-up through {@link
 * #next}.
 *
 * <p>A shorter period's aggregate arrives again whenever its window re-fires for late data; of the
 * versions of one period only the newest counts (the highest {@link LeafAggregate#version}, which
 * rises with every firing, see {@link RollUpPipeline#part}). The merged aggregate is stamped with
 * the sum of the newest versions, which rises with every firing of this window as well.
 *
 * <p>Subclasses say what a kind's empty sum is (its coordinates beyond those of {@link
 * LeafAggregate}), how a sum becomes a cell and which counter counts the cells.
 */
public abstract class RollUpFunction<P extends LeafAggregate, C>
    extends ProcessWindowFunction<P, C, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  /** The resolution of the cells this window emits. */
  protected final CellResolution resolution;

  /** The minute cells' conversion (values, averages, percentiles), used, not run as a window. */
  protected final CellWindowFunction values;

  /** Where the merged aggregates go, for the next roll-up. */
  private final OutputTag<P> next;

  private transient Counter emitted;

  protected RollUpFunction(CellResolution resolution, PercentileMethod method, OutputTag<P> next) {
    this.resolution = resolution;
    this.values = new CellWindowFunction(method);
    this.next = next;
  }

  /** The name of the counter of cells emitted (one per resolution and kind). */
  protected abstract String counterName();

  /** An empty aggregate with the kind's own coordinates of {@code id} (the merge adds the rest). */
  protected abstract P emptySum(P id);

  /**
   * The cell of the period starting at {@code windowStartMs}; null when all its values are zero.
   */
  protected abstract C toCell(long windowStartMs, P id, P sum);

  @Override
  public void open(OpenContext openContext) {
    emitted = getRuntimeContext().getMetricGroup().counter(counterName());
  }

  @Override
  public void process(String cellGroupKey, Context ctx, Iterable<P> parts, Collector<C> out) {
    // in time order, so that the sums add up in the same order on every firing
    Map<Long, P> newest = new TreeMap<>();
    P any = null;
    for (P part : parts) {
      any = part;
      newest.merge(part.windowStartMs, part, (a, b) -> b.version > a.version ? b : a);
    }
    if (any == null) {
      return;
    }
    P sum = emptySum(any);
    int version = 0;
    for (P part : newest.values()) {
      sum.merge(part);
      version += part.version;
    }
    ctx.output(next, RollUpPipeline.part(any, sum, ctx.window(), version));
    C cell = toCell(ctx.window().getStart(), any, sum);
    if (cell != null) {
      emitted.inc();
      out.collect(cell);
    }
  }
}
