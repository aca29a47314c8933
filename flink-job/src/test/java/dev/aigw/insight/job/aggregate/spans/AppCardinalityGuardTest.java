package dev.aigw.insight.job.aggregate.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.CardinalityGuard;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.serialization.SpanKey;
import dev.aigw.insight.job.testing.ManualClock;
import dev.aigw.insight.job.testing.OperatorHarness;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

/** Providers and models per application beyond the caps fold into "other", counted. */
class AppCardinalityGuardTest {

  @Test
  void namesBeyondTheCapsOfOneApplicationFold() throws Exception {
    try (OperatorHarness<String, LlmCall, LlmCall> h =
        OperatorHarness.of(
            new AppCardinalityGuard(1, 2, Duration.ofHours(1), new ManualClock(0)),
            (LlmCall c) -> c.application,
            Types.STRING)) {
      h.process(call("shop", "openai", "gpt-4o"), 0);
      h.process(call("shop", "openai", "gpt-4o-mini"), 0);
      h.process(call("shop", "openai", "o3"), 0);
      h.process(call("shop", "anthropic", "claude"), 0);
      h.process(call("blog", "anthropic", "claude"), 0);

      assertThat(h.drain())
          .extracting(c -> c.application + "/" + c.provider + "/" + c.model)
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

  private static LlmCall call(String application, String provider, String model) {
    LlmCall c = new LlmCall();
    c.ids = SpanKey.of("t", application + model);
    c.application = application;
    c.provider = provider;
    c.model = model;
    return c;
  }
}
