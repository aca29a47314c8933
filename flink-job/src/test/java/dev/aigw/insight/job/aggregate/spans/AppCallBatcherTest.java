package dev.aigw.insight.job.aggregate.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.serialization.SpanKey;
import dev.aigw.insight.job.testing.OperatorHarness;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;

/**
 * The batcher holds the deduplicated calls per application and sends every call exactly once: on a
 * tick, when a batch is full, before a watermark, before a checkpoint barrier and at the end.
 */
class AppCallBatcherTest {

  @Test
  void callsLeaveOnTheTickOneBatchPerApplicationInTheirOrderWithoutIds() throws Exception {
    try (OperatorHarness<String, LlmCall, AppCallBatch> h = harness()) {
      h.setProcessingTime(0);
      h.process(call("shop", 1), 0);
      h.process(call("blog", 2), 0);
      h.process(call("shop", 3), 0);
      assertThat(h.drain()).as("held until the tick").isEmpty();

      h.setProcessingTime(AppCallBatcher.TICK_MS);
      List<AppCallBatch> out = h.drain();
      assertThat(out).extracting(b -> b.application).containsExactly("shop", "blog");
      assertThat(out.get(0).calls).extracting(c -> c.inputTokens).containsExactly(1L, 3L);
      assertThat(out.get(1).calls).extracting(c -> c.inputTokens).containsExactly(2L);
      assertThat(out.get(0).calls).allSatisfy(c -> assertThat(c.ids).isNull());

      h.setProcessingTime(2 * AppCallBatcher.TICK_MS);
      assertThat(h.drain()).as("nothing twice").isEmpty();
    }
  }

  @Test
  void aFullBatchLeavesAtOnceAndWatermarksBarriersAndTheEndFlush() throws Exception {
    try (OperatorHarness<String, LlmCall, AppCallBatch> h = harness()) {
      for (int i = 0; i < AppCallBatcher.MAX_CALLS; i++) {
        h.process(call("shop", i), 0);
      }
      assertThat(h.drain()).singleElement().satisfies(b -> assertThat(b.calls).hasSize(500));

      h.process(call("shop", 1), 0);
      h.raw().processWatermark(new Watermark(5));
      assertThat(h.raw().getOutput()).hasSize(2); // the batch, then the watermark
      h.drain();

      h.process(call("blog", 2), 0);
      h.raw().prepareSnapshotPreBarrier(1);
      assertThat(h.drain()).extracting(b -> b.application).containsExactly("blog");

      h.process(call("blog", 3), 0);
      h.raw().endInput();
      h.raw().getOneInputOperator().finish();
      assertThat(h.drain()).extracting(b -> b.calls.size()).containsExactly(1);
    }
  }

  private static OperatorHarness<String, LlmCall, AppCallBatch> harness() throws Exception {
    return OperatorHarness.of(new AppCallBatcher(), (LlmCall c) -> c.application, Types.STRING);
  }

  private static LlmCall call(String application, long inputTokens) {
    LlmCall c = new LlmCall();
    c.ids = SpanKey.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
    c.application = application;
    c.provider = "openai";
    c.model = "gpt-4o";
    c.inputTokens = inputTokens;
    return c;
  }
}
