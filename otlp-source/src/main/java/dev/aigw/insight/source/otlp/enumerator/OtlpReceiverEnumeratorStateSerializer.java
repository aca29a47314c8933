package dev.aigw.insight.source.otlp.enumerator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializer of {@link OtlpReceiverEnumeratorState}: version 1 is a count + indexes. */
public final class OtlpReceiverEnumeratorStateSerializer
    implements SimpleVersionedSerializer<OtlpReceiverEnumeratorState> {

  public static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(OtlpReceiverEnumeratorState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(state.assignedSubtasks().size());
      for (int subtask : state.assignedSubtasks()) {
        out.writeInt(subtask);
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public OtlpReceiverEnumeratorState deserialize(int version, byte[] serialized)
      throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "Unknown OtlpReceiverEnumeratorState serializer version "
              + version
              + ", expected "
              + VERSION);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int count = in.readInt();
      Set<Integer> subtasks = new HashSet<>();
      for (int i = 0; i < count; i++) {
        subtasks.add(in.readInt());
      }
      if (in.available() != 0) {
        throw new IOException(
            in.available() + " trailing bytes after OtlpReceiverEnumeratorState of " + count);
      }
      return new OtlpReceiverEnumeratorState(subtasks);
    }
  }
}
