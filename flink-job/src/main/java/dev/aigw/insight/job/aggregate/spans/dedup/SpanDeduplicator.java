package dev.aigw.insight.job.aggregate.spans.dedup;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.operators.HoldingOperator;
import dev.aigw.insight.job.options.SpanOptions;
import dev.aigw.insight.job.serialization.SpanKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.internal.InternalListState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Lets each span through once (by trace id + span id): an exporter retry or a replayed Kafka
 * message re-sends the same spans, which must change no cell. The first copy of a span counts; a
 * later copy with the same content fingerprint is a duplicate, one with another fingerprint a
 * conflict (same ids, different content): both are dropped and counted.
 *
 * <p>What was seen is held by {@link SeenSpans}: in memory, exactly, in slices of processing time
 * kept for the TTL, within a memory budget. The keyed state holds the same entries in bulk: per key
 * group of this subtask and per slice, a list of chunks (12 bytes per span) appended by the
 * journal, read back on restore. Its keys are one {@link SpanKey} per key group (found once at
 * start, the same in every run and every subtask), its namespace the slice's id; a slice that
 * expires is cleared in each key group. Before, each span was a keyed value of its own with a state
 * TTL: a RocksDB write per span, plus its flushes and compactions, were about 60 % of the span
 * job's CPU (docs/benchmarks.md, session 11).
 *
 * <p>The stream is still keyed by the spans' ids: that spreads the spans over the subtasks by key
 * group, and a rescaled job's subtask restores exactly the chunks of its key groups.
 *
 * <p>The calls are handled in groups of up to {@value #GROUP}, in their order of arrival: a call is
 * held until its group is full, the next tick ({@value #TICK_MS} ms of processing time), a
 * watermark (sent after the group), a checkpoint barrier (the group's entries and the journal are
 * in the checkpoint, no call is held across it) or the end of the input. The first slot of each key
 * of a group is read in every slice before the keys are checked one by one, so that the CPU waits
 * for those cache misses together.
 *
 * <p>The TTL is on processing time (wall clock): like the connectors' timers it is not on the job's
 * {@code JobClock}; it only bounds how long a retry is recognised.
 */
public class SpanDeduplicator extends HoldingOperator<LlmCall, LlmCall> {

  private static final long serialVersionUID = 1L;

  /** Job metric: copies of a span seen before with the same content. */
  public static final String DUPLICATES = "genaiSpansDuplicates";

  /** Job metric: copies of a span id seen before with other content. */
  public static final String CONFLICTS = "genaiSpansDuplicateConflicts";

  /** Job metric: spans forgotten before the TTL to stay within the memory budget. */
  public static final String FORGOTTEN_EARLY = "genaiSpansDedupForgottenEarly";

  /** Job metric (gauge): spans remembered by this subtask now. */
  public static final String REMEMBERED = "genaiSpansDedupRemembered";

  /** Name of the keyed list state of the slices' chunks. */
  static final String STATE = "span-seen-slices";

  /**
   * Name of the former keyed value per span (its content fingerprint, TTL'd), read on restore from
   * savepoints of the builds before the slices (session 8 to 11).
   */
  static final String FORMER_STATE = "span-seen";

  /** The id of the slice of the spans read from {@link #FORMER_STATE}. */
  static final long FORMER_SLICE = -1;

  /** Calls handled together at most (their first probes overlap). */
  static final int GROUP = 64;

  /** Processing-time interval at which a group that is not full is handled. */
  static final long TICK_MS = 10;

  /** The default memory budget per subtask. */
  static final long DEFAULT_MEMORY_BYTES = SpanOptions.DEDUP_MEMORY.defaultValue().getBytes();

  private final Duration ttl;
  private final long memoryBytes;
  private transient SeenSpans seen;
  private transient InternalListState<SpanKey, Long, byte[]> chunks;
  private transient AbstractKeyedStateBackend<SpanKey> backend;
  private transient SpanKey[] keyOfGroup;
  private transient int firstKeyGroup;
  private transient boolean restored;
  private transient Counter duplicates;
  private transient Counter conflicts;

  // the group held: calls, their keys, timestamps, key hashes and key groups
  private transient LlmCall[] calls;
  private transient SpanKey[] keys;
  private transient long[] timestamps;
  private transient boolean[] stamped;
  private transient long[] hashes;
  private transient int[] keyGroups;
  private transient int size;
  private transient long touched;
  private transient StreamRecord<LlmCall> reuse;

  public SpanDeduplicator(Duration ttl) {
    this(ttl, DEFAULT_MEMORY_BYTES);
  }

  /** A deduplicator whose remembered spans take {@code memoryBytes} of heap at most. */
  public SpanDeduplicator(Duration ttl, long memoryBytes) {
    this.ttl = ttl;
    this.memoryBytes = memoryBytes;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    restored = context.isRestored();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open() throws Exception {
    super.open();
    backend = (AbstractKeyedStateBackend<SpanKey>) this.<SpanKey>getKeyedStateBackend();
    chunks =
        (InternalListState<SpanKey, Long, byte[]>)
            backend.getOrCreateKeyedState(
                LongSerializer.INSTANCE,
                new ListStateDescriptor<>(
                    STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    KeyGroupRange range = backend.getKeyGroupRange();
    firstKeyGroup = range.getStartKeyGroup();
    keyOfGroup = keysOfKeyGroups(range, backend.getNumberOfKeyGroups());
    seen =
        new SeenSpans(
            ttl.toMillis(),
            memoryBytes,
            firstKeyGroup,
            range.getNumberOfKeyGroups(),
            new KeyedSliceStore());
    if (restored) {
      restoreSlices();
    }
    duplicates = getMetricGroup().counter(DUPLICATES);
    conflicts = getMetricGroup().counter(CONFLICTS);
    getMetricGroup().gauge(FORGOTTEN_EARLY, () -> seen.forgottenEarly());
    getMetricGroup().gauge(REMEMBERED, () -> seen.remembered());
    calls = new LlmCall[GROUP];
    keys = new SpanKey[GROUP];
    timestamps = new long[GROUP];
    stamped = new boolean[GROUP];
    hashes = new long[GROUP];
    keyGroups = new int[GROUP];
    reuse = new StreamRecord<>(null);
    startTicking(TICK_MS);
  }

  /**
   * One key per key group of {@code range}: the first span key {@code (0, 0, n)}, n = 1, 2, ...,
   * that falls in it. Deterministic, so every run and every subtask finds the same keys.
   */
  static SpanKey[] keysOfKeyGroups(KeyGroupRange range, int numberOfKeyGroups) {
    SpanKey[] found = new SpanKey[range.getNumberOfKeyGroups()];
    int missing = found.length;
    for (long n = 1; missing > 0; n++) {
      SpanKey key = SpanKey.of(0, 0, n);
      int group = KeyGroupRangeAssignment.assignToKeyGroup(key, numberOfKeyGroups);
      if (range.contains(group) && found[group - range.getStartKeyGroup()] == null) {
        found[group - range.getStartKeyGroup()] = key;
        missing--;
      }
    }
    return found;
  }

  /** Reads every chunk of this subtask's key groups back into memory. */
  private void restoreSlices() throws Exception {
    List<Tuple2<SpanKey, Long>> stored = new ArrayList<>();
    try (Stream<Tuple2<SpanKey, Long>> all = backend.getKeysAndNamespaces(STATE)) {
      all.forEach(stored::add);
    }
    for (Tuple2<SpanKey, Long> entry : stored) {
      backend.setCurrentKey(entry.f0);
      chunks.setCurrentNamespace(entry.f1);
      Iterable<byte[]> list = chunks.get();
      if (list != null) {
        for (byte[] chunk : list) {
          seen.restore(entry.f1, chunk);
        }
      }
    }
    long now = getProcessingTimeService().getCurrentProcessingTime();
    restoreFormerValues(now);
    seen.restoreDone(now);
  }

  /**
   * Reads the state of the former deduplication (a value per span: its content fingerprint, under a
   * state TTL), as a savepoint of a build before the slices holds it, into a slice of its own
   * stamped with the restore time: those spans are remembered for a TTL from now (longer than they
   * had left, never shorter). The former values are left in place: their own TTL removes them
   * within the former TTL, and until then a later restore reads them again.
   */
  private void restoreFormerValues(long now) throws Exception {
    ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>(FORMER_STATE, Types.LONG);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    // Flink's own pass over every key of a state: streamed on RocksDB, the keys listed first on
    // the heap (reading an expired value removes it, which a heap iteration would not allow)
    backend.applyToAllKeys(
        VoidNamespace.INSTANCE,
        VoidNamespaceSerializer.INSTANCE,
        descriptor,
        (SpanKey span, ValueState<Long> former) -> {
          Long fingerprint = former.value();
          if (fingerprint != null) {
            seen.restore(
                FORMER_SLICE, now, SeenSpans.keyHash(span.hash64()), (int) fingerprint.longValue());
          }
        });
  }

  /**
   * No key context per record: the state is addressed per key group and slice, never per span, so
   * Flink's own setting of the key (a key serialization for RocksDB per call) would be wasted.
   */
  @Override
  public boolean hasKeyContext1() {
    return false;
  }

  @Override
  public void processElement(StreamRecord<LlmCall> element) throws Exception {
    LlmCall call = element.getValue();
    calls[size] = call;
    keys[size] = call.dedupKey(); // the key the stream is keyed by
    stamped[size] = element.hasTimestamp();
    timestamps[size] = element.getTimestamp();
    if (++size == GROUP) {
      flush();
    }
  }

  /** The group is handled first ({@link HoldingOperator}), then the journal is written. */
  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    seen.persist();
  }

  @Override
  public void finish() throws Exception {
    super.finish();
    seen.persist();
  }

  /** Handles the calls held, in their order of arrival, and forgets them. */
  @Override
  protected void flush() throws Exception {
    if (size == 0) {
      return;
    }
    long now = getProcessingTimeService().getCurrentProcessingTime();
    seen.expire(now);
    int numberOfKeyGroups = backend.getNumberOfKeyGroups();
    long any = 0;
    for (int i = 0; i < size; i++) {
      hashes[i] = SeenSpans.keyHash(keys[i].hash64());
      keyGroups[i] = KeyGroupRangeAssignment.assignToKeyGroup(keys[i], numberOfKeyGroups);
      any ^= seen.touch(hashes[i]);
    }
    touched = any; // kept, so that the reads are not optimised away
    for (int i = 0; i < size; i++) {
      LlmCall call = calls[i];
      switch (seen.check(hashes[i], (int) call.contentFingerprint(), keyGroups[i], now)) {
        case NEW:
          output.collect(stamped[i] ? reuse.replace(call, timestamps[i]) : withoutTimestamp(call));
          break;
        case DUPLICATE:
          duplicates.inc();
          break;
        default:
          conflicts.inc();
      }
    }
    Arrays.fill(calls, 0, size, null);
    Arrays.fill(keys, 0, size, null);
    size = 0;
  }

  private StreamRecord<LlmCall> withoutTimestamp(LlmCall call) {
    reuse.replace(call);
    reuse.eraseTimestamp();
    return reuse;
  }

  /** The slices' chunks in the keyed list state: key = the key group's key, namespace = slice. */
  private final class KeyedSliceStore implements SeenSpans.SliceStore {

    @Override
    public void append(long slice, int keyGroup, byte[] chunk) throws Exception {
      backend.setCurrentKeyAndKeyGroup(keyOfGroup[keyGroup - firstKeyGroup], keyGroup);
      chunks.setCurrentNamespace(slice);
      chunks.add(chunk);
    }

    @Override
    public void drop(long slice) throws Exception {
      for (int i = 0; i < keyOfGroup.length; i++) {
        backend.setCurrentKeyAndKeyGroup(keyOfGroup[i], firstKeyGroup + i);
        chunks.setCurrentNamespace(slice);
        chunks.clear();
      }
    }
  }
}
