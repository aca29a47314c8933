package dev.aigw.insight.job.aggregate.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.CardinalityGuard;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.serialization.SpanKey;
import dev.aigw.insight.job.testing.ManualClock;
import dev.aigw.insight.job.testing.OperatorHarness;
import dev.aigw.insight.schema.app.AppDimension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.junit.jupiter.api.Test;

/**
 * A flood of distinct applications: the first {@value #CAP} keep their name and their exact sums,
 * every further application's calls land in the {@code other} application cell with their sums, the
 * folded calls are counted, and the guard's state holds exactly the cap of names.
 */
class AppApplicationGuardTest {

  private static final int CAP = 10;
  private static final int APPLICATIONS = 200;
  private static final int ROUNDS = 3;

  @Test
  void applicationsBeyondTheCapFoldIntoOtherWithTheirSums() throws Exception {
    ManualClock clock = new ManualClock(0);
    List<LlmCall> out = new ArrayList<>();
    long foldedCalls = 0;
    long foldedInput = 0;
    long foldedOutput = 0;
    long foldedCost = 0;
    try (OperatorHarness<String, LlmCall, LlmCall> h =
        OperatorHarness.of(
            new AppApplicationGuard(CAP, Duration.ofDays(1), clock),
            AppApplicationGuard.ALL,
            Types.STRING)) {
      // the same applications several times: an admitted one stays, a folded one stays folded
      for (int round = 0; round < ROUNDS; round++) {
        for (int a = 0; a < APPLICATIONS; a++) {
          LlmCall c = call("app-" + a, round, a);
          if (a >= CAP) {
            foldedCalls++;
            foldedInput += c.inputTokens;
            foldedOutput += c.outputTokens;
            foldedCost += c.costPicos;
          }
          h.process(c, 0);
        }
        out.addAll(h.drain());
      }
      assertThat(h.counter(AnalysisMetrics.APPLICATIONS_FOLDED)).isEqualTo(foldedCalls);
      assertThat(admittedInState(h)).isEqualTo(CAP);
    }

    Map<String, AppAggregate> cells = applicationCells(out);
    List<String> expectedNames = new ArrayList<>();
    for (int a = 0; a < CAP; a++) {
      expectedNames.add("app-" + a);
    }
    expectedNames.add(CardinalityGuard.OTHER);
    assertThat(cells.keySet()).containsExactlyInAnyOrderElementsOf(expectedNames);
    for (int a = 0; a < CAP; a++) {
      AppAggregate kept = cells.get("app-" + a);
      long in = 0;
      long outTokens = 0;
      long cost = 0;
      for (int round = 0; round < ROUNDS; round++) {
        LlmCall c = call("app-" + a, round, a);
        in += c.inputTokens;
        outTokens += c.outputTokens;
        cost += c.costPicos;
      }
      assertThat(kept.calls).as("app-" + a + " calls").isEqualTo(ROUNDS);
      assertThat(kept.inputTokens).as("app-" + a + " input").isEqualTo(in);
      assertThat(kept.outputTokens).as("app-" + a + " output").isEqualTo(outTokens);
      assertThat(kept.costPicos).as("app-" + a + " cost").isEqualTo(cost);
    }
    AppAggregate other = cells.get(CardinalityGuard.OTHER);
    assertThat(other.calls).isEqualTo(foldedCalls).isEqualTo((long) (APPLICATIONS - CAP) * ROUNDS);
    assertThat(other.inputTokens).isEqualTo(foldedInput);
    assertThat(other.outputTokens).isEqualTo(foldedOutput);
    assertThat(other.costPicos).isEqualTo(foldedCost);
  }

  @Test
  void anApplicationUnseenForTheTtlFreesItsSlot() throws Exception {
    ManualClock clock = new ManualClock(0);
    try (OperatorHarness<String, LlmCall, LlmCall> h =
        OperatorHarness.of(
            new AppApplicationGuard(1, Duration.ofHours(1), clock),
            AppApplicationGuard.ALL,
            Types.STRING)) {
      h.process(call("shop", 0, 1), 0);
      h.process(call("blog", 0, 2), 0);
      clock.set(Duration.ofHours(2).toMillis());
      h.process(call("blog", 1, 2), 0);
      assertThat(h.drain())
          .extracting(c -> c.application)
          .containsExactly("shop", CardinalityGuard.OTHER, "blog");
      assertThat(h.counter(AnalysisMetrics.APPLICATIONS_FOLDED)).isEqualTo(1);
    }
  }

  /** The application-model cells of {@code calls} (one minute), by application, as the window. */
  private static Map<String, AppAggregate> applicationCells(List<LlmCall> calls) {
    AppCallCombiner combiner = new AppCallCombiner();
    calls.forEach(combiner::add);
    List<AppAggregate> partials = new ArrayList<>();
    combiner.emitTo((partial, timestampMs) -> partials.add(partial));
    AppCellAggregator aggregator = new AppCellAggregator();
    Map<String, AppAggregate> byKey = new TreeMap<>();
    Map<String, AppAggregate> byApplication = new TreeMap<>();
    for (AppAggregate p : partials) {
      assertThat(p.dimension).isEqualTo(AppDimension.APPLICATION_MODEL);
      AppAggregate acc =
          byKey.computeIfAbsent(AppCellFanOut.cellKey(p), k -> aggregator.createAccumulator());
      aggregator.add(p, acc);
      byApplication.put(p.application, acc);
    }
    assertThat(byKey).as("one provider and model per application").hasSameSizeAs(byApplication);
    return byApplication;
  }

  private static int admittedInState(OperatorHarness<String, LlmCall, LlmCall> h) throws Exception {
    KeyedStateBackend<String> backend =
        ((AbstractStreamOperator<?>) h.raw().getOperator()).getKeyedStateBackend();
    backend.setCurrentKey(AppApplicationGuard.KEY);
    int n = 0;
    for (String ignored :
        backend
            .getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new MapStateDescriptor<>("applications", Types.STRING, Types.LONG))
            .keys()) {
      n++;
    }
    Integer size =
        backend
            .getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("applications-size", Types.INT))
            .value();
    assertThat(size).isEqualTo(n);
    return n;
  }

  /** A call of {@code application} with token counts and cost that differ by round and index. */
  private static LlmCall call(String application, int round, int index) {
    LlmCall c = new LlmCall();
    c.ids = SpanKey.of("trace-" + round, application);
    c.application = application;
    c.provider = "openai";
    c.model = "gpt-4o";
    c.startNanos = 60_000_000_000L;
    c.endNanos = c.startNanos + (100 + index) * 1_000_000L;
    c.inputTokens = 1000L + 7L * index + round;
    c.outputTokens = 10L + index;
    c.costPicos = 1_000_000L * (index + 1) + round;
    return c;
  }
}
