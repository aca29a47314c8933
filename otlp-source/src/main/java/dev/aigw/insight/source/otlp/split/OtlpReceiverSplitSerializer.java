package dev.aigw.insight.source.otlp.split;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializer of {@link OtlpReceiverSplit}: version 1 is the subtask index. */
public final class OtlpReceiverSplitSerializer
    implements SimpleVersionedSerializer<OtlpReceiverSplit> {

  public static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(OtlpReceiverSplit split) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(split.subtaskIndex()).array();
  }

  @Override
  public OtlpReceiverSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "Unknown OtlpReceiverSplit serializer version " + version + ", expected " + VERSION);
    }
    if (serialized.length != Integer.BYTES) {
      throw new IOException(
          "OtlpReceiverSplit must be " + Integer.BYTES + " bytes, got " + serialized.length);
    }
    return new OtlpReceiverSplit(ByteBuffer.wrap(serialized).getInt());
  }
}
