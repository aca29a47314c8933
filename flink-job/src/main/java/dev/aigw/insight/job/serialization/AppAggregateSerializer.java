package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;
import dev.aigw.insight.job.aggregate.spans.AppAggregate;
import dev.aigw.insight.schema.app.AppDimension;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes an {@link AppAggregate}: the application cells' partials on their exchange and their
 * window state in RocksDB (read and written on every partial the window merges).
 *
 * <p>Format (version 1): the dimension (ordinal + 1, 0 for none); the names; the counts and sums as
 * zig-zag variable-length longs; each histogram as a kind byte (0 empty, 1 over {@link
 * AppAggregate#BOUNDS_MS}, 2 with its own bounds following), its bucket counts, sum, count and
 * min/max. Only {@link AppAggregate} itself: subclasses keep their own serializer.
 */
public final class AppAggregateSerializer extends CompactSerializer<AppAggregate> {

  private static final long serialVersionUID = 1L;

  public static final AppAggregateSerializer INSTANCE = new AppAggregateSerializer();

  private static final AppDimension[] DIMENSIONS = AppDimension.values();

  private static final int EMPTY = 0;
  private static final int STANDARD_BOUNDS = 1;
  private static final int OWN_BOUNDS = 2;

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
    LlmCallSerializer.writeSigned(a.calls, out);
    LlmCallSerializer.writeSigned(a.errors, out);
    LlmCallSerializer.writeSigned(a.streamingCalls, out);
    LlmCallSerializer.writeSigned(a.latencySumMs, out);
    LlmCallSerializer.writeSigned(a.ttftSumMs, out);
    LlmCallSerializer.writeSigned(a.inputTokens, out);
    LlmCallSerializer.writeSigned(a.outputTokens, out);
    LlmCallSerializer.writeSigned(a.cacheReadTokens, out);
    LlmCallSerializer.writeSigned(a.cacheCreationTokens, out);
    LlmCallSerializer.writeSigned(a.reasoningTokens, out);
    LlmCallSerializer.writeSigned(a.costPicos, out);
    LlmCallSerializer.writeSigned(a.cacheSavingsPicos, out);
    LlmCallSerializer.writeSigned(a.unpricedTokens, out);
    writeHistogram(a.latencyMs, out);
    writeHistogram(a.ttftMs, out);
  }

  @Override
  public AppAggregate deserialize(DataInputView in) throws IOException {
    AppAggregate a = new AppAggregate();
    int dimension = in.readUnsignedByte();
    a.dimension = dimension == 0 ? null : DIMENSIONS[dimension - 1];
    a.application = LlmCallSerializer.readNullable(in);
    a.provider = LlmCallSerializer.readNullable(in);
    a.model = LlmCallSerializer.readNullable(in);
    a.calls = LlmCallSerializer.readSigned(in);
    a.errors = LlmCallSerializer.readSigned(in);
    a.streamingCalls = LlmCallSerializer.readSigned(in);
    a.latencySumMs = LlmCallSerializer.readSigned(in);
    a.ttftSumMs = LlmCallSerializer.readSigned(in);
    a.inputTokens = LlmCallSerializer.readSigned(in);
    a.outputTokens = LlmCallSerializer.readSigned(in);
    a.cacheReadTokens = LlmCallSerializer.readSigned(in);
    a.cacheCreationTokens = LlmCallSerializer.readSigned(in);
    a.reasoningTokens = LlmCallSerializer.readSigned(in);
    a.costPicos = LlmCallSerializer.readSigned(in);
    a.cacheSavingsPicos = LlmCallSerializer.readSigned(in);
    a.unpricedTokens = LlmCallSerializer.readSigned(in);
    a.latencyMs = readHistogram(in);
    a.ttftMs = readHistogram(in);
    return a;
  }

  private static void writeHistogram(HistogramAccumulator h, DataOutputView out)
      throws IOException {
    if (h == null || h.bounds == null) {
      out.writeByte(EMPTY);
      return;
    }
    if (Arrays.equals(h.bounds, AppAggregate.BOUNDS_MS)) {
      out.writeByte(STANDARD_BOUNDS);
    } else {
      out.writeByte(OWN_BOUNDS);
      Varints.write(h.bounds.length, out);
      for (double b : h.bounds) {
        out.writeDouble(b);
      }
    }
    Varints.write(h.counts.length, out);
    for (long n : h.counts) {
      Varints.write(n, out);
    }
    out.writeDouble(h.sum);
    Varints.write(h.count, out);
    out.writeDouble(h.min);
    out.writeDouble(h.max);
    out.writeByte((h.minKnown ? 1 : 0) | (h.maxKnown ? 2 : 0));
  }

  private static HistogramAccumulator readHistogram(DataInputView in) throws IOException {
    HistogramAccumulator h = new HistogramAccumulator();
    int kind = in.readUnsignedByte();
    if (kind == EMPTY) {
      return h;
    }
    if (kind == STANDARD_BOUNDS) {
      h.bounds = AppAggregate.BOUNDS_MS.clone();
    } else if (kind == OWN_BOUNDS) {
      h.bounds = new double[Varints.readInt(in)];
      for (int i = 0; i < h.bounds.length; i++) {
        h.bounds[i] = in.readDouble();
      }
    } else {
      throw new IOException("unknown histogram encoding " + kind);
    }
    h.counts = new long[Varints.readInt(in)];
    for (int i = 0; i < h.counts.length; i++) {
      h.counts[i] = Varints.read(in);
    }
    h.sum = in.readDouble();
    h.count = Varints.read(in);
    h.min = in.readDouble();
    h.max = in.readDouble();
    int known = in.readUnsignedByte();
    h.minKnown = (known & 1) != 0;
    h.maxKnown = (known & 2) != 0;
    return h;
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
