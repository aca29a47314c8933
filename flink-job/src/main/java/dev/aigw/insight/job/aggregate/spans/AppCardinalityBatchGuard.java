package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.time.JobClock;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-application provider and model caps ({@link AppCardinalityGuard}, whose rule, state and
 * job metrics it runs in its own keyed context) on a batch of one application's calls: one exchange
 * and one keyed-context switch per batch, the rule applied to each call in order.
 */
public class AppCardinalityBatchGuard
    extends KeyedProcessFunction<String, AppCallBatch, AppCallBatch> {

  private static final long serialVersionUID = 1L;

  private final AppCardinalityGuard rule;

  /** The caps and TTL of the gateway cells' guard, on {@code clock}. */
  public AppCardinalityBatchGuard(int maxProviders, int maxModels, Duration ttl, JobClock clock) {
    this.rule = new AppCardinalityGuard(maxProviders, maxModels, ttl, clock);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    rule.setRuntimeContext(getRuntimeContext());
    rule.open(openContext);
  }

  @Override
  public void processElement(AppCallBatch batch, Context ctx, Collector<AppCallBatch> out)
      throws Exception {
    for (LlmCall call : batch.calls) {
      rule.guard(call);
    }
    out.collect(batch);
  }
}
