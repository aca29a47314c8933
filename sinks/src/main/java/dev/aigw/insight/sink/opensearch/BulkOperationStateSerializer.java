package dev.aigw.insight.sink.opensearch;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

/** Writes buffered bulk operations into checkpoints: index, id, then the source as UTF-8 bytes. */
final class BulkOperationStateSerializer extends AsyncSinkWriterStateSerializer<BulkOperation> {

  @Override
  protected void serializeRequestToStream(BulkOperation operation, DataOutputStream out)
      throws IOException {
    out.writeUTF(operation.index());
    out.writeUTF(operation.id());
    // writeUTF is limited to 64 KiB; a document may be larger
    byte[] source = operation.source().getBytes(StandardCharsets.UTF_8);
    out.writeInt(source.length);
    out.write(source);
  }

  @Override
  protected BulkOperation deserializeRequestFromStream(long requestSize, DataInputStream in)
      throws IOException {
    String index = in.readUTF();
    String id = in.readUTF();
    byte[] source = new byte[in.readInt()];
    in.readFully(source);
    return new BulkOperation(index, id, new String(source, StandardCharsets.UTF_8));
  }

  @Override
  public int getVersion() {
    return 1;
  }
}
