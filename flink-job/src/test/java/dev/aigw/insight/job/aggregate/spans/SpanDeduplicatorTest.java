package dev.aigw.insight.job.aggregate.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.serialization.SpanKey;
import dev.aigw.insight.job.serialization.SpanKeyTypeInfo;
import dev.aigw.insight.job.testing.OperatorHarness;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
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
      tick(h);

      assertThat(h.drain()).extracting(c -> c.ids).containsExactly(key("a"), key("b"));
      assertThat(h.counter(SpanDeduplicator.DUPLICATES)).isEqualTo(1);
      assertThat(h.counter(SpanDeduplicator.CONFLICTS)).isEqualTo(1);
    }
  }

  @Test
  void withoutTheFilterEverySpanReadsTheStateAndTheRulesAreTheSame() throws Exception {
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h =
        OperatorHarness.of(
            new SpanDeduplicator(Duration.ofMinutes(10), 0),
            LlmCall::dedupKey,
            SpanKeyTypeInfo.INSTANCE)) {
      h.process(call("a", 10), 0);
      h.process(call("a", 10), 0);
      h.process(call("a", 11), 0);
      h.process(call("b", 10), 0);
      tick(h);

      assertThat(h.drain()).extracting(c -> c.ids).containsExactly(key("a"), key("b"));
      assertThat(h.counter(SpanDeduplicator.DUPLICATES)).isEqualTo(1);
      assertThat(h.counter(SpanDeduplicator.CONFLICTS)).isEqualTo(1);
    }
  }

  @Test
  void aSpanIsForgottenAfterItsTtl() throws Exception {
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      h.setProcessingTime(1_000);
      h.process(call("a", 10), 0);
      h.setProcessingTime(1_000 + SpanDeduplicator.TICK_MS);
      h.setProcessingTime(1_000 + Duration.ofMinutes(11).toMillis());
      h.process(call("a", 10), 0);
      tick(h);

      assertThat(h.drain()).hasSize(2);
      assertThat(h.counter(SpanDeduplicator.DUPLICATES)).isZero();
    }
  }

  @Test
  void aReSentSpanIsRecognisedAcrossGenerationsUpToTheTtl() throws Exception {
    // the filter starts a generation every ttl / 4: copies 9 minutes later must still find it
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      for (int minute = 0; minute < 10; minute++) {
        h.setProcessingTime(1_000 + Duration.ofMinutes(minute).toMillis());
        h.process(call("s" + minute, 10), 0);
        for (int earlier = 0; earlier <= minute; earlier++) {
          h.process(call("s" + earlier, 10), 0);
        }
      }
      tick(h);

      assertThat(h.drain()).hasSize(10);
      assertThat(h.counter(SpanDeduplicator.DUPLICATES)).isEqualTo(55);
    }
  }

  @Test
  void aRestoredStateStillRecognisesEverySpanAndConflictOnRocksDb() throws Exception {
    OperatorSubtaskState checkpoint;
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> before = rocksDb()) {
      before.open();
      for (int i = 0; i < 1_000; i++) {
        before.processElement(call("s" + i, 10), 0);
      }
      // as the task does: the operator's pre-barrier step, then the snapshot
      before.prepareSnapshotPreBarrier(1L);
      checkpoint = before.snapshot(1L, 1L);
      assertThat(before.extractOutputValues()).hasSize(1_000);
    }

    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> after =
        rocksDb(metrics)) {
      after.initializeState(checkpoint);
      after.open();
      for (int i = 0; i < 1_000; i++) {
        after.processElement(call("s" + i, i % 10 == 0 ? 11 : 10), 0);
      }
      after.processElement(call("new", 10), 0);
      after.processWatermark(new Watermark(0));

      assertThat(after.extractOutputValues()).extracting(c -> c.ids).containsExactly(key("new"));
      assertThat(((Counter) metrics.get(SpanDeduplicator.DUPLICATES)).getCount()).isEqualTo(900);
      assertThat(((Counter) metrics.get(SpanDeduplicator.CONFLICTS)).getCount()).isEqualTo(100);
    }
  }

  @Test
  void restoresTheStateOfTheSession8OperatorOnRocksDb() throws Exception {
    // session 8 ran the same state in a KeyedProcessOperator (which also holds timer state)
    OperatorSubtaskState checkpoint;
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> before =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new Session8Deduplicator(Duration.ofMinutes(10))),
            LlmCall::dedupKey,
            SpanKeyTypeInfo.INSTANCE,
            OperatorHarness.environment(new InterceptingOperatorMetricGroup()))) {
      before.setStateBackend(new EmbeddedRocksDBStateBackend());
      before.open();
      before.processElement(call("a", 10), 0);
      before.processElement(call("b", 10), 0);
      checkpoint = before.snapshot(1L, 1L);
    }

    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> after =
        rocksDb(metrics)) {
      after.initializeState(checkpoint);
      after.open();
      after.processElement(call("a", 10), 0);
      after.processElement(call("b", 12), 0);
      after.processElement(call("c", 10), 0);
      after.processWatermark(new Watermark(0));

      assertThat(after.extractOutputValues()).extracting(c -> c.ids).containsExactly(key("c"));
      assertThat(((Counter) metrics.get(SpanDeduplicator.DUPLICATES)).getCount()).isEqualTo(1);
      assertThat(((Counter) metrics.get(SpanDeduplicator.CONFLICTS)).getCount()).isEqualTo(1);
    }
  }

  @Test
  void copiesInsideOneGroupAreOneCallDuplicatesAndConflicts() throws Exception {
    // the filter is probed for the whole group before any add: the copies must still be found
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      h.process(call("a", 10), 0);
      h.process(call("b", 10), 0);
      h.process(call("a", 10), 0);
      h.process(call("c", 10), 0);
      h.process(call("a", 11), 0);
      h.process(call("b", 10), 0);
      assertThat(h.drain()).as("held until the group is handled").isEmpty();
      tick(h);

      assertThat(h.drain()).extracting(c -> c.ids).containsExactly(key("a"), key("b"), key("c"));
      assertThat(h.counter(SpanDeduplicator.DUPLICATES)).isEqualTo(2);
      assertThat(h.counter(SpanDeduplicator.CONFLICTS)).isEqualTo(1);
    }
  }

  @Test
  void aFullGroupLeavesAtOnceAndACopyInALaterGroupIsADuplicate() throws Exception {
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      for (int i = 0; i < SpanDeduplicator.GROUP; i++) {
        h.process(call("s" + i, 10), 0);
      }
      assertThat(h.drain()).hasSize(SpanDeduplicator.GROUP);
      h.process(call("s0", 10), 0);
      h.process(call("s1", 12), 0);
      h.process(call("new", 10), 0);
      tick(h);

      assertThat(h.drain()).extracting(c -> c.ids).containsExactly(key("new"));
      assertThat(h.counter(SpanDeduplicator.DUPLICATES)).isEqualTo(1);
      assertThat(h.counter(SpanDeduplicator.CONFLICTS)).isEqualTo(1);
    }
  }

  @Test
  void theGroupLeavesAtTheTick() throws Exception {
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      h.process(call("a", 10), 0);
      h.setProcessingTime(SpanDeduplicator.TICK_MS - 1);
      assertThat(h.drain()).isEmpty();
      h.setProcessingTime(SpanDeduplicator.TICK_MS);
      assertThat(h.drain()).extracting(c -> c.ids).containsExactly(key("a"));
      h.process(call("b", 10), 0);
      h.setProcessingTime(2 * SpanDeduplicator.TICK_MS);
      assertThat(h.drain()).extracting(c -> c.ids).containsExactly(key("b"));
    }
  }

  @Test
  void theGroupLeavesBeforeAWatermarkWithItsTimestamps() throws Exception {
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      h.process(call("a", 10), 5);
      h.process(call("b", 10), 7);
      h.raw().processWatermark(new Watermark(7));

      assertThat(h.raw().getOutput())
          .extracting(SpanDeduplicatorTest::describe)
          .containsExactly(key("a") + " at 5", key("b") + " at 7", "watermark 7");
    }
  }

  @Test
  void theGroupIsWrittenBeforeTheBarrierAndItsKeysAreInTheRestoredState() throws Exception {
    OperatorSubtaskState checkpoint;
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> before = rocksDb()) {
      before.open();
      before.processElement(call("a", 10), 0);
      before.processElement(call("b", 10), 0);
      assertThat(before.extractOutputValues()).isEmpty();
      // as the task does: the operator's pre-barrier step, then the snapshot
      before.prepareSnapshotPreBarrier(1L);
      checkpoint = before.snapshot(1L, 1L);
      assertThat(before.extractOutputValues())
          .extracting(c -> c.ids)
          .containsExactly(key("a"), key("b"));
    }

    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> after =
        rocksDb(metrics)) {
      after.initializeState(checkpoint);
      after.open();
      after.processElement(call("a", 10), 0);
      after.processElement(call("b", 10), 0);
      after.processElement(call("c", 10), 0);
      after.processWatermark(new Watermark(0));

      assertThat(after.extractOutputValues()).extracting(c -> c.ids).containsExactly(key("c"));
      assertThat(((Counter) metrics.get(SpanDeduplicator.DUPLICATES)).getCount()).isEqualTo(2);
    }
  }

  @Test
  void theGroupLeavesWhenTheInputEnds() throws Exception {
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      h.process(call("a", 10), 0);
      h.raw().getOneInputOperator().finish();
      assertThat(h.drain()).extracting(c -> c.ids).containsExactly(key("a"));
    }
  }

  /** An output element as text: a call's key and timestamp, or a watermark. */
  @SuppressWarnings("unchecked")
  private static String describe(Object element) {
    if (element instanceof Watermark) {
      return "watermark " + ((Watermark) element).getTimestamp();
    }
    StreamRecord<LlmCall> record = (StreamRecord<LlmCall>) element;
    return record.getValue().ids + " at " + record.getTimestamp();
  }

  /** Lets processing time pass by one tick: the group held leaves. */
  private static void tick(OperatorHarness<SpanKey, LlmCall, LlmCall> h) throws Exception {
    h.setProcessingTime(h.raw().getProcessingTime() + SpanDeduplicator.TICK_MS);
  }

  /** The session-8 deduplication as it was: a keyed process function on the same state. */
  private static final class Session8Deduplicator
      extends KeyedProcessFunction<SpanKey, LlmCall, LlmCall> {
    private final Duration ttl;
    private transient ValueState<Long> seen;

    Session8Deduplicator(Duration ttl) {
      this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
      ValueStateDescriptor<Long> descriptor =
          new ValueStateDescriptor<>(SpanDeduplicator.STATE, Types.LONG);
      descriptor.enableTimeToLive(
          StateTtlConfig.newBuilder(ttl)
              .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
              .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
              .build());
      seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(LlmCall call, Context ctx, Collector<LlmCall> out) throws Exception {
      if (seen.value() == null) {
        seen.update(call.contentFingerprint());
        out.collect(call);
      }
    }
  }

  private static OperatorHarness<SpanKey, LlmCall, LlmCall> harness() throws Exception {
    return OperatorHarness.of(
        new SpanDeduplicator(Duration.ofMinutes(10)), LlmCall::dedupKey, SpanKeyTypeInfo.INSTANCE);
  }

  private static KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> rocksDb()
      throws Exception {
    return rocksDb(new InterceptingOperatorMetricGroup());
  }

  private static KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> rocksDb(
      InterceptingOperatorMetricGroup metrics) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new SpanDeduplicator(Duration.ofMinutes(10)),
            LlmCall::dedupKey,
            SpanKeyTypeInfo.INSTANCE,
            OperatorHarness.environment(metrics));
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  /** The key of span {@code spanId} of trace {@code t} (ids as text: the key keeps them). */
  private static SpanKey key(String spanId) {
    return SpanKey.of("t", spanId);
  }

  private static LlmCall call(String spanId, long inputTokens) {
    LlmCall c = new LlmCall();
    c.ids = key(spanId);
    c.application = "app";
    c.provider = "openai";
    c.model = "gpt-4o";
    c.startNanos = 1;
    c.endNanos = 2;
    c.inputTokens = inputTokens;
    return c;
  }
}
