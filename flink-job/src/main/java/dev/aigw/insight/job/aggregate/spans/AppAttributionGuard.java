package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.aggregate.CardinalitySlots;
import dev.aigw.insight.job.options.AttributionMetrics;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.app.AppAttributionCell;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Caps the distinct values of one attribute per application (keyed by (application, attribute)) by
 * the gateway attribution's rule and option ({@code attribution.max-values-per-attribute}): the
 * first values keep their name, further ones become {@value AppAttributionCell#OTHER}, counted in
 * {@value AttributionMetrics#VALUES_FOLDED} on this operator; {@value AppAttributionCell#NONE}
 * takes no slot; a value unseen for the TTL frees its slot. Then aims each call at its two cells.
 * Providers and models were already capped per application upstream ({@link AppCardinalityGuard}),
 * so the per-model cells have the application cells' coordinates.
 */
public class AppAttributionGuard
    extends KeyedProcessFunction<String, AppAttributionTarget, AppAttributionTarget> {

  private static final long serialVersionUID = 1L;

  private final int maxValues;
  private final long ttlMs;
  private final JobClock clock;

  private transient CardinalitySlots values;
  private transient Counter folded;

  public AppAttributionGuard(int maxValues, Duration ttl, JobClock clock) {
    this.maxValues = maxValues;
    this.ttlMs = ttl.toMillis();
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    values = new CardinalitySlots(getRuntimeContext(), "values", maxValues, ttlMs);
    folded = getRuntimeContext().getMetricGroup().counter(AttributionMetrics.VALUES_FOLDED);
  }

  @Override
  public void processElement(
      AppAttributionTarget t, Context ctx, Collector<AppAttributionTarget> out) throws Exception {
    if (!AppAttributionCell.NONE.equals(t.value)
        && !values.admit(ctx.getCurrentKey(), t.value, clock.nowMs())) {
      t.value = AppAttributionCell.OTHER;
      folded.inc();
    }
    out.collect(t.forCell(false));
    out.collect(t.forCell(true));
  }
}
