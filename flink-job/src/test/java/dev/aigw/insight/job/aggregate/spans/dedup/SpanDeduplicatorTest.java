package dev.aigw.insight.job.aggregate.spans.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.serialization.SpanKey;
import dev.aigw.insight.job.serialization.SpanKeyTypeInfo;
import dev.aigw.insight.job.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
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
  void everyKeyGroupOfTheSubtaskHasItsOwnKeyTheSameInEveryRun() {
    KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 3, 1);
    SpanKey[] keys = SpanDeduplicator.keysOfKeyGroups(range, 128);

    assertThat(keys).hasSize(range.getNumberOfKeyGroups());
    for (int i = 0; i < keys.length; i++) {
      assertThat(KeyGroupRangeAssignment.assignToKeyGroup(keys[i], 128))
          .isEqualTo(range.getStartKeyGroup() + i);
    }
    assertThat(SpanDeduplicator.keysOfKeyGroups(range, 128)).containsExactly(keys);
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
  void aReSentSpanIsRecognisedAcrossSlicesUpToTheTtl() throws Exception {
    // a new slice starts every ttl / 4: copies 9 minutes later must still find it
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
    assertARestoredStateRecognisesEverySpanAndConflict(true);
  }

  @Test
  void aRestoredStateRecognisesEverySpanAndConflictOnTheHeapBackendToo() throws Exception {
    // the heap backend lists keys and namespaces and reads the chunks back its own way
    assertARestoredStateRecognisesEverySpanAndConflict(false);
  }

  private static void assertARestoredStateRecognisesEverySpanAndConflict(boolean onRocksDb)
      throws Exception {
    OperatorSubtaskState checkpoint;
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> before =
        subtask(onRocksDb, new InterceptingOperatorMetricGroup(), 1, 0, null)) {
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
        subtask(onRocksDb, metrics, 1, 0, checkpoint)) {
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
  void aRescaledJobRemembersTheSpansOfEachSubtasksKeyGroupsOnRocksDb() throws Exception {
    List<LlmCall> spans = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      spans.add(call("s" + i, 10));
    }
    // two subtasks, each given the spans of its key groups
    OperatorSubtaskState[] twoSubtasks = new OperatorSubtaskState[2];
    for (int subtask = 0; subtask < 2; subtask++) {
      try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> h =
          rocksDb(new InterceptingOperatorMetricGroup(), 2, subtask, null)) {
        for (LlmCall span : spans) {
          if (subtaskOf(span, 2) == subtask) {
            h.processElement(span, 0);
          }
        }
        h.prepareSnapshotPreBarrier(1L);
        twoSubtasks[subtask] = h.snapshot(1L, 1L);
        assertThat(h.extractOutputValues()).hasSize(count(spans, 2, subtask));
      }
    }
    OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(twoSubtasks);

    // scaled in to one subtask: every span is known
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    OperatorSubtaskState oneSubtask;
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> h =
        rocksDb(
            metrics,
            1,
            0,
            AbstractStreamOperatorTestHarness.repartitionOperatorState(merged, MAX, 2, 1, 0))) {
      for (LlmCall span : spans) {
        h.processElement(span, 0);
      }
      h.processElement(call("new", 10), 0);
      h.prepareSnapshotPreBarrier(2L);
      oneSubtask = h.snapshot(2L, 2L);
      assertThat(h.extractOutputValues()).extracting(c -> c.ids).containsExactly(key("new"));
      assertThat(((Counter) metrics.get(SpanDeduplicator.DUPLICATES)).getCount()).isEqualTo(600);
    }

    // scaled out to three: each subtask knows the spans of its key groups
    spans.add(call("new", 10));
    for (int subtask = 0; subtask < 3; subtask++) {
      InterceptingOperatorMetricGroup m = new InterceptingOperatorMetricGroup();
      try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> h =
          rocksDb(
              m,
              3,
              subtask,
              AbstractStreamOperatorTestHarness.repartitionOperatorState(
                  oneSubtask, MAX, 1, 3, subtask))) {
        for (LlmCall span : spans) {
          if (subtaskOf(span, 3) == subtask) {
            h.processElement(span, 0);
          }
        }
        h.processWatermark(new Watermark(0));
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(((Counter) m.get(SpanDeduplicator.DUPLICATES)).getCount())
            .isEqualTo(count(spans, 3, subtask));
      }
    }
  }

  @Test
  void anExpiredSliceLeavesNothingInTheState() throws Exception {
    try (OperatorHarness<SpanKey, LlmCall, LlmCall> h = harness()) {
      h.setProcessingTime(1_000);
      for (int i = 0; i < 100; i++) {
        h.process(call("s" + i, 10), 0);
      }
      h.raw().prepareSnapshotPreBarrier(1L);
      assertThat(h.raw().numKeyedStateEntries()).as("chunks in the key groups").isPositive();

      h.setProcessingTime(1_000 + Duration.ofMinutes(11).toMillis());
      h.process(call("later", 10), 0);
      tick(h);
      assertThat(h.drain()).hasSize(101);
      assertThat(h.raw().numKeyedStateEntries()).as("the new span not yet written").isZero();
    }
  }

  @Test
  void readsTheFormerValuePerSpanOfASession11SavepointOnRocksDb() throws Exception {
    // sessions 8 to 11 kept a TTL'd value per span under the same uid (session 8 in a
    // KeyedProcessOperator, which also holds timer state); its TTL was 1 h by default
    OperatorSubtaskState former;
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> before =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new FormerDeduplicator(Duration.ofHours(1))),
            LlmCall::dedupKey,
            SpanKeyTypeInfo.INSTANCE,
            OperatorHarness.environment(new InterceptingOperatorMetricGroup(), MAX, 1, 0))) {
      before.setStateBackend(new EmbeddedRocksDBStateBackend());
      before.open();
      for (int i = 0; i < 500; i++) {
        before.processElement(call("s" + i, 10), 0);
      }
      former = before.snapshot(1L, 1L);
    }

    OperatorSubtaskState after;
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> h =
        rocksDb(metrics, 1, 0, former)) {
      h.processElement(call("s0", 10), 0);
      h.processElement(call("s1", 12), 0);
      h.processElement(call("new", 10), 0);
      h.prepareSnapshotPreBarrier(2L);
      after = h.snapshot(2L, 2L);

      assertThat(h.extractOutputValues()).extracting(c -> c.ids).containsExactly(key("new"));
      assertThat(((Counter) metrics.get(SpanDeduplicator.DUPLICATES)).getCount()).isEqualTo(1);
      assertThat(((Counter) metrics.get(SpanDeduplicator.CONFLICTS)).getCount()).isEqualTo(1);
    }

    // a checkpoint of the new build still knows them all
    InterceptingOperatorMetricGroup again = new InterceptingOperatorMetricGroup();
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> h =
        rocksDb(again, 1, 0, after)) {
      for (int i = 0; i < 500; i++) {
        h.processElement(call("s" + i, 10), 0);
      }
      h.processElement(call("new", 10), 0);
      h.processWatermark(new Watermark(0));

      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(((Counter) again.get(SpanDeduplicator.DUPLICATES)).getCount()).isEqualTo(501);
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
    try (KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> before =
        rocksDb(new InterceptingOperatorMetricGroup(), 1, 0, null)) {
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
        rocksDb(metrics, 1, 0, checkpoint)) {
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

  /** The deduplication of sessions 8 to 11 as it wrote its state: a TTL'd value per span. */
  private static final class FormerDeduplicator
      extends KeyedProcessFunction<SpanKey, LlmCall, LlmCall> {
    private final Duration ttl;
    private transient ValueState<Long> seen;

    FormerDeduplicator(Duration ttl) {
      this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
      ValueStateDescriptor<Long> descriptor =
          new ValueStateDescriptor<>(SpanDeduplicator.FORMER_STATE, Types.LONG);
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

  private static final int MAX = 128;

  /** An opened subtask of {@code parallelism} on RocksDB, restored from {@code state} if given. */
  private static KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> rocksDb(
      InterceptingOperatorMetricGroup metrics,
      int parallelism,
      int subtask,
      OperatorSubtaskState state)
      throws Exception {
    return subtask(true, metrics, parallelism, subtask, state);
  }

  /**
   * An opened subtask of {@code parallelism} on RocksDB or on the heap backend (the harness's
   * default), restored from {@code state} if given.
   */
  private static KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> subtask(
      boolean onRocksDb,
      InterceptingOperatorMetricGroup metrics,
      int parallelism,
      int subtask,
      OperatorSubtaskState state)
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<SpanKey, LlmCall, LlmCall> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new SpanDeduplicator(Duration.ofMinutes(10)),
            LlmCall::dedupKey,
            SpanKeyTypeInfo.INSTANCE,
            OperatorHarness.environment(metrics, MAX, parallelism, subtask));
    if (onRocksDb) {
      h.setStateBackend(new EmbeddedRocksDBStateBackend());
    }
    h.initializeState(state);
    h.open();
    return h;
  }

  private static int subtaskOf(LlmCall span, int parallelism) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(span.ids, MAX, parallelism);
  }

  private static int count(List<LlmCall> spans, int parallelism, int subtask) {
    return (int) spans.stream().filter(s -> subtaskOf(s, parallelism) == subtask).count();
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
