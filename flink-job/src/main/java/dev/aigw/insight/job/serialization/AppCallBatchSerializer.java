package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.aggregate.spans.AppCallBatch;
import dev.aigw.insight.job.model.LlmCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes an {@link AppCallBatch} for the span path's guard exchanges. Format (version 1): the
 * application once, the number of calls, then per call the {@link LlmCallSerializer} flags, the
 * provider and model through a per-batch {@link StringTable} (a batch has few distinct ones: each
 * is written once, then as an index) and the call's values as {@link LlmCallSerializer} writes
 * them. Ids are not written: the calls of a batch have been deduplicated.
 */
public final class AppCallBatchSerializer extends CompactSerializer<AppCallBatch> {

  private static final long serialVersionUID = 1L;

  public static final AppCallBatchSerializer INSTANCE = new AppCallBatchSerializer();

  @Override
  public AppCallBatch createInstance() {
    return new AppCallBatch();
  }

  /** A copy of its own: the guards rename the calls in place. */
  @Override
  public AppCallBatch copy(AppCallBatch from) {
    List<LlmCall> calls = new ArrayList<>(from.calls.size());
    for (LlmCall c : from.calls) {
      calls.add(LlmCallSerializer.INSTANCE.copy(c));
    }
    return new AppCallBatch(from.application, calls);
  }

  @Override
  public void serialize(AppCallBatch batch, DataOutputView out) throws IOException {
    LlmCallSerializer.writeNullable(batch.application, out);
    Varints.write(batch.calls.size(), out);
    StringTable.Writer names = new StringTable.Writer();
    for (LlmCall c : batch.calls) {
      out.writeByte(LlmCallSerializer.flags(c));
      names.writeString(c.provider, out);
      names.writeString(c.model, out);
      LlmCallSerializer.writeValues(c, out);
    }
  }

  @Override
  public AppCallBatch deserialize(DataInputView in) throws IOException {
    String application = LlmCallSerializer.readNullable(in);
    int n = Varints.readInt(in);
    List<LlmCall> calls = new ArrayList<>(n);
    StringTable.Reader names = new StringTable.Reader();
    for (int i = 0; i < n; i++) {
      int flags = in.readUnsignedByte();
      LlmCall c = new LlmCall();
      c.application = application;
      c.provider = names.readString(in);
      c.model = names.readString(in);
      LlmCallSerializer.readValues(flags, c, in);
      calls.add(c);
    }
    return new AppCallBatch(application, calls);
  }

  @Override
  public TypeSerializerSnapshot<AppCallBatch> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Snapshot of the (stateless) serializer: format version 1. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<AppCallBatch> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Factory behind {@code @TypeInfo} on {@link AppCallBatch}. */
  public static final class TypeInfoFactory
      extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<AppCallBatch> {
    @Override
    public CompactTypeInfo<AppCallBatch> createTypeInfo(
        java.lang.reflect.Type t,
        java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> generics) {
      return new CompactTypeInfo<>(AppCallBatch.class, INSTANCE);
    }
  }
}
