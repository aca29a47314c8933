package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.time.JobClock;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The application cap ({@link AppApplicationGuard}, whose rule, state and job metric it runs in its
 * own keyed context) on a batch of one application's calls: one admission per batch, the calls
 * renamed together when their application is folded.
 */
public class AppApplicationBatchGuard
    extends KeyedProcessFunction<String, AppCallBatch, AppCallBatch> {

  private static final long serialVersionUID = 1L;

  /** Keys every batch by {@link AppApplicationGuard#KEY}. */
  public static final KeySelector<AppCallBatch, String> ALL = batch -> AppApplicationGuard.KEY;

  private final AppApplicationGuard rule;

  /** The cap and TTL of {@link AppApplicationGuard}, on {@code clock}. */
  public AppApplicationBatchGuard(int maxApplications, Duration ttl, JobClock clock) {
    this.rule = new AppApplicationGuard(maxApplications, ttl, clock);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    rule.setRuntimeContext(getRuntimeContext());
    rule.open(openContext);
  }

  @Override
  public void processElement(AppCallBatch batch, Context ctx, Collector<AppCallBatch> out)
      throws Exception {
    String name = rule.admitted(batch.application, batch.calls.size());
    if (!name.equals(batch.application)) {
      batch.application = name;
      batch.calls.forEach(call -> call.application = name);
    }
    out.collect(batch);
  }
}
