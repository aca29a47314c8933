package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.aggregate.spans.AppAggregate;
import dev.aigw.insight.schema.app.AppDimension;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes an {@link AppAggregate}: the application cells' partials on their exchange and their
 * window state in RocksDB (read and written on every partial the window merges).
 *
 * <p>Format (version 1): the dimension (ordinal + 1, 0 for none); the names; the counts and sums as
 * zig-zag variable-length longs; each histogram by {@link HistogramCodec} (its millisecond bounds
 * {@link AppAggregate#BOUNDS_MS} as a one-byte code). Only {@link AppAggregate} itself: subclasses
 * keep their own serializer.
 */
public final class AppAggregateSerializer extends CompactSerializer<AppAggregate> {

  private static final long serialVersionUID = 1L;

  public static final AppAggregateSerializer INSTANCE = new AppAggregateSerializer();

  private static final AppDimension[] DIMENSIONS = AppDimension.values();

  @Override
  public AppAggregate createInstance() {
    return new AppAggregate();
  }

  @Override
  public AppAggregate copy(AppAggregate from) {
    AppAggregate c = new AppAggregate();
    c.merge(from);
    return c;
  }

  @Override
  public void serialize(AppAggregate a, DataOutputView out) throws IOException {
    out.writeByte(a.dimension == null ? 0 : a.dimension.ordinal() + 1);
    LlmCallSerializer.writeNullable(a.application, out);
    LlmCallSerializer.writeNullable(a.provider, out);
    LlmCallSerializer.writeNullable(a.model, out);
    Varints.writeSigned(a.calls, out);
    Varints.writeSigned(a.errors, out);
    Varints.writeSigned(a.streamingCalls, out);
    Varints.writeSigned(a.latencySumMs, out);
    Varints.writeSigned(a.ttftSumMs, out);
    Varints.writeSigned(a.inputTokens, out);
    Varints.writeSigned(a.outputTokens, out);
    Varints.writeSigned(a.cacheReadTokens, out);
    Varints.writeSigned(a.cacheCreationTokens, out);
    Varints.writeSigned(a.reasoningTokens, out);
    Varints.writeSigned(a.costPicos, out);
    Varints.writeSigned(a.cacheSavingsPicos, out);
    Varints.writeSigned(a.unpricedTokens, out);
    HistogramCodec.write(a.latencyMs, out);
    HistogramCodec.write(a.ttftMs, out);
  }

  @Override
  public AppAggregate deserialize(DataInputView in) throws IOException {
    AppAggregate a = new AppAggregate();
    int dimension = in.readUnsignedByte();
    a.dimension = dimension == 0 ? null : DIMENSIONS[dimension - 1];
    a.application = LlmCallSerializer.readNullable(in);
    a.provider = LlmCallSerializer.readNullable(in);
    a.model = LlmCallSerializer.readNullable(in);
    a.calls = Varints.readSigned(in);
    a.errors = Varints.readSigned(in);
    a.streamingCalls = Varints.readSigned(in);
    a.latencySumMs = Varints.readSigned(in);
    a.ttftSumMs = Varints.readSigned(in);
    a.inputTokens = Varints.readSigned(in);
    a.outputTokens = Varints.readSigned(in);
    a.cacheReadTokens = Varints.readSigned(in);
    a.cacheCreationTokens = Varints.readSigned(in);
    a.reasoningTokens = Varints.readSigned(in);
    a.costPicos = Varints.readSigned(in);
    a.cacheSavingsPicos = Varints.readSigned(in);
    a.unpricedTokens = Varints.readSigned(in);
    a.latencyMs = HistogramCodec.read(in);
    a.ttftMs = HistogramCodec.read(in);
    return a;
  }

  @Override
  public TypeSerializerSnapshot<AppAggregate> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Snapshot of the (stateless) serializer: format version 1. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<AppAggregate> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
