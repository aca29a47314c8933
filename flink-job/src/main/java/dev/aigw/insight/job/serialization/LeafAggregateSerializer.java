package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.Scope;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes the {@link LeafAggregate}: the partials the temporality stage sends, the minute leaf
 * and cell windows' accumulators and the roll-ups' parts. With many pods each export carries few
 * points per leaf, so partials are many; Flink's reflective POJO serializer wrote three histograms'
 * bounds as raw doubles for each and was the largest cost of that shape (docs/benchmarks.md).
 *
 * <p>Format (version 1): window start, version, the strings (leaf key, cell group key, service,
 * instance, provider, model; Flink's null-aware string encoding), scope and dimension (ordinal + 1,
 * 0 for none: the enums' constants are never reordered, see {@link Scope}), the three histograms
 * ({@link HistogramCodec}), then the counters as zig-zag varints and the event time.
 *
 * <p>Savepoints written before this serializer hold the aggregates in Flink's POJO format: {@link
 * Snapshot} declares them compatible after migration, so Flink reads them with the restored POJO
 * serializer and rewrites them in this format on restore (tested by SavepointCompatibilityITCase).
 */
public final class LeafAggregateSerializer extends CompactSerializer<LeafAggregate> {

  private static final long serialVersionUID = 1L;

  public static final LeafAggregateSerializer INSTANCE = new LeafAggregateSerializer();

  private static final Scope[] SCOPES = Scope.values();
  private static final Dimension[] DIMENSIONS = Dimension.values();

  @Override
  public LeafAggregate createInstance() {
    return new LeafAggregate();
  }

  @Override
  public LeafAggregate copy(LeafAggregate from) {
    LeafAggregate c = new LeafAggregate();
    copyFields(from, c);
    return c;
  }

  /** Copies the fields a {@link LeafAggregate} declares (histograms deep). */
  static void copyFields(LeafAggregate from, LeafAggregate c) {
    c.windowStartMs = from.windowStartMs;
    c.version = from.version;
    c.leafKey = from.leafKey;
    c.cellGroupKey = from.cellGroupKey;
    c.service = from.service;
    c.instance = from.instance;
    c.provider = from.provider;
    c.model = from.model;
    c.scope = from.scope;
    c.dimension = from.dimension;
    c.duration = HistogramCodec.copy(from.duration);
    c.ttft = HistogramCodec.copy(from.ttft);
    c.tpot = HistogramCodec.copy(from.tpot);
    c.errors = from.errors;
    c.inputTokens = from.inputTokens;
    c.outputTokens = from.outputTokens;
    c.cachedInputTokens = from.cachedInputTokens;
    c.cacheCreationInputTokens = from.cacheCreationInputTokens;
    c.reasoningTokens = from.reasoningTokens;
    c.costPicos = from.costPicos;
    c.cacheSavingsPicos = from.cacheSavingsPicos;
    c.unpricedTokens = from.unpricedTokens;
    c.points = from.points;
    c.eventTimeMs = from.eventTimeMs;
  }

  @Override
  public void serialize(LeafAggregate a, DataOutputView out) throws IOException {
    writeFields(a, out);
  }

  /** Writes the fields a {@link LeafAggregate} declares, in the format above. */
  static void writeFields(LeafAggregate a, DataOutputView out) throws IOException {
    out.writeLong(a.windowStartMs);
    Varints.writeSigned(a.version, out);
    StringValue.writeString(a.leafKey, out);
    StringValue.writeString(a.cellGroupKey, out);
    StringValue.writeString(a.service, out);
    StringValue.writeString(a.instance, out);
    StringValue.writeString(a.provider, out);
    StringValue.writeString(a.model, out);
    out.writeByte(a.scope == null ? 0 : a.scope.ordinal() + 1);
    out.writeByte(a.dimension == null ? 0 : a.dimension.ordinal() + 1);
    HistogramCodec.write(a.duration, out);
    HistogramCodec.write(a.ttft, out);
    HistogramCodec.write(a.tpot, out);
    Varints.writeSigned(a.errors, out);
    Varints.writeSigned(a.inputTokens, out);
    Varints.writeSigned(a.outputTokens, out);
    Varints.writeSigned(a.cachedInputTokens, out);
    Varints.writeSigned(a.cacheCreationInputTokens, out);
    Varints.writeSigned(a.reasoningTokens, out);
    Varints.writeSigned(a.costPicos, out);
    Varints.writeSigned(a.cacheSavingsPicos, out);
    Varints.writeSigned(a.unpricedTokens, out);
    Varints.writeSigned(a.points, out);
    out.writeLong(a.eventTimeMs);
  }

  @Override
  public LeafAggregate deserialize(DataInputView in) throws IOException {
    LeafAggregate a = new LeafAggregate();
    readFields(in, a);
    return a;
  }

  /** Reads what {@link #writeFields} wrote into {@code a}. */
  static void readFields(DataInputView in, LeafAggregate a) throws IOException {
    a.windowStartMs = in.readLong();
    a.version = Math.toIntExact(Varints.readSigned(in));
    a.leafKey = StringValue.readString(in);
    a.cellGroupKey = StringValue.readString(in);
    a.service = StringValue.readString(in);
    a.instance = StringValue.readString(in);
    a.provider = StringValue.readString(in);
    a.model = StringValue.readString(in);
    int scope = in.readUnsignedByte();
    a.scope = scope == 0 ? null : SCOPES[scope - 1];
    int dimension = in.readUnsignedByte();
    a.dimension = dimension == 0 ? null : DIMENSIONS[dimension - 1];
    a.duration = HistogramCodec.read(in);
    a.ttft = HistogramCodec.read(in);
    a.tpot = HistogramCodec.read(in);
    a.errors = Varints.readSigned(in);
    a.inputTokens = Varints.readSigned(in);
    a.outputTokens = Varints.readSigned(in);
    a.cachedInputTokens = Varints.readSigned(in);
    a.cacheCreationInputTokens = Varints.readSigned(in);
    a.reasoningTokens = Varints.readSigned(in);
    a.costPicos = Varints.readSigned(in);
    a.cacheSavingsPicos = Varints.readSigned(in);
    a.unpricedTokens = Varints.readSigned(in);
    a.points = Varints.readSigned(in);
    a.eventTimeMs = in.readLong();
  }

  @Override
  public TypeSerializerSnapshot<LeafAggregate> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Snapshot of the (stateless) serializer: format version 1; migrates POJO-format state. */
  public static final class Snapshot extends PojoMigratingSnapshot<LeafAggregate> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Factory behind {@code @TypeInfo} on {@link LeafAggregate}. */
  public static final class TypeInfoFactory
      extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<LeafAggregate> {
    @Override
    public CompactTypeInfo<LeafAggregate> createTypeInfo(
        java.lang.reflect.Type t,
        java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> generics) {
      return new CompactTypeInfo<>(LeafAggregate.class, INSTANCE);
    }
  }
}
