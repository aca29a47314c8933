package dev.aigw.insight.job.serialization;

import static dev.aigw.insight.job.testing.Points.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Telemetry;
import dev.aigw.insight.job.model.TelemetrySignal;
import dev.aigw.insight.job.testing.Points;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class TelemetrySerializerTest {

  /** As the job runs: no generic (Kryo) fallback, so every payload needs its own serializer. */
  private static TypeSerializer<Telemetry> serializer() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return new TelemetryTypeInfo().createSerializer(config);
  }

  private static Telemetry points() {
    return Telemetry.of(
        TelemetrySignal.METRIC_POINTS,
        ResourcePoints.of(Points.delta("series-a", 10 * SECOND, 20 * SECOND, 1, 2, 3, 4)));
  }

  private static Telemetry log() {
    AccessLogRecord record = new AccessLogRecord();
    record.timestampMs = 1234;
    record.service = "gw";
    record.model = "gpt-4o-mini";
    record.attributes.put("x-request-id", "r-1");
    return Telemetry.of(TelemetrySignal.ACCESS_LOGS, record);
  }

  @Test
  void everySignalRoundTripsAndCopiesWithItsTag() throws IOException {
    TypeSerializer<Telemetry> serializer = serializer();
    for (Telemetry t : new Telemetry[] {points(), log()}) {
      DataOutputSerializer out = new DataOutputSerializer(256);
      serializer.serialize(t, out);
      Telemetry back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertThat(back).isEqualTo(t);
      assertThat(back.signal()).isSameAs(t.signal());
      assertThat(serializer.copy(t)).isEqualTo(t);

      DataOutputSerializer copied = new DataOutputSerializer(256);
      serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
      assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    }
  }

  @Test
  void theSnapshotRestoresAnEqualSerializer() {
    TypeSerializer<Telemetry> serializer = serializer();
    TypeSerializerSnapshot<Telemetry> snapshot = serializer.snapshotConfiguration();
    assertThat(snapshot.restoreSerializer()).isEqualTo(serializer);
    assertThat(serializer.duplicate()).isEqualTo(serializer);
  }

  @Test
  void aPayloadOfAnotherSignalsTypeIsRefused() {
    assertThatThrownBy(() -> Telemetry.of(TelemetrySignal.ACCESS_LOGS, points().payload()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ACCESS_LOGS");
    assertThatThrownBy(() -> TelemetrySignal.METRIC_POINTS.outputTag(AccessLogRecord.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TelemetrySignal.METRIC_POINTS.outputTag(ResourcePoints.class))
        .isSameAs(TelemetrySignal.METRIC_POINTS.outputTag());
  }
}
