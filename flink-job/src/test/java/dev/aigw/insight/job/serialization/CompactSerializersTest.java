package dev.aigw.insight.job.serialization;

import static dev.aigw.insight.job.testing.Points.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.AttributedLeaf;
import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Scope;
import dev.aigw.insight.job.temporality.DeltaHistory;
import dev.aigw.insight.job.temporality.IncarnationState;
import dev.aigw.insight.job.temporality.ResourceSeries;
import dev.aigw.insight.job.temporality.SeriesState;
import dev.aigw.insight.job.testing.Points;
import dev.aigw.insight.schema.gateway.GatewayContract;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
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
    assertThat(TypeInformation.of(LeafAggregate.class).createSerializer(null))
        .isSameAs(LeafAggregateSerializer.INSTANCE);
    assertThat(TypeInformation.of(AttributedLeaf.class).createSerializer(null))
        .isSameAs(AttributedLeafSerializer.INSTANCE);
  }

  @Test
  void attributedLeavesRoundTripTheirOwnFieldsToo() throws IOException {
    AttributedLeaf a = new AttributedLeaf();
    a.service = "gw";
    a.provider = "openai";
    a.model = "gpt-4o";
    a.inputTokens = 12;
    a.costPicos = 34;
    a.attribute = "team.id";
    a.value = "search";
    a.byModel = true;
    a.cellGroupKey = "Mgw";

    AttributedLeaf back = roundTrip(AttributedLeafSerializer.INSTANCE, a);

    assertThat(back)
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(a);
    assertThat(AttributedLeafSerializer.INSTANCE.copy(a))
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(a);
  }

  @Test
  void leafAggregatesRoundTripEveryField() throws IOException {
    LeafAggregate a = new LeafAggregate();
    a.windowStartMs = 1_767_225_600_000L;
    a.version = 3;
    a.leafKey = "gw\u0001pod-1\u0001openai\u0001gpt-4o";
    a.cellGroupKey = "01\u0001gw";
    a.service = "gw";
    a.instance = null;
    a.provider = "openai";
    a.model = "gpt-4o";
    a.scope = Scope.INSTANCE;
    a.dimension = Dimension.values()[Dimension.values().length - 1];
    // the contract's duration bounds (written as a code), and bounds of another exporter (inline)
    a.duration.add(
        GatewayContract.Metric.REQUEST_DURATION.bucketBounds(),
        new long[15],
        0,
        0,
        Double.NaN,
        Double.NaN);
    a.duration.add(
        GatewayContract.Metric.REQUEST_DURATION.bucketBounds(),
        counts(15, 2, 7),
        3.5,
        7,
        0.02,
        2.5);
    a.ttft.add(new double[] {0.5, 1.5}, new long[] {1, 0, 2}, 4.25, 3, Double.NaN, 3.0);
    a.errors = 2;
    a.inputTokens = 1_000_000_000_000L;
    a.outputTokens = 7;
    a.cachedInputTokens = 5;
    a.cacheCreationInputTokens = 4;
    a.reasoningTokens = 3;
    a.costPicos = 123_456_789_012L;
    a.cacheSavingsPicos = -5;
    a.unpricedTokens = 11;
    a.points = 9;
    a.eventTimeMs = 1_767_225_659_999L;

    LeafAggregate back = roundTrip(LeafAggregateSerializer.INSTANCE, a);

    assertSameValues(back, a);
    assertThat(back.tpot.bounds).isNull();
    assertThat(back.ttft.minKnown).isFalse();
    assertThat(back.ttft.max).isEqualTo(3.0);
    assertSameValues(LeafAggregateSerializer.INSTANCE.copy(a), a);
    LeafAggregate empty = new LeafAggregate();
    assertSameValues(roundTrip(LeafAggregateSerializer.INSTANCE, empty), empty);
  }

  /** Field by field, every double exactly (NaN equals NaN: unknown min and max). */
  private static void assertSameValues(LeafAggregate actual, LeafAggregate expected) {
    assertThat(actual)
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(expected);
  }

  @Test
  void leafAggregateStateOfThePojoFormatIsMigrated() {
    TypeSerializerSnapshot<LeafAggregate> pojo =
        new PojoTypeInfo<>(LeafAggregate.class, pojoFields())
            .createSerializer(new SerializerConfigImpl())
            .snapshotConfiguration();
    assertThat(
            LeafAggregateSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(pojo)
                .isCompatibleAfterMigration())
        .isTrue();
  }

  private static java.util.List<PojoField> pojoFields() {
    java.util.List<PojoField> fields = new java.util.ArrayList<>();
    for (java.lang.reflect.Field f : LeafAggregate.class.getFields()) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        fields.add(new PojoField(f, TypeExtractor.createTypeInfo(f.getGenericType())));
      }
    }
    return fields;
  }

  private static long[] counts(int n, int bucket, long count) {
    long[] c = new long[n];
    c[bucket] = count;
    return c;
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
    assertRestoresAsIs(LeafAggregateSerializer.INSTANCE);
    assertRestoresAsIs(AttributedLeafSerializer.INSTANCE);
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
