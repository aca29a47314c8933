package dev.aigw.insight.job.serialization;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information of the {@link SpanKey}: a key type (it has a value-based hash and equality),
 * serialized by {@link SpanKeySerializer}.
 */
public final class SpanKeyTypeInfo extends TypeInformation<SpanKey> {

  private static final long serialVersionUID = 1L;

  public static final SpanKeyTypeInfo INSTANCE = new SpanKeyTypeInfo();

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<SpanKey> getTypeClass() {
    return SpanKey.class;
  }

  @Override
  public boolean isKeyType() {
    return true;
  }

  @Override
  public TypeSerializer<SpanKey> createSerializer(SerializerConfig config) {
    return SpanKeySerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "SpanKeyTypeInfo";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpanKeyTypeInfo;
  }

  @Override
  public int hashCode() {
    return SpanKeyTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof SpanKeyTypeInfo;
  }
}
