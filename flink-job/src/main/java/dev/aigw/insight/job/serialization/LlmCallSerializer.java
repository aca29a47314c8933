package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.model.LlmCall;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes an {@link LlmCall} for the span path's keyed exchanges (the deduplication's), one per
 * call: the reflective POJO serializer was the largest cost of that path (docs/benchmarks.md,
 * session 5).
 *
 * <p>Format (version 3; calls are never in state, only in exchanges): a flags byte; the ids as
 * {@link SpanKeySerializer} writes them, when the flags say they are there; application, provider
 * and model as {@link RecentNames} writes them; start and end as fixed longs; the counts as
 * variable-length longs (zig-zag, so a negative value still round-trips); the attribution values.
 *
 * <p>Not a singleton: each instance keeps the {@link RecentNames} caches of the names it wrote and
 * read (Flink's string encoding and a new {@code String} per name and call were most of the
 * serializer's cost, session 11); {@link #duplicate()} gives a new instance with its own.
 */
public final class LlmCallSerializer extends CompactCachingSerializer<LlmCall> {

  private static final long serialVersionUID = 1L;

  private static final int ERROR = 1;
  private static final int STREAM = 2;
  private static final int ATTRIBUTION = 4;
  private static final int IDS = 8;

  /** {@link DataOutputView#writeLong}'s byte order, into an array. */
  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** Built on first use, after the instance was sent (Flink ships serializers serialized). */
  private transient RecentNames names;

  /** {@link #writeValues}' scratch array, made with {@link #names}. */
  private transient byte[] values;

  @Override
  public LlmCallSerializer duplicate() {
    return new LlmCallSerializer();
  }

  @Override
  public LlmCall createInstance() {
    return new LlmCall();
  }

  /** A copy of its own: the guards rename a call's application, provider and model in place. */
  @Override
  public LlmCall copy(LlmCall from) {
    return copyOf(from);
  }

  /** {@link #copy}, for the batch serializer (the copy keeps no state). */
  static LlmCall copyOf(LlmCall from) {
    LlmCall c = new LlmCall();
    c.ids = from.ids;
    c.application = from.application;
    c.provider = from.provider;
    c.model = from.model;
    c.startNanos = from.startNanos;
    c.endNanos = from.endNanos;
    c.error = from.error;
    c.inputTokens = from.inputTokens;
    c.outputTokens = from.outputTokens;
    c.cacheReadTokens = from.cacheReadTokens;
    c.cacheCreationTokens = from.cacheCreationTokens;
    c.reasoningTokens = from.reasoningTokens;
    c.stream = from.stream;
    c.ttftNanos = from.ttftNanos;
    c.costPicos = from.costPicos;
    c.cacheSavingsPicos = from.cacheSavingsPicos;
    c.unpricedTokens = from.unpricedTokens;
    c.attribution = from.attribution == null ? null : from.attribution.clone();
    return c;
  }

  @Override
  public void serialize(LlmCall c, DataOutputView out) throws IOException {
    RecentNames n = names();
    out.writeByte(flags(c));
    if (c.ids != null) {
      SpanKeySerializer.INSTANCE.serialize(c.ids, out);
    }
    n.write(c.application, out);
    n.write(c.provider, out);
    n.write(c.model, out);
    writeValues(c, out, values);
  }

  @Override
  public LlmCall deserialize(DataInputView in) throws IOException {
    RecentNames n = names();
    int flags = in.readUnsignedByte();
    LlmCall c = new LlmCall();
    if ((flags & IDS) != 0) {
      c.ids = SpanKeySerializer.INSTANCE.deserialize(in);
    }
    c.application = n.read(in);
    c.provider = n.read(in);
    c.model = n.read(in);
    readValues(flags, c, in);
    return c;
  }

  private RecentNames names() {
    RecentNames n = names;
    if (n == null) {
      n = new RecentNames();
      names = n;
      values = new byte[VALUES_BYTES];
    }
    return n;
  }

  /** The flags byte: error, stream, attribution present, ids present. */
  static int flags(LlmCall c) {
    return (c.error ? ERROR : 0)
        | (c.stream ? STREAM : 0)
        | (c.attribution != null ? ATTRIBUTION : 0)
        | (c.ids != null ? IDS : 0);
  }

  /** The most bytes {@link #writeValues} puts in its scratch array: two longs, nine varints. */
  static final int VALUES_BYTES = 2 * 8 + 9 * 10;

  /**
   * Everything but the flags, ids and names: times, counts, attribution values. The times and
   * counts are put in {@code scratch} (at least {@link #VALUES_BYTES} long) and written with one
   * call: a call of the output view per byte was most of the cost of writing a call's values.
   */
  static void writeValues(LlmCall c, DataOutputView out, byte[] scratch) throws IOException {
    byte[] b = scratch;
    BIG_ENDIAN_LONGS.set(b, 0, c.startNanos);
    BIG_ENDIAN_LONGS.set(b, 8, c.endNanos);
    int p = 16;
    p = Varints.putSigned(c.inputTokens, b, p);
    p = Varints.putSigned(c.outputTokens, b, p);
    p = Varints.putSigned(c.cacheReadTokens, b, p);
    p = Varints.putSigned(c.cacheCreationTokens, b, p);
    p = Varints.putSigned(c.reasoningTokens, b, p);
    p = Varints.putSigned(c.ttftNanos, b, p);
    p = Varints.putSigned(c.costPicos, b, p);
    p = Varints.putSigned(c.cacheSavingsPicos, b, p);
    p = Varints.putSigned(c.unpricedTokens, b, p);
    out.write(b, 0, p);
    if (c.attribution != null) {
      Varints.write(c.attribution.length, out);
      for (String value : c.attribution) {
        writeNullable(value, out);
      }
    }
  }

  /** Reads what {@link #writeValues} wrote into {@code c}, with the flags read before. */
  static void readValues(int flags, LlmCall c, DataInputView in) throws IOException {
    c.error = (flags & ERROR) != 0;
    c.stream = (flags & STREAM) != 0;
    c.startNanos = in.readLong();
    c.endNanos = in.readLong();
    c.inputTokens = Varints.readSigned(in);
    c.outputTokens = Varints.readSigned(in);
    c.cacheReadTokens = Varints.readSigned(in);
    c.cacheCreationTokens = Varints.readSigned(in);
    c.reasoningTokens = Varints.readSigned(in);
    c.ttftNanos = Varints.readSigned(in);
    c.costPicos = Varints.readSigned(in);
    c.cacheSavingsPicos = Varints.readSigned(in);
    c.unpricedTokens = Varints.readSigned(in);
    if ((flags & ATTRIBUTION) != 0) {
      String[] values = new String[Varints.readInt(in)];
      for (int i = 0; i < values.length; i++) {
        values[i] = readNullable(in);
      }
      c.attribution = values;
    }
  }

  /** A string that may be null: 0 for null, else 1 and the string. */
  static void writeNullable(String s, DataOutputView out) throws IOException {
    if (s == null) {
      out.writeByte(0);
    } else {
      out.writeByte(1);
      StringValue.writeString(s, out);
    }
  }

  static String readNullable(DataInputView in) throws IOException {
    return in.readUnsignedByte() == 0 ? null : StringValue.readString(in);
  }

  @Override
  public TypeSerializerSnapshot<LlmCall> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Snapshot of the serializer (calls are in no state: no format history kept). */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<LlmCall> {
    public Snapshot() {
      super(LlmCallSerializer::new);
    }
  }

  /** Factory behind {@code @TypeInfo} on {@link LlmCall}. */
  public static final class TypeInfoFactory
      extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<LlmCall> {
    @Override
    public CompactTypeInfo<LlmCall> createTypeInfo(
        java.lang.reflect.Type t,
        java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> generics) {
      return new CompactTypeInfo<>(LlmCall.class, new LlmCallSerializer());
    }
  }
}
