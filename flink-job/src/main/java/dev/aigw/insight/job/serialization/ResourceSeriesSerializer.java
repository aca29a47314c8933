package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.temporality.DeltaHistory;
import dev.aigw.insight.job.temporality.IncarnationState;
import dev.aigw.insight.job.temporality.ResourceSeries;
import dev.aigw.insight.job.temporality.SeriesState;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes the temporality stage's per-resource state, read and written once per export.
 *
 * <p>Format (version 1, the only one): the cleanup timer; the incarnations; the cumulative series
 * (key as in {@code Keys}, flags, times, bounds by per-record table, variable-length counts, sum,
 * min/max when known, last seen); the delta histories (key, ring size and position, last seen, the
 * recorded intervals). A format change needs a new snapshot class that can still read this one
 * (docs/operations.md).
 */
public final class ResourceSeriesSerializer extends CompactSerializer<ResourceSeries> {

  private static final long serialVersionUID = 1L;

  public static final ResourceSeriesSerializer INSTANCE = new ResourceSeriesSerializer();

  private static final int TOMBSTONE = 1;
  private static final int HAS_MIN = 2;
  private static final int HAS_MAX = 4;

  @Override
  public ResourceSeries createInstance() {
    return new ResourceSeries();
  }

  @Override
  public ResourceSeries copy(ResourceSeries from) {
    ResourceSeries c = new ResourceSeries();
    c.cleanupTimerMs = from.cleanupTimerMs;
    for (Map.Entry<Long, IncarnationState> e : from.incarnations.entrySet()) {
      IncarnationState i = new IncarnationState();
      i.firstExportNanos = e.getValue().firstExportNanos;
      i.lastSeenMs = e.getValue().lastSeenMs;
      c.incarnations.put(e.getKey(), i);
    }
    for (Map.Entry<String, SeriesState> e : from.cumulative.entrySet()) {
      SeriesState s = e.getValue();
      SeriesState t = new SeriesState();
      t.startTimeNanos = s.startTimeNanos;
      t.timeNanos = s.timeNanos;
      t.explicitBounds = s.explicitBounds == null ? null : s.explicitBounds.clone();
      t.bucketCounts = s.bucketCounts == null ? null : s.bucketCounts.clone();
      t.sum = s.sum;
      t.count = s.count;
      t.min = s.min;
      t.max = s.max;
      t.lastSeenMs = s.lastSeenMs;
      t.tombstone = s.tombstone;
      c.cumulative.put(e.getKey(), t);
    }
    for (Map.Entry<String, DeltaHistory> e : from.deltas.entrySet()) {
      DeltaHistory h = e.getValue();
      DeltaHistory t = new DeltaHistory();
      t.starts = h.starts.clone();
      t.ends = h.ends.clone();
      t.size = h.size;
      t.next = h.next;
      t.lastSeenMs = h.lastSeenMs;
      c.deltas.put(e.getKey(), t);
    }
    return c;
  }

  @Override
  public void serialize(ResourceSeries r, DataOutputView out) throws IOException {
    out.writeLong(r.cleanupTimerMs);
    Varints.write(r.incarnations.size(), out);
    for (Map.Entry<Long, IncarnationState> e : r.incarnations.entrySet()) {
      out.writeLong(e.getKey());
      out.writeLong(e.getValue().firstExportNanos);
      out.writeLong(e.getValue().lastSeenMs);
    }
    StringTable.Writer table = new StringTable.Writer();
    Varints.write(r.cumulative.size(), out);
    for (Map.Entry<String, SeriesState> e : r.cumulative.entrySet()) {
      Keys.write(e.getKey(), out);
      writeSeries(e.getValue(), table, out);
    }
    Varints.write(r.deltas.size(), out);
    for (Map.Entry<String, DeltaHistory> e : r.deltas.entrySet()) {
      Keys.write(e.getKey(), out);
      DeltaHistory h = e.getValue();
      int size = Math.min(h.size, h.starts.length);
      out.writeByte(size);
      out.writeByte(h.next);
      out.writeLong(h.lastSeenMs);
      for (int i = 0; i < size; i++) {
        out.writeLong(h.starts[i]);
        out.writeLong(h.ends[i]);
      }
    }
  }

