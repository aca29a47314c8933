package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.model.Telemetry;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information of the tagged {@link Telemetry}: hands out a {@link TelemetrySerializer}. */
public final class TelemetryTypeInfo extends TypeInformation<Telemetry> {

  private static final long serialVersionUID = 1L;

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
  public Class<Telemetry> getTypeClass() {
    return Telemetry.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<Telemetry> createSerializer(SerializerConfig config) {
    return TelemetrySerializer.create(config);
  }

  @Override
  public String toString() {
    return "TelemetryTypeInfo";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TelemetryTypeInfo;
  }

  @Override
  public int hashCode() {
    return TelemetryTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof TelemetryTypeInfo;
  }
}
