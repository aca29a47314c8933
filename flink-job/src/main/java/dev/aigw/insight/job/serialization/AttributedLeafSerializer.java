package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.aggregate.AttributedLeaf;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes the attribution branch's {@link AttributedLeaf}: its {@link LeafAggregateSerializer}
 * fields, then the attribute, the value and the target flag (format version 1). POJO-format state
 * of earlier builds is migrated on restore, as for the leaf aggregate.
 */
public final class AttributedLeafSerializer extends CompactSerializer<AttributedLeaf> {

  private static final long serialVersionUID = 1L;

  public static final AttributedLeafSerializer INSTANCE = new AttributedLeafSerializer();

  @Override
  public AttributedLeaf createInstance() {
    return new AttributedLeaf();
  }

  @Override
  public AttributedLeaf copy(AttributedLeaf from) {
    AttributedLeaf c = new AttributedLeaf();
    LeafAggregateSerializer.copyFields(from, c);
    c.attribute = from.attribute;
    c.value = from.value;
    c.byModel = from.byModel;
    return c;
  }

  @Override
  public void serialize(AttributedLeaf a, DataOutputView out) throws IOException {
    LeafAggregateSerializer.writeFields(a, out);
    StringValue.writeString(a.attribute, out);
    StringValue.writeString(a.value, out);
    out.writeBoolean(a.byModel);
  }

  @Override
  public AttributedLeaf deserialize(DataInputView in) throws IOException {
    AttributedLeaf a = new AttributedLeaf();
    LeafAggregateSerializer.readFields(in, a);
    a.attribute = StringValue.readString(in);
    a.value = StringValue.readString(in);
    a.byModel = in.readBoolean();
    return a;
  }

  @Override
  public TypeSerializerSnapshot<AttributedLeaf> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Snapshot of the (stateless) serializer: format version 1; migrates POJO-format state. */
  public static final class Snapshot extends PojoMigratingSnapshot<AttributedLeaf> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Factory behind {@code @TypeInfo} on {@link AttributedLeaf}. */
  public static final class TypeInfoFactory
      extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<AttributedLeaf> {
    @Override
    public CompactTypeInfo<AttributedLeaf> createTypeInfo(
        java.lang.reflect.Type t,
        java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> generics) {
      return new CompactTypeInfo<>(AttributedLeaf.class, INSTANCE);
    }
  }
}
