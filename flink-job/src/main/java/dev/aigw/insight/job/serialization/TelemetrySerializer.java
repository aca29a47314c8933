package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.model.Telemetry;
import dev.aigw.insight.job.model.TelemetrySignal;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of the tagged {@link Telemetry}: the signal's ordinal in one byte, then the payload in
 * its signal's own serializer.
 *
 * <p>The wrapper only travels from the source to the chained split, where Flink still copies each
 * record between the two operators (unless object reuse is on); this serializer makes that copy the
 * payload serializer's copy, and needs no generic (Kryo) fallback, which the job disables.
 */
public final class TelemetrySerializer extends TypeSerializer<Telemetry> {

  private static final long serialVersionUID = 1L;

  private static final TelemetrySignal[] SIGNALS = TelemetrySignal.values();

  /** One serializer per signal, by ordinal. */
  private final TypeSerializer<Object>[] payloads;

  /** The serializer whose payload serializers come from each signal's side-output type. */
  public static TelemetrySerializer create(SerializerConfig config) {
    TypeSerializer<?>[] payloads = new TypeSerializer<?>[SIGNALS.length];
    for (TelemetrySignal signal : SIGNALS) {
      payloads[signal.ordinal()] = signal.outputTag().getTypeInfo().createSerializer(config);
    }
    return new TelemetrySerializer(payloads);
  }

  @SuppressWarnings("unchecked")
  TelemetrySerializer(TypeSerializer<?>[] payloads) {
    if (payloads.length != SIGNALS.length) {
      throw new IllegalArgumentException(
          "Expected " + SIGNALS.length + " payload serializers, got " + payloads.length);
    }
    this.payloads = (TypeSerializer<Object>[]) payloads;
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<Telemetry> duplicate() {
    TypeSerializer<?>[] copies = new TypeSerializer<?>[payloads.length];
    boolean stateful = false;
    for (int i = 0; i < payloads.length; i++) {
      copies[i] = payloads[i].duplicate();
      stateful |= copies[i] != payloads[i];
    }
    return stateful ? new TelemetrySerializer(copies) : this;
  }

  /** There is no empty telemetry item; Flink does not need one for a type it never reuses. */
  @Override
  public Telemetry createInstance() {
    return null;
  }

  @Override
  public Telemetry copy(Telemetry from) {
    TelemetrySignal signal = from.signal();
    return Telemetry.of(signal, payloads[signal.ordinal()].copy(from.payload()));
  }

  @Override
  public Telemetry copy(Telemetry from, Telemetry reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Telemetry record, DataOutputView target) throws IOException {
    int ordinal = record.signal().ordinal();
    target.writeByte(ordinal);
    payloads[ordinal].serialize(record.payload(), target);
  }

  @Override
  public Telemetry deserialize(DataInputView source) throws IOException {
    TelemetrySignal signal = signal(source.readUnsignedByte());
    return Telemetry.of(signal, payloads[signal.ordinal()].deserialize(source));
  }

  @Override
  public Telemetry deserialize(Telemetry reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int ordinal = source.readUnsignedByte();
    target.writeByte(ordinal);
    payloads[signal(ordinal).ordinal()].copy(source, target);
  }

  private static TelemetrySignal signal(int ordinal) throws IOException {
    if (ordinal >= SIGNALS.length) {
      throw new IOException("Unknown telemetry signal " + ordinal);
    }
    return SIGNALS[ordinal];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TelemetrySerializer
        && Arrays.equals(payloads, ((TelemetrySerializer) o).payloads);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payloads);
  }

  @Override
  public TypeSerializerSnapshot<Telemetry> snapshotConfiguration() {
    return new Snapshot(this);
  }

  /** Snapshot: the payload serializers' snapshots, in signal order. */
  public static final class Snapshot
      extends CompositeTypeSerializerSnapshot<Telemetry, TelemetrySerializer> {

    public Snapshot() {}

    Snapshot(TelemetrySerializer serializer) {
      super(serializer);
    }

    @Override
    protected int getCurrentOuterSnapshotVersion() {
      return 1;
    }

    @Override
    protected TypeSerializer<?>[] getNestedSerializers(TelemetrySerializer outer) {
      return outer.payloads;
    }

    @Override
    protected TelemetrySerializer createOuterSerializerWithNestedSerializers(
        TypeSerializer<?>[] nested) {
      return new TelemetrySerializer(nested);
    }
  }
}
