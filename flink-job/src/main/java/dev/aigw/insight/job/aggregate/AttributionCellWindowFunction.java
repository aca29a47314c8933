package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AttributionMetrics;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Merges the attributed leaves of one attribution cell and minute into an {@link AttributionCell}:
 * of several versions of one leaf only the newest counts, and the values are computed exactly as
 * for a minute cell ({@link CellWindowFunction#toCell}). A cell whose values are all zero is not
 * emitted. The minute's merged aggregate goes to {@link AttributionRollUps#MINUTE_PARTS} for the
 * hour and day cells, stamped with the sum of its leaves' newest versions (which rises with every
 * firing, as for the gateway cells).
 */
public class AttributionCellWindowFunction
    extends ProcessWindowFunction<AttributedLeaf, AttributionCell, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  /** The minute cells' conversion (values, averages, percentiles), used, not run as a window. */
  private final CellWindowFunction values;

  private transient Counter emitted;

  public AttributionCellWindowFunction(PercentileMethod method) {
    this.values = new CellWindowFunction(method);
  }

  @Override
  public void open(OpenContext openContext) {
    emitted = getRuntimeContext().getMetricGroup().counter(AttributionMetrics.CELLS_EMITTED);
  }

  @Override
  public void process(
      String cellGroupKey,
      Context ctx,
      Iterable<AttributedLeaf> parts,
      Collector<AttributionCell> out) {
    Map<String, AttributedLeaf> newest = new HashMap<>();
    AttributedLeaf any = null;
    for (AttributedLeaf part : parts) {
      any = part;
      newest.merge(part.leafKey, part, (a, b) -> b.version > a.version ? b : a);
    }
    if (any == null) {
      return;
    }
    AttributedLeaf sum = AttributedLeaf.of(any.attribute, any.value, any.service, null, null);
    sum.byModel = any.byModel;
    int version = 0;
    for (AttributedLeaf part : newest.values()) {
      sum.merge(part);
      version += part.version;
    }
    // the minute's mergeable aggregate, for the hour and day roll-ups (AttributionRollUps);
    // ignored when nothing reads the side output
    ctx.output(
        AttributionRollUps.MINUTE_PARTS, RollUpPipeline.part(any, sum, ctx.window(), version));
    MinuteCell cell =
        values.toCell(
            ctx.window().getStart(),
            Scope.SERVICE,
            any.byModel ? Dimension.MODEL : Dimension.ALL,
            any,
            sum);
    // the bucket counts for alert rules on attribution cells, as for the minute cells
    CellWindowFunction.withBuckets(cell, sum);
    if (!cell.isEmpty()) {
      emitted.inc();
      out.collect(new AttributionCell(any.attribute, any.value, cell));
    }
  }
}
