package dev.aigw.insight.job.aggregate.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.serialization.SpanKey;
import dev.aigw.insight.job.serialization.SpanKeyTypeInfo;
import dev.aigw.insight.job.testing.OperatorHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each span once: re-sent copies dropped, conflicting copies dropped, both counted; TTL frees. */
class SpanDeduplicatorTest {

  @Test
  void aReSentSpanPassesOnceAndAConflictingCopyIsCounted() throws Exception {
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      h.process(call("a", 10), 0);
      h.process(call("a", 10), 0);
      h.process(call("a", 11), 0);
      h.process(call("b", 10), 0);

      assertThat(h.drain()).extracting(c -> c.spanId).containsExactly("a", "b");
      assertThat(h.counter(SpanDeduplicator.DUPLICATES)).isEqualTo(1);
      assertThat(h.counter(SpanDeduplicator.CONFLICTS)).isEqualTo(1);
    }
  }

  @Test
  void aSpanIsForgottenAfterItsTtl() throws Exception {
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      h.setProcessingTime(1_000);
      h.process(call("a", 10), 0);
      h.setProcessingTime(1_000 + Duration.ofMinutes(11).toMillis());
      h.process(call("a", 10), 0);

      assertThat(h.drain()).hasSize(2);
      assertThat(h.counter(SpanDeduplicator.DUPLICATES)).isZero();
    }
  }

  private static OperatorHarness<SpanKey, LlmCall, LlmCall> harness() throws Exception {
    return OperatorHarness.of(
        new SpanDeduplicator(Duration.ofMinutes(10)), LlmCall::dedupKey, SpanKeyTypeInfo.INSTANCE);
  }

  private static LlmCall call(String spanId, long inputTokens) {
    LlmCall c = new LlmCall();
    c.traceId = "t";
    c.spanId = spanId;
    c.application = "app";
    c.provider = "openai";
    c.model = "gpt-4o";
    c.startNanos = 1;
    c.endNanos = 2;
    c.inputTokens = inputTokens;
    return c;
  }
}
