package dev.aigw.insight.job.aggregate.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.CardinalityGuard;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.testing.ManualClock;
import dev.aigw.insight.job.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

/** The guards on batches fold exactly what they fold on single calls, and count every call. */
class AppBatchGuardsTest {

  @Test
  void theApplicationCapFoldsAWholeBatchAndCountsItsCalls() throws Exception {
    try (OperatorHarness<String, AppCallBatch, AppCallBatch> h =
        OperatorHarness.of(
            new AppApplicationBatchGuard(1, Duration.ofHours(1), new ManualClock(0)),
            AppApplicationBatchGuard.ALL,
            Types.STRING)) {
      h.process(batch("shop", "openai/gpt-4o", "openai/gpt-4o"), 0);
      h.process(batch("blog", "openai/gpt-4o", "openai/o3", "anthropic/claude"), 0);
      h.process(batch("shop", "openai/gpt-4o"), 0);

      List<AppCallBatch> out = h.drain();
      assertThat(out)
          .extracting(b -> b.application)
          .containsExactly("shop", CardinalityGuard.OTHER, "shop");
      assertThat(out.get(1).calls)
          .extracting(c -> c.application)
          .containsOnly(CardinalityGuard.OTHER);
      assertThat(h.counter(AnalysisMetrics.APPLICATIONS_FOLDED)).isEqualTo(3);
    }
  }

  @Test
  void theProviderAndModelCapsFoldEachCallOfABatchInOrder() throws Exception {
    try (OperatorHarness<String, AppCallBatch, AppCallBatch> h =
        OperatorHarness.of(
            new AppCardinalityBatchGuard(1, 2, Duration.ofHours(1), new ManualClock(0)),
            AppCallBatch::application,
            Types.STRING)) {
      h.process(
          batch("shop", "openai/gpt-4o", "openai/gpt-4o-mini", "openai/o3", "anthropic/claude"), 0);
      h.process(batch("blog", "anthropic/claude"), 0);

      List<String> names = new ArrayList<>();
      for (AppCallBatch b : h.drain()) {
        b.calls.forEach(c -> names.add(c.application + "/" + c.provider + "/" + c.model));
      }
      assertThat(names)
          .containsExactly(
              "shop/openai/gpt-4o",
              "shop/openai/gpt-4o-mini",
              "shop/openai/" + CardinalityGuard.OTHER,
              "shop/" + CardinalityGuard.OTHER + "/" + CardinalityGuard.OTHER,
              "blog/anthropic/claude");
      assertThat(h.counter(AnalysisMetrics.PROVIDERS_FOLDED)).isEqualTo(1);
      assertThat(h.counter(AnalysisMetrics.MODELS_FOLDED)).isEqualTo(2);
    }
  }

  private static AppCallBatch batch(String application, String... providerModels) {
    List<LlmCall> calls = new ArrayList<>();
    for (String pm : providerModels) {
      LlmCall c = new LlmCall();
      c.application = application;
      c.provider = pm.substring(0, pm.indexOf('/'));
      c.model = pm.substring(pm.indexOf('/') + 1);
      c.startNanos = 60_000_000_000L;
      c.endNanos = c.startNanos + 1_000_000L;
      calls.add(c);
    }
    return new AppCallBatch(application, calls);
  }
}
