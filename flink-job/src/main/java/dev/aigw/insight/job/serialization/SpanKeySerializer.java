package dev.aigw.insight.job.serialization;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes a {@link SpanKey}: the key of every deduplication state entry in RocksDB and of the
 * exchange into the deduplication, written for every span. Format (version 1): a kind byte, then
 * the three longs (25 bytes in all) or the concatenated ids as a string. The bytes must be the same
 * for equal keys (RocksDB compares them): they are, as each key has one form.
 */
public final class SpanKeySerializer extends CompactSerializer<SpanKey> {

  private static final long serialVersionUID = 1L;

  public static final SpanKeySerializer INSTANCE = new SpanKeySerializer();

  private static final int HEX = 0;
  private static final int STRING = 1;

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public SpanKey createInstance() {
    return new SpanKey(0, 0, 0, null);
  }

  @Override
  public SpanKey copy(SpanKey from) {
    return from;
  }

  @Override
  public void serialize(SpanKey key, DataOutputView out) throws IOException {
    if (key.other == null) {
      out.writeByte(HEX);
      out.writeLong(key.traceHigh);
      out.writeLong(key.traceLow);
      out.writeLong(key.span);
    } else {
      out.writeByte(STRING);
      StringValue.writeString(key.other, out);
    }
  }

  @Override
  public SpanKey deserialize(DataInputView in) throws IOException {
    int kind = in.readUnsignedByte();
    switch (kind) {
      case HEX:
        return new SpanKey(in.readLong(), in.readLong(), in.readLong(), null);
      case STRING:
        return new SpanKey(0, 0, 0, StringValue.readString(in));
      default:
        throw new IOException("unknown span key kind " + kind);
    }
  }

  @Override
  public TypeSerializerSnapshot<SpanKey> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Snapshot of the (stateless) serializer: format version 1. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SpanKey> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
