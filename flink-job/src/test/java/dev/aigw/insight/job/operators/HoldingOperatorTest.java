package dev.aigw.insight.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The flush points of {@link HoldingOperator}: the tick flushes and comes again, a watermark leaves
 * after the records held before it, the barrier and the end of the input flush, and an operator
 * that does not start the tick holds until one of those.
 */
class HoldingOperatorTest {

  private static final long TICK_MS = 10;

  @Test
  void theTickFlushesAndComesAgain() throws Exception {
    try (OneInputStreamOperatorTestHarness<String, String> h = harness(new Holder(TICK_MS))) {
      h.processElement("a", 1);
      h.processElement("b", 2);
      h.setProcessingTime(TICK_MS - 1);
      assertThat(h.getOutput()).as("held until the tick").isEmpty();

      h.setProcessingTime(TICK_MS);
      assertThat(output(h)).containsExactly(new StreamRecord<>("a", 1), new StreamRecord<>("b", 2));

      h.processElement("c", 3);
      h.setProcessingTime(2 * TICK_MS);
      assertThat(output(h)).containsExactly(new StreamRecord<>("c", 3));

      h.setProcessingTime(3 * TICK_MS);
      assertThat(output(h)).as("nothing held, nothing sent").isEmpty();
    }
  }

  @Test
  void aWatermarkLeavesAfterTheRecordsHeldBeforeIt() throws Exception {
    try (OneInputStreamOperatorTestHarness<String, String> h = harness(new Holder(0))) {
      h.processElement("a", 1);
      h.processElement("b", 2);
      h.processWatermark(new Watermark(5));
      assertThat(output(h))
          .containsExactly(
              new StreamRecord<>("a", 1), new StreamRecord<>("b", 2), new Watermark(5));
    }
  }

  @Test
  void theBarrierAndTheEndOfInputFlush() throws Exception {
    try (OneInputStreamOperatorTestHarness<String, String> h = harness(new Holder(0))) {
      h.processElement("a", 1);
      h.prepareSnapshotPreBarrier(1);
      assertThat(output(h)).containsExactly(new StreamRecord<>("a", 1));

      h.processElement("b", 2);
      h.endInput();
      h.getOneInputOperator().finish();
      assertThat(output(h)).containsExactly(new StreamRecord<>("b", 2));
    }
  }

  @Test
  void withoutTheTickProcessingTimeFlushesNothing() throws Exception {
    try (OneInputStreamOperatorTestHarness<String, String> h = harness(new Holder(0))) {
      h.processElement("a", 1);
      h.setProcessingTime(1_000 * TICK_MS);
      assertThat(h.getOutput()).isEmpty();
    }
  }

  @Test
  void anOverriddenTickDecidesWhetherToFlushAndTheTickComesAgainEitherWay() throws Exception {
    Holder everyOther =
        new Holder(TICK_MS) {
          private int ticks;

          @Override
          protected void onTick() {
            if (++ticks % 2 == 0) {
              flush();
            }
          }
        };
    try (OneInputStreamOperatorTestHarness<String, String> h = harness(everyOther)) {
      h.processElement("a", 1);
      h.setProcessingTime(TICK_MS);
      assertThat(h.getOutput()).isEmpty();

      h.setProcessingTime(2 * TICK_MS);
      assertThat(output(h)).containsExactly(new StreamRecord<>("a", 1));
    }
  }

  private static OneInputStreamOperatorTestHarness<String, String> harness(Holder operator)
      throws Exception {
    OneInputStreamOperatorTestHarness<String, String> h =
        new OneInputStreamOperatorTestHarness<>(operator);
    h.setProcessingTime(0);
    h.open();
    return h;
  }

  /** What the operator sent since the last call, in order; forgets it. */
  private static List<Object> output(OneInputStreamOperatorTestHarness<String, String> h) {
    List<Object> out = new ArrayList<>(h.getOutput());
    h.getOutput().clear();
    return out;
  }

  /** Holds its records in a list; ticks every {@code tickMs} (0: no tick). */
  private static class Holder extends HoldingOperator<String, String> {

    private static final long serialVersionUID = 1L;

    private final long tickMs;
    private transient List<StreamRecord<String>> held;

    Holder(long tickMs) {
      this.tickMs = tickMs;
    }

    @Override
    public void open() throws Exception {
      super.open();
      held = new ArrayList<>();
      if (tickMs > 0) {
        startTicking(tickMs);
      }
    }

    @Override
    public void processElement(StreamRecord<String> element) {
      held.add(element.copy(element.getValue()));
    }

    @Override
    protected void flush() {
      held.forEach(output::collect);
      held.clear();
    }
  }
}
