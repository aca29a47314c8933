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
 * Serializes an {@link AppCallBatch} for the span path's guard exchanges. Format (version 2;
 * batches are never in state, only in exchanges): the application once, the number of calls, then
 * per call the {@link LlmCallSerializer} flags, the provider and the model each through a per-batch
 * {@link StringTable} of its own (a batch has few distinct ones: each is written once, by {@link
 * RecentNames}, then as an index) and the call's values as {@link LlmCallSerializer} writes them.
 * Ids are not written: the calls of a batch have been deduplicated.
 *
 * <p>Not a singleton: the instance's {@link RecentNames} makes a name read in an earlier batch the
 * same {@code String} again, so that the next exchange's tables find the names by identity (a
 * lookup by {@code equals} over fresh strings was half the cost of writing a batch, session 11).
 */
public final class AppCallBatchSerializer extends CompactCachingSerializer<AppCallBatch> {

  private static final long serialVersionUID = 1L;

  /** Built on first use, after the instance was sent (Flink ships serializers serialized). */
  private transient RecentNames names;

  /** The scratch array of {@link LlmCallSerializer#writeValues}, made with {@link #names}. */
  private transient byte[] values;

  @Override
  public AppCallBatchSerializer duplicate() {
    return new AppCallBatchSerializer();
  }

  @Override
  public AppCallBatch createInstance() {
    return new AppCallBatch();
  }

  /** A copy of its own: the guards rename the calls in place. */
  @Override
  public AppCallBatch copy(AppCallBatch from) {
    List<LlmCall> calls = new ArrayList<>(from.calls.size());
    for (LlmCall c : from.calls) {
      calls.add(LlmCallSerializer.copyOf(c));
    }
    return new AppCallBatch(from.application, calls);
  }

  @Override
  public void serialize(AppCallBatch batch, DataOutputView out) throws IOException {
    RecentNames n = names();
    n.write(batch.application, out);
    Varints.write(batch.calls.size(), out);
    // Separate tables: a provider is found among the few providers, a model among the models.
    StringTable.Writer providers = new StringTable.Writer(n);
    StringTable.Writer models = new StringTable.Writer(n);
    for (LlmCall c : batch.calls) {
      out.writeByte(LlmCallSerializer.flags(c));
      providers.writeString(c.provider, out);
      models.writeString(c.model, out);
      LlmCallSerializer.writeValues(c, out, values);
    }
  }

  @Override
  public AppCallBatch deserialize(DataInputView in) throws IOException {
    RecentNames n = names();
    String application = n.read(in);
    int count = Varints.readInt(in);
    List<LlmCall> calls = new ArrayList<>(count);
    StringTable.Reader providers = new StringTable.Reader(n);
    StringTable.Reader models = new StringTable.Reader(n);
    for (int i = 0; i < count; i++) {
      int flags = in.readUnsignedByte();
      LlmCall c = new LlmCall();
      c.application = application;
      c.provider = providers.readString(in);
      c.model = models.readString(in);
      LlmCallSerializer.readValues(flags, c, in);
      calls.add(c);
    }
    return new AppCallBatch(application, calls);
  }

  private RecentNames names() {
    RecentNames n = names;
    if (n == null) {
      n = new RecentNames();
      names = n;
      values = new byte[LlmCallSerializer.VALUES_BYTES];
    }
    return n;
  }

  @Override
  public TypeSerializerSnapshot<AppCallBatch> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Snapshot of the serializer (batches are in no state: no format history kept). */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<AppCallBatch> {
    public Snapshot() {
      super(AppCallBatchSerializer::new);
    }
  }

  /** Factory behind {@code @TypeInfo} on {@link AppCallBatch}. */
  public static final class TypeInfoFactory
      extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<AppCallBatch> {
    @Override
    public CompactTypeInfo<AppCallBatch> createTypeInfo(
        java.lang.reflect.Type t,
        java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> generics) {
      return new CompactTypeInfo<>(AppCallBatch.class, new AppCallBatchSerializer());
    }
  }
}
