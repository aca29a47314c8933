package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.aggregate.AttributedLeaf;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
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

  /** Snapshot of the (stateless) serializer: format version 1; reads POJO-format state. */
  public static final class Snapshot implements TypeSerializerSnapshot<AttributedLeaf> {

    private static final int VERSION = 1;

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {}

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
        throws IOException {
      if (readVersion != VERSION) {
        throw new IOException("unknown AttributedLeaf serializer version " + readVersion);
      }
    }

    @Override
    public AttributedLeafSerializer restoreSerializer() {
      return INSTANCE;
    }

    @Override
    public TypeSerializerSchemaCompatibility<AttributedLeaf> resolveSchemaCompatibility(
        TypeSerializerSnapshot<AttributedLeaf> old) {
      if (old instanceof Snapshot) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      if (old instanceof PojoSerializerSnapshot) {
        return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      }
      return TypeSerializerSchemaCompatibility.incompatible();
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
