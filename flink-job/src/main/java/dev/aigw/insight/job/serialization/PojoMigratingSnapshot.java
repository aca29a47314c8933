package dev.aigw.insight.job.serialization;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Snapshot of a stateless compact serializer (format version 1) that replaced Flink's POJO
 * serializer for a type already in savepoints: POJO-format state is declared compatible after
 * migration, so Flink reads it with the restored POJO serializer and rewrites it in the compact
 * format while restoring.
 *
 * @param <T> the serialized type
 */
public abstract class PojoMigratingSnapshot<T> implements TypeSerializerSnapshot<T> {

  private static final int VERSION = 1;

  private final Supplier<? extends TypeSerializer<T>> serializer;

  protected PojoMigratingSnapshot(Supplier<? extends TypeSerializer<T>> serializer) {
    this.serializer = serializer;
  }

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
      throw new IOException(getClass().getName() + ": unknown format version " + readVersion);
    }
  }

  @Override
  public TypeSerializer<T> restoreSerializer() {
    return serializer.get();
  }

  @Override
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> old) {
    if (old.getClass() == getClass()) {
      return TypeSerializerSchemaCompatibility.compatibleAsIs();
    }
    if (old instanceof PojoSerializerSnapshot) {
      return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
    return TypeSerializerSchemaCompatibility.incompatible();
  }
}
