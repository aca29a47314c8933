package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.SpanOptions;
import dev.aigw.insight.job.serialization.SpanKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Lets each span through once (keyed by trace id + span id): an exporter retry or a replayed Kafka
 * message re-sends the same spans, which must change no cell. The state per span is the content
 * fingerprint of its first copy, kept for a TTL (bounded state: at most the spans of one TTL); a
 * later copy with the same fingerprint is a duplicate, one with another fingerprint a conflict
 * (same ids, different content): both are dropped and counted, the first copy counts.
 *
 * <p>The key is the binary {@link SpanKey} (24 bytes per state entry instead of the former
 * 48-character string, under the operator uid {@code genai-span-dedup-v2}).
 *
 * <p>Almost every span is new, and for a new span the RocksDB lookup (a miss, a search of the
 * memtables and the files' bloom filters through JNI) was the larger half of the deduplication's
 * cost. A {@link SpanKeyFilter} in memory answers most of those misses: only when it says "maybe"
 * is the state read; every first copy is still written to the state, which stays the only record
 * (checkpointed, TTL'd, rescaled by key group as before; the filter is rebuilt from it on restore).
 * The state is the same as before this filter (name, types, TTL), so the uid is too.
 *
 * <p>The calls are handled in groups of up to {@value #GROUP}, in their order of arrival: a call is
 * held until its group is full, the next tick ({@value #TICK_MS} ms of processing time), a
 * watermark (sent after the group), a checkpoint barrier (the group's state writes are in the
 * checkpoint, no call is held across it) or the end of the input. The filter probes the keys of a
 * group together ({@link SpanKeyFilter#mightContain(long[], int, long, boolean[])}), which lets the
 * CPU wait for their cache misses at once instead of one per span between the rest of the job's
 * work; the keys are then handled one by one with the same rules as before. A key the filter
 * answered "no" for is still read from the state when an earlier call of the group has the same key
 * hash: the filter was probed before that call's add, and the state decides.
 *
 * <p>The TTL is Flink's state TTL, on processing time (wall clock): like the connectors' timers it
 * is not on the job's {@code JobClock}; it only bounds how long a retry is recognised. The filter
 * reads the same wall clock through the processing-time service.
 */
public class SpanDeduplicator extends AbstractStreamOperator<LlmCall>
    implements OneInputStreamOperator<LlmCall, LlmCall> {

  private static final long serialVersionUID = 1L;

  /** Job metric: copies of a span seen before with the same content. */
  public static final String DUPLICATES = "genaiSpansDuplicates";

  /** Job metric: copies of a span id seen before with other content. */
  public static final String CONFLICTS = "genaiSpansDuplicateConflicts";

  /** Name of the keyed state (unchanged since the binary key: savepoints keep restoring). */
  static final String STATE = "span-seen";

  /** Calls handled together at most (their filter probes overlap). */
  static final int GROUP = 64;

  /** Processing-time interval at which a group that is not full is handled. */
  static final long TICK_MS = 10;

  /** Memory of the in-memory filter per subtask, spread over its generations. */
  static final long DEFAULT_FILTER_BYTES =
      SpanOptions.DEDUP_FILTER_MEMORY.defaultValue().getBytes();

  private final Duration ttl;
  private final long filterBytes;
  private transient ValueState<Long> seen;
  private transient SpanKeyFilter filter;
  private transient boolean restored;
  private transient Counter duplicates;
  private transient Counter conflicts;

  // the group held: calls, their keys, timestamps and key hashes
  private transient LlmCall[] calls;
  private transient SpanKey[] keys;
  private transient long[] timestamps;
  private transient boolean[] stamped;
  private transient long[] hashes;
  private transient boolean[] maybe;
  private transient boolean[] written;
  private transient int size;
  private transient StreamRecord<LlmCall> reuse;

  public SpanDeduplicator(Duration ttl) {
    this(ttl, DEFAULT_FILTER_BYTES);
  }

  /** A deduplicator whose filter uses {@code filterBytes} of heap at most (0: no filter). */
  public SpanDeduplicator(Duration ttl, long filterBytes) {
    this.ttl = ttl;
    this.filterBytes = filterBytes;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    restored = context.isRestored();
  }

  @Override
  public void open() throws Exception {
    super.open();
    ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>(STATE, Types.LONG);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getState(descriptor);
    duplicates = getMetricGroup().counter(DUPLICATES);
    conflicts = getMetricGroup().counter(CONFLICTS);
    calls = new LlmCall[GROUP];
    keys = new SpanKey[GROUP];
    timestamps = new long[GROUP];
    stamped = new boolean[GROUP];
    hashes = new long[GROUP];
    maybe = new boolean[GROUP];
    written = new boolean[GROUP];
    reuse = new StreamRecord<>(null);
    scheduleTick();
    if (filterBytes <= 0) {
      return;
    }
    long bitsPerGeneration = filterBytes * 8 / (SpanKeyFilter.GENERATIONS + 3);
    filter = new SpanKeyFilter(ttl.toMillis(), bitsPerGeneration);
    if (restored) {
      addRestoredKeys();
    }
  }

  /**
   * Puts every key the restored state holds (of this subtask's key groups; expired entries not yet
   * compacted away included, which only costs a lookup) into the filter: one pass over the state.
   */
  private void addRestoredKeys() throws Exception {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    KeyedStateBackend<SpanKey> backend = getKeyedStateBackend();
    try (Stream<SpanKey> keys = backend.getKeys(STATE, VoidNamespace.INSTANCE)) {
      keys.forEach(key -> filter.addRestored(key, now));
    }
  }

  /**
   * No key context per record: a call is only held when it arrives, and its key is set when its
   * group is handled ({@link #flush}), so Flink's own setting of it (a key serialization for
   * RocksDB per call) would be done twice.
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

  private void scheduleTick() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService()
        .registerTimer(
            now + TICK_MS,
            time -> {
              flush();
              scheduleTick();
            });
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  /** Handles the calls held, in their order of arrival, and forgets them. */
  private void flush() throws Exception {
    if (size == 0) {
      return;
    }
    if (filter != null) {
      for (int i = 0; i < size; i++) {
        hashes[i] = keys[i].hash64();
      }
      filter.mightContain(
          hashes, size, getProcessingTimeService().getCurrentProcessingTime(), maybe);
    }
    for (int i = 0; i < size; i++) {
      LlmCall call = calls[i];
      setCurrentKey(keys[i]);
      boolean read = filter == null || maybe[i] || sameHashEarlier(i);
      Long first = read ? seen.value() : null;
      long fingerprint = call.contentFingerprint();
      written[i] = first == null;
      if (first == null) {
        seen.update(fingerprint);
        output.collect(stamped[i] ? reuse.replace(call, timestamps[i]) : withoutTimestamp(call));
      } else if (first == fingerprint) {
        duplicates.inc();
      } else {
        conflicts.inc();
      }
    }
    if (filter != null) {
      // the clock read after the writes: never before the TTL stamps the state gave the entries
      long now = getProcessingTimeService().getCurrentProcessingTime();
      for (int i = 0; i < size; i++) {
        if (written[i]) {
          filter.add(hashes[i], now);
        }
      }
    }
    Arrays.fill(calls, 0, size, null);
    Arrays.fill(keys, 0, size, null);
    size = 0;
  }

  /** Whether a call before {@code i} in the group has the same key hash (maybe the same key). */
  private boolean sameHashEarlier(int i) {
    long hash = hashes[i];
    for (int j = 0; j < i; j++) {
      if (hashes[j] == hash) {
        return true;
      }
    }
    return false;
  }

  private StreamRecord<LlmCall> withoutTimestamp(LlmCall call) {
    reuse.replace(call);
    reuse.eraseTimestamp();
    return reuse;
  }
}
