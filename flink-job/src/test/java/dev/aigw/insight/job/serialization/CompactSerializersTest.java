package dev.aigw.insight.job.serialization;

import static dev.aigw.insight.job.testing.Points.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.temporality.DeltaHistory;
import dev.aigw.insight.job.temporality.IncarnationState;
import dev.aigw.insight.job.temporality.ResourceSeries;
import dev.aigw.insight.job.temporality.SeriesState;
import dev.aigw.insight.job.testing.Points;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CompactSerializersTest {

  @Test
  void theAnnotatedTypesUseTheCompactSerializers() {
    assertThat(TypeInformation.of(ResourcePoints.class).createSerializer(null))
        .isSameAs(ResourcePointsSerializer.INSTANCE);
    assertThat(TypeInformation.of(ResourceSeries.class).createSerializer(null))
        .isSameAs(ResourceSeriesSerializer.INSTANCE);
  }

  @Test
  void resourcePointsRoundTripEveryField() throws IOException {
    GenAiPoint plain = Points.delta("series-a", 10 * SECOND, 20 * SECOND, 1, 2, 3, 4);
    GenAiPoint tokens = Points.delta("series-b", 10 * SECOND, 20 * SECOND, 0, 5, 0, 0);
    tokens.metric = MetricKind.TOKEN_USAGE;
    tokens.tokenType = "cached_input";
    tokens.min = 0.25;
    tokens.max = 7;
    tokens.costPicos = 123_456_789_000L;
    tokens.cacheSavingsPicos = 42;
    tokens.unpricedTokens = 9;
    GenAiPoint odd = Points.cumulative("series-c", 1, 2, 0, 0, 0, 1);
    odd.error = true;
    odd.instance = null;
    odd.seriesKey = null;
    odd.explicitBounds = new double[] {0.5, 5, 50};
    odd.sum = -0.0;
    GenAiPoint empty = new GenAiPoint(); // nulls everywhere
    ResourcePoints batch = new ResourcePoints("r1", new GenAiPoint[] {plain, tokens, odd, empty});

    ResourcePoints back = roundTrip(ResourcePointsSerializer.INSTANCE, batch);

    assertThat(back).isEqualTo(batch);
    assertThat(back.points[1].min).isEqualTo(0.25);
    assertThat(back.points[0].min).isNaN();
    assertThat(back.points[2].explicitBounds).containsExactly(0.5, 5, 50);
    assertThat(ResourcePointsSerializer.INSTANCE.copy(batch)).isSameAs(batch); // immutable
    assertThat(roundTrip(ResourcePointsSerializer.INSTANCE, new ResourcePoints()))
        .isEqualTo(new ResourcePoints());
  }

  @Test
  void repeatedStringsAndBoundsAreWrittenOncePerBatch() throws IOException {
    GenAiPoint[] points = new GenAiPoint[50];
    for (int i = 0; i < points.length; i++) {
      points[i] = Points.delta("s" + i, 0, SECOND, 1, 0, 0, 0);
    }
    DataOutputSerializer one = new DataOutputSerializer(256);
    ResourcePointsSerializer.INSTANCE.serialize(
        new ResourcePoints("r1", Arrays.copyOf(points, 1)), one);
    DataOutputSerializer fifty = new DataOutputSerializer(4096);
    ResourcePointsSerializer.INSTANCE.serialize(new ResourcePoints("r1", points), fifty);
    // each further point: 2 flag bytes, 5 one-byte references, its key, 2 times, a bounds
    // reference, 5 counts, sum, count and three zero prices
    int perPoint = (fifty.length() - one.length()) / 49;
    assertThat(perPoint).isLessThan(60);
  }

  @Test
  void resourceSeriesRoundTripsAllThreeKindsOfState() throws IOException {
    ResourceSeries r = new ResourceSeries();
    r.cleanupTimerMs = 1_800_000;
    IncarnationState inc = new IncarnationState();
    inc.firstExportNanos = 15 * SECOND;
    inc.lastSeenMs = 99;
    r.incarnations.put(5 * SECOND, inc);
    SeriesState live = new SeriesState();
    live.startTimeNanos = 5 * SECOND;
    live.timeNanos = 75 * SECOND;
    live.explicitBounds = new double[] {1, 2, 4};
    live.bucketCounts = new long[] {3, 0, 1_000_000_000_000L, 2};
    live.sum = 12.5;
    live.count = 1_000_000_000_005L;
    live.min = 0.1;
    live.lastSeenMs = 77;
    r.cumulative.put("live", live);
    SeriesState tomb = new SeriesState();
    tomb.startTimeNanos = 5 * SECOND;
    tomb.tombstone = true;
    r.cumulative.put("tomb", tomb);
    DeltaHistory h = new DeltaHistory();
    for (int i = 0; i < DeltaHistory.SIZE + 3; i++) {
      h.add(i * SECOND, (i + 1) * SECOND);
    }
    h.lastSeenMs = 88;
    r.deltas.put("delta", h);

    ResourceSeries back = roundTrip(ResourceSeriesSerializer.INSTANCE, r);

    assertThat(back.cleanupTimerMs).isEqualTo(1_800_000);
    assertThat(back.incarnations.get(5 * SECOND))
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(inc);
    assertThat(back.cumulative.get("live"))
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(live);
    assertThat(back.cumulative.get("live").max).isNaN();
    assertThat(back.cumulative.get("tomb").tombstone).isTrue();
    assertThat(back.cumulative.get("tomb").startTimeNanos).isEqualTo(5 * SECOND);
    DeltaHistory hb = back.deltas.get("delta");
    assertThat(hb)
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(h);
    assertThat(hb.contains(10 * SECOND, 11 * SECOND)).isTrue();
    assertThat(hb.contains(2 * SECOND, 3 * SECOND)).isFalse(); // overwritten in the ring
    assertThat(ResourceSeriesSerializer.INSTANCE.copy(r))
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(r);
  }

  @Test
  void identityKeysRoundTripWhateverTheirShape() throws IOException {
    for (String key :
        new String[] {
          "000f0000000000000000000000000abc", // hex identity with leading zeros: 16 bytes
          "ffffffffffffffffffffffffffffffff",
          "000F0000000000000000000000000abc", // upper case: not the decoder's form, kept as text
          "short",
          "",
          "pod-ü-01234567890123456789012345",
          null
        }) {
      DataOutputSerializer out = new DataOutputSerializer(64);
      Keys.write(key, out);
      DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
      assertThat(Keys.read(in)).isEqualTo(key);
      assertThat(in.available()).isZero();
      if (key != null && key.matches("[0-9a-f]{32}")) {
        assertThat(out.length()).isEqualTo(17);
      }
    }
  }

  @Test
  void snapshotsRestoreTheSameSerializer() throws IOException {
    assertRestoresAsIs(ResourcePointsSerializer.INSTANCE);
    assertRestoresAsIs(ResourceSeriesSerializer.INSTANCE);
  }

  private static <T> void assertRestoresAsIs(TypeSerializer<T> serializer) throws IOException {
    TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    TypeSerializerSnapshot<T> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClassLoader());
    assertThat(read.restoreSerializer()).isSameAs(serializer);
    TypeSerializerSchemaCompatibility<T> compatibility =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(1024);
    serializer.serialize(value, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T back = serializer.deserialize(in);
    assertThat(in.available()).as("bytes left after reading").isZero();
    return back;
  }

  private static ClassLoader getClassLoader() {
    return CompactSerializersTest.class.getClassLoader();
  }
}