  private static void writeSeries(SeriesState s, StringTable.Writer table, DataOutputView out)
      throws IOException {
    boolean hasMin = !Double.isNaN(s.min);
    boolean hasMax = !Double.isNaN(s.max);
    out.writeByte((s.tombstone ? TOMBSTONE : 0) | (hasMin ? HAS_MIN : 0) | (hasMax ? HAS_MAX : 0));
    out.writeLong(s.startTimeNanos);
    out.writeLong(s.timeNanos);
    out.writeLong(s.lastSeenMs);
    table.writeBounds(s.explicitBounds, out);
    if (s.bucketCounts == null) {
      out.writeByte(0);
    } else {
      Varints.write(s.bucketCounts.length + 1L, out);
      for (long c : s.bucketCounts) {
        Varints.write(c, out);
      }
    }
    out.writeDouble(s.sum);
    Varints.write(s.count, out);
    if (hasMin) {
      out.writeDouble(s.min);
    }
    if (hasMax) {
      out.writeDouble(s.max);
    }
  }

  @Override
  public ResourceSeries deserialize(DataInputView in) throws IOException {
    ResourceSeries r = new ResourceSeries();
    r.cleanupTimerMs = in.readLong();
    int incarnations = Varints.readInt(in);
    for (int i = 0; i < incarnations; i++) {
      long start = in.readLong();
      IncarnationState inc = new IncarnationState();
      inc.firstExportNanos = in.readLong();
      inc.lastSeenMs = in.readLong();
      r.incarnations.put(start, inc);
    }
    StringTable.Reader table = new StringTable.Reader();
    int cumulative = Varints.readInt(in);
    r.cumulative = new HashMap<>(capacityFor(cumulative));
    for (int i = 0; i < cumulative; i++) {
      String key = Keys.read(in);
      r.cumulative.put(key, readSeries(table, in));
    }
    int deltas = Varints.readInt(in);
    // sized once: a resource holds ~100 series, and growing the map cost as much as filling it
    r.deltas = new HashMap<>(capacityFor(deltas));
    for (int i = 0; i < deltas; i++) {
      String key = Keys.read(in);
      DeltaHistory h = new DeltaHistory();
      int size = in.readUnsignedByte();
      h.next = in.readUnsignedByte() % DeltaHistory.SIZE;
      h.lastSeenMs = in.readLong();
      for (int j = 0; j < size; j++) {
        long start = in.readLong();
        long end = in.readLong();
        if (j < DeltaHistory.SIZE) {
          h.starts[j] = start;
          h.ends[j] = end;
        }
      }
      h.size = Math.min(size, DeltaHistory.SIZE);
      r.deltas.put(key, h);
    }
    return r;
  }

  /** A map capacity that holds {@code entries} without resizing (at the default load factor). */
  private static int capacityFor(int entries) {
    return (int) (entries / 0.75f) + 1;
  }

  private static SeriesState readSeries(StringTable.Reader table, DataInputView in)
      throws IOException {
    SeriesState s = new SeriesState();
    int flags = in.readUnsignedByte();
    s.tombstone = (flags & TOMBSTONE) != 0;
    s.startTimeNanos = in.readLong();
    s.timeNanos = in.readLong();
    s.lastSeenMs = in.readLong();
    s.explicitBounds = table.readBounds(in); // shared between series: bounds are never modified
    int buckets = Varints.readInt(in) - 1;
    if (buckets >= 0) {
      s.bucketCounts = new long[buckets];
      for (int i = 0; i < buckets; i++) {
        s.bucketCounts[i] = Varints.read(in);
      }
    }
    s.sum = in.readDouble();
    s.count = Varints.read(in);
    s.min = (flags & HAS_MIN) != 0 ? in.readDouble() : Double.NaN;
    s.max = (flags & HAS_MAX) != 0 ? in.readDouble() : Double.NaN;
    return s;
  }

  @Override
  public TypeSerializerSnapshot<ResourceSeries> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Snapshot of the (stateless) serializer: format version 1. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ResourceSeries> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Factory behind {@code @TypeInfo} on {@link ResourceSeries}. */
  public static final class TypeInfoFactory
      extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<ResourceSeries> {
    @Override
    public CompactTypeInfo<ResourceSeries> createTypeInfo(
        java.lang.reflect.Type t,
        java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> generics) {
      return new CompactTypeInfo<>(ResourceSeries.class, INSTANCE);
    }
  }
}
