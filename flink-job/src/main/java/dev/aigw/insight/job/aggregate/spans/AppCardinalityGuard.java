package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.aggregate.CardinalityGuard;
import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.time.JobClock;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Caps the distinct providers and models per application (keyed by application), by the gateway
 * cells' rule: it delegates each admission to a {@link CardinalityGuard} running in this function's
 * keyed context (its state and its job metrics {@code genaiProvidersFolded} / {@code
 * genaiModelsFolded} on this operator), so a flood of model names cannot exhaust the window state;
 * names beyond the caps become {@value CardinalityGuard#OTHER}.
 */
public class AppCardinalityGuard extends KeyedProcessFunction<String, LlmCall, LlmCall> {

  private static final long serialVersionUID = 1L;

  private final CardinalityGuard rule;

  /** The caps and TTL of the gateway cells' guard, on {@code clock}. */
  public AppCardinalityGuard(int maxProviders, int maxModels, Duration ttl, JobClock clock) {
    this.rule = new CardinalityGuard(maxProviders, maxModels, ttl, clock);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    rule.setRuntimeContext(getRuntimeContext());
    rule.open(openContext);
  }

  @Override
  public void processElement(LlmCall call, Context ctx, Collector<LlmCall> out) throws Exception {
    guard(call);
    out.collect(call);
  }

  /** Folds the call's provider and model in place when beyond the caps (key: its application). */
  void guard(LlmCall call) throws Exception {
    LeafAggregate names = new LeafAggregate();
    names.service = call.application;
    names.provider = call.provider;
    names.model = call.model;
    names.points = 1;
    // the rule folds the names in place; it uses neither the context nor the collector's output
    rule.processElement(names, null, NOTHING);
    call.provider = names.provider;
    call.model = names.model;
  }

  private static final Collector<LeafAggregate> NOTHING =
      new Collector<>() {
        @Override
        public void collect(LeafAggregate record) {}

        @Override
        public void close() {}
      };
}
