package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Temporality;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes a resource's batch of points for the first keyed exchange (never kept in state).
 *
 * <p>Compact because every point of a batch repeats the same few strings (service, instance,
 * provider, model, token type, resource) and the same bucket bounds: each is written once per batch
 * and referenced by index afterwards; counts are variable-length.
 */
public final class ResourcePointsSerializer extends CompactSerializer<ResourcePoints> {

  private static final long serialVersionUID = 1L;

  public static final ResourcePointsSerializer INSTANCE = new ResourcePointsSerializer();

  private static final MetricKind[] METRICS = MetricKind.values();
  private static final Temporality[] TEMPORALITIES = Temporality.values();

  private static final int ERROR = 1;
  private static final int HAS_MIN = 2;
  private static final int HAS_MAX = 4;

  /**
   * Batches are not modified once the decoder emitted them, so Flink need not copy them between
   * chained operators (a deep copy of ~100 points per export). The temporality stage, which prices
   * its points in place, always receives its own copy over a keyed exchange.
   */
  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public ResourcePoints createInstance() {
    return new ResourcePoints();
  }

  /** The batch itself (see {@link #isImmutableType()}). */
  @Override
  public ResourcePoints copy(ResourcePoints from) {
    return from;
  }

  @Override
  public void serialize(ResourcePoints batch, DataOutputView out) throws IOException {
    StringTable.Writer table = new StringTable.Writer();
    table.writeString(batch.resourceKey, out);
    if (batch.points == null) {
      out.writeByte(0);
      return;
    }
    Varints.write(batch.points.length + 1L, out);
    for (GenAiPoint p : batch.points) {
      writePoint(p, table, out);
    }
  }

  private static void writePoint(GenAiPoint p, StringTable.Writer table, DataOutputView out)
      throws IOException {
    out.writeByte(code(p.metric) | code(p.temporality) << 3);
    boolean hasMin = !Double.isNaN(p.min);
    boolean hasMax = !Double.isNaN(p.max);
    out.writeByte((p.error ? ERROR : 0) | (hasMin ? HAS_MIN : 0) | (hasMax ? HAS_MAX : 0));
    table.writeString(p.service, out);
    table.writeString(p.instance, out);
    table.writeString(p.provider, out);
    table.writeString(p.model, out);
    table.writeString(p.tokenType, out);
    table.writeString(p.resourceKey, out);
    Keys.write(p.seriesKey, out); // unique per point: a table entry would only cost
    out.writeLong(p.startTimeNanos);
    out.writeLong(p.timeNanos);
    table.writeBounds(p.explicitBounds, out);
    if (p.bucketCounts == null) {
      out.writeByte(0);
    } else {
      Varints.write(p.bucketCounts.length + 1L, out);
      for (long c : p.bucketCounts) {
        Varints.write(c, out);
      }
    }
    out.writeDouble(p.sum);
    Varints.write(p.count, out);
    if (hasMin) {
      out.writeDouble(p.min);
    }
    if (hasMax) {
      out.writeDouble(p.max);
    }
    Varints.write(p.costPicos, out);
    Varints.write(p.cacheSavingsPicos, out);
    Varints.write(p.unpricedTokens, out);
    // the attribution values (repeated by the resource's points: table entries)
    if (p.attribution == null) {
      out.writeByte(0);
    } else {
      Varints.write(p.attribution.length + 1L, out);
      for (String v : p.attribution) {
        table.writeString(v, out);
      }
    }
  }

  @Override
  public ResourcePoints deserialize(DataInputView in) throws IOException {
    StringTable.Reader table = new StringTable.Reader();
    ResourcePoints batch = new ResourcePoints();
    batch.resourceKey = table.readString(in);
    int n = Varints.readInt(in) - 1;
    if (n < 0) {
      return batch;
    }
    batch.points = new GenAiPoint[n];
    for (int i = 0; i < n; i++) {
      batch.points[i] = readPoint(table, in);
    }
    return batch;
  }

  private static GenAiPoint readPoint(StringTable.Reader table, DataInputView in)
      throws IOException {
    GenAiPoint p = new GenAiPoint();
    int kinds = in.readUnsignedByte();
    p.metric = (kinds & 7) == 0 ? null : METRICS[(kinds & 7) - 1];
    p.temporality = (kinds >>> 3) == 0 ? null : TEMPORALITIES[(kinds >>> 3) - 1];
    int flags = in.readUnsignedByte();
    p.error = (flags & ERROR) != 0;
    p.service = table.readString(in);
    p.instance = table.readString(in);
    p.provider = table.readString(in);
    p.model = table.readString(in);
    p.tokenType = table.readString(in);
    p.resourceKey = table.readString(in);
    p.seriesKey = Keys.read(in);
    p.startTimeNanos = in.readLong();
    p.timeNanos = in.readLong();
    p.explicitBounds = table.readBounds(in);
    int buckets = Varints.readInt(in) - 1;
    if (buckets >= 0) {
      p.bucketCounts = new long[buckets];
      for (int i = 0; i < buckets; i++) {
        p.bucketCounts[i] = Varints.read(in);
      }
    }
    p.sum = in.readDouble();
    p.count = Varints.read(in);
    p.min = (flags & HAS_MIN) != 0 ? in.readDouble() : Double.NaN;
    p.max = (flags & HAS_MAX) != 0 ? in.readDouble() : Double.NaN;
    p.costPicos = Varints.read(in);
    p.cacheSavingsPicos = Varints.read(in);
    p.unpricedTokens = Varints.read(in);
    int values = Varints.readInt(in) - 1;
    if (values >= 0) {
      p.attribution = new String[values];
      for (int i = 0; i < values; i++) {
        p.attribution[i] = table.readString(in);
      }
    }
    return p;
  }

  private static int code(Enum<?> e) {
    return e == null ? 0 : e.ordinal() + 1;
  }

  @Override
  public TypeSerializerSnapshot<ResourcePoints> snapshotConfiguration() {
    return new Snapshot();
  }

  /**
   * Snapshot of the (stateless) serializer. Batches are never in state, so the format may change
   * between versions (0.3.0 added the attribution values) without a savepoint migration.
   */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ResourcePoints> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Factory behind {@code @TypeInfo} on {@link ResourcePoints}. */
  public static final class TypeInfoFactory
      extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<ResourcePoints> {
    @Override
    public CompactTypeInfo<ResourcePoints> createTypeInfo(
        java.lang.reflect.Type t,
        java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> generics) {
      return new CompactTypeInfo<>(ResourcePoints.class, INSTANCE);
    }
  }
}
