package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.Scope;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Stamps a leaf's minute aggregate with its window and firing version and fans it out to the cells
 * it belongs to: service × {all, provider, model}, and the same for its instance when it has one.
 */
public class LeafWindowFunction
    extends ProcessWindowFunction<LeafAggregate, LeafAggregate, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  private static final ValueStateDescriptor<Integer> FIRINGS =
      new ValueStateDescriptor<>("leaf-firings", Types.INT);

  @Override
  public void process(
      String leafKey, Context ctx, Iterable<LeafAggregate> elements, Collector<LeafAggregate> out)
      throws Exception {
    ValueState<Integer> firings = ctx.windowState().getState(FIRINGS);
    int version = firings.value() == null ? 1 : firings.value() + 1;
    firings.update(version);
    for (LeafAggregate leaf : elements) {
      leaf.windowStartMs = ctx.window().getStart();
      leaf.version = version;
      leaf.leafKey = leafKey;
      for (Dimension d : Dimension.values()) {
        out.collect(leaf.forCell(Scope.SERVICE, d));
        if (leaf.instance != null) {
          out.collect(leaf.forCell(Scope.INSTANCE, d));
        }
      }
    }
  }

  @Override
  public void clear(Context ctx) throws Exception {
    ctx.windowState().getState(FIRINGS).clear();
  }
}
