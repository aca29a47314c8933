package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.serialization.SpanKey;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets each span through once (keyed by trace id + span id): an exporter retry or a replayed Kafka
 * message re-sends the same spans, which must change no cell. The state per span is the content
 * fingerprint of its first copy, kept for a TTL (bounded state: at most the spans of one TTL); a
 * later copy with the same fingerprint is a duplicate, one with another fingerprint a conflict
 * (same ids, different content): both are dropped and counted, the first copy counts.
 *
 * <p>The key is the binary {@link SpanKey} (24 bytes per state entry instead of the former
 * 48-character string, under the operator uid {@code genai-span-dedup-v2}): this state is read and
 * written for every span, so its key size is what RocksDB writes, flushes and compacts.
 *
 * <p>The TTL is Flink's state TTL, on processing time (wall clock): like the connectors' timers it
 * is not on the job's {@code JobClock}; it only bounds how long a retry is recognised.
 */
public class SpanDeduplicator extends KeyedProcessFunction<SpanKey, LlmCall, LlmCall> {

  private static final long serialVersionUID = 1L;

  /** Job metric: copies of a span seen before with the same content. */
  public static final String DUPLICATES = "genaiSpansDuplicates";

  /** Job metric: copies of a span id seen before with other content. */
  public static final String CONFLICTS = "genaiSpansDuplicateConflicts";

  private final Duration ttl;
  private transient ValueState<Long> seen;
  private transient Counter duplicates;
  private transient Counter conflicts;

  public SpanDeduplicator(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("span-seen", Types.LONG);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES);
    conflicts = getRuntimeContext().getMetricGroup().counter(CONFLICTS);
  }

  @Override
  public void processElement(LlmCall call, Context ctx, Collector<LlmCall> out) throws Exception {
    long fingerprint = call.contentFingerprint();
    Long first = seen.value();
    if (first == null) {
      seen.update(fingerprint);
      out.collect(call);
    } else if (first == fingerprint) {
      duplicates.inc();
    } else {
      conflicts.inc();
    }
  }
}
