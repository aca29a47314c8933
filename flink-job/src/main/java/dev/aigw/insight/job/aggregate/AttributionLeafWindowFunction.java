package dev.aigw.insight.job.aggregate;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Stamps an attributed leaf's minute aggregate with its window and firing version and sends it to
 * its two cells: the per-model cell of its value and the whole-service cell of its value (as {@link
 * LeafWindowFunction} does for the leaves).
 */
public class AttributionLeafWindowFunction
    extends ProcessWindowFunction<AttributedLeaf, AttributedLeaf, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  private static final ValueStateDescriptor<Integer> FIRINGS =
      new ValueStateDescriptor<>("attribution-leaf-firings", Types.INT);

  @Override
  public void process(
      String leafKey, Context ctx, Iterable<AttributedLeaf> elements, Collector<AttributedLeaf> out)
      throws Exception {
    ValueState<Integer> firings = ctx.windowState().getState(FIRINGS);
    int version = firings.value() == null ? 1 : firings.value() + 1;
    firings.update(version);
    for (AttributedLeaf leaf : elements) {
      leaf.windowStartMs = ctx.window().getStart();
      leaf.version = version;
      leaf.leafKey = leafKey;
      out.collect(leaf.forTarget(true));
      out.collect(leaf.forTarget(false));
    }
  }

  @Override
  public void clear(Context ctx) throws Exception {
    ctx.windowState().getState(FIRINGS).clear();
  }
}
