package dev.aigw.insight.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.spans.AppAggregate;
import dev.aigw.insight.job.aggregate.spans.AppCallBatch;
import dev.aigw.insight.job.aggregate.spans.AppCallCombiner;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.schema.app.AppDimension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The span path's hand-written serializers keep every field, in binary where they can. */
class SpanSerializersTest {

  @Test
  void spanTypesUseTheirCompactSerializersOneInstancePerUse() {
    TypeInformation<LlmCall> calls = TypeInformation.of(LlmCall.class);
    TypeSerializer<LlmCall> first = calls.createSerializer(null);
    assertThat(first).isInstanceOf(LlmCallSerializer.class);
    assertThat(calls.createSerializer(null)).isNotSameAs(first).isEqualTo(first);
    assertThat(first.duplicate()).isInstanceOf(LlmCallSerializer.class).isNotSameAs(first);
    TypeInformation<AppCallBatch> batches = TypeInformation.of(AppCallBatch.class);
    TypeSerializer<AppCallBatch> batch = batches.createSerializer(null);
    assertThat(batch).isInstanceOf(AppCallBatchSerializer.class);
    assertThat(batches.createSerializer(null)).isNotSameAs(batch);
    assertThat(batch.duplicate()).isNotSameAs(batch).isEqualTo(batch);
  }

  @Test
  void theCachingSerializersSnapshotsRestoreANewInstanceCompatibleAsIs() throws IOException {
    assertSnapshotRestoresCompatible(new LlmCallSerializer());
    assertSnapshotRestoresCompatible(new AppCallBatchSerializer());
  }

  @Test
  void llmCallRoundTripsEveryFieldWithBinaryIds() throws IOException {
    LlmCall c = call("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
    assertThat(bytes(new LlmCallSerializer(), c) - bytes(new LlmCallSerializer(), call("x", "y")))
        .as("a kind byte and 16 + 8 bytes of ids against a kind byte and the string \"xy\"")
        .isEqualTo(25 - 4);
    c.attribution = new String[] {"team-a", null, "none"};
    LlmCall back = roundTrip(new LlmCallSerializer(), c);
    assertThat(back).usingRecursiveComparison().isEqualTo(c);
    assertThat(back.contentFingerprint()).isEqualTo(c.contentFingerprint());
  }

  @Test
  void llmCallWithOddIdsNegativeValuesAndNullsRoundTrips() throws IOException {
    LlmCall c = call("not-hex", "ABCDEF0123456789");
    c.provider = null;
    c.costPicos = -5;
    c.ttftNanos = -1;
    LlmCall back = roundTrip(new LlmCallSerializer(), c);
    assertThat(back).usingRecursiveComparison().isEqualTo(c);
    LlmCall copy = new LlmCallSerializer().copy(c);
    assertThat(copy).usingRecursiveComparison().isEqualTo(c).isNotSameAs(c);
  }

  @Test
  void appAggregateRoundTripsEveryFieldAndHistogram() throws IOException {
    AppCallCombiner combiner = new AppCallCombiner();
    LlmCall a = call("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
    LlmCall b = call("4bf92f3577b34da6a3ce929d0e0e4737", "00f067aa0ba902b8");
    b.ttftNanos = -1;
    b.endNanos += 40_000_000_000L;
    combiner.add(a);
    combiner.add(b);
    List<AppAggregate> partials = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    combiner.emitTo(
        (p, t) -> {
          partials.add(p);
          times.add(t);
        });
    assertThat(partials).hasSize(1);
    AppAggregate p = partials.get(0);
    assertThat(p.calls).isEqualTo(2);
    assertThat(p.dimension).isEqualTo(AppDimension.APPLICATION_MODEL);
    assertThat(times.get(0) % 60_000L).isEqualTo(59_999L);
    assertThat(roundTrip(AppAggregateSerializer.INSTANCE, p))
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(p);
    assertThat(roundTrip(AppAggregateSerializer.INSTANCE, new AppAggregate()))
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(new AppAggregate());
    AppAggregate rolled = p.as(AppDimension.PROVIDER);
    assertThat(rolled.dimension).isEqualTo(AppDimension.PROVIDER);
    assertThat(roundTrip(AppAggregateSerializer.INSTANCE, rolled))
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .ignoringFields("dimension")
        .isEqualTo(p);
    assertThat(AppAggregateSerializer.INSTANCE.copy(p))
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(p);
  }

  @Test
  void theContentFingerprintKeepsItsValueWithoutBoxing() {
    LlmCall c = call("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
    c.provider = null;
    long former =
        java.util.Objects.hash(
                    c.application,
                    c.provider,
                    c.model,
                    c.startNanos,
                    c.endNanos,
                    c.error,
                    c.inputTokens,
                    c.outputTokens,
                    c.cacheReadTokens,
                    c.cacheCreationTokens,
                    c.reasoningTokens,
                    c.stream,
                    c.ttftNanos)
                * 31L
            + Long.hashCode(c.costPicos);
    assertThat(c.contentFingerprint()).isEqualTo(former);
  }

  @Test
  void spanKeysAreBinaryForHexIdsAndEqualExactlyWhenTheIdsAre() throws IOException {
    SpanKey hex = SpanKey.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
    assertThat(bytes(SpanKeySerializer.INSTANCE, hex))
        .as("kind byte and three longs")
        .isEqualTo(25);
    assertThat(roundTrip(SpanKeySerializer.INSTANCE, hex)).isEqualTo(hex).hasSameHashCodeAs(hex);
    assertThat(hex)
        .isEqualTo(SpanKey.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"))
        .isNotEqualTo(SpanKey.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b8"))
        .isNotEqualTo(SpanKey.of("4bf92f3577b34da6a3ce929d0e0e4737", "00f067aa0ba902b7"));
    assertThat(hex.toString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e473600f067aa0ba902b7");

    // other ids keep the former key: the concatenated strings
    SpanKey odd = SpanKey.of("not-hex", "ABCDEF0123456789");
    assertThat(roundTrip(SpanKeySerializer.INSTANCE, odd)).isEqualTo(odd).hasSameHashCodeAs(odd);
    assertThat(odd).isEqualTo(SpanKey.of("not-hexABCDEF", "0123456789"));
    assertThat(SpanKey.of(null, "a")).isEqualTo(SpanKey.of(null, "a"));
    assertThat(SpanKey.of("4bf92f3577b34da6a3ce929d0e0e473g", "00f067aa0ba902b7"))
        .isNotEqualTo(hex);
  }

  @Test
  void aBatchRoundTripsItsCallsWithoutIdsAndWritesNamesOnce() throws IOException {
    LlmCall a = call("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
    LlmCall b = call("4bf92f3577b34da6a3ce929d0e0e4737", "00f067aa0ba902b8");
    b.model = "gpt-4o-mini";
    b.error = false;
    b.attribution = new String[] {"team-a", null};
    LlmCall c = call("4bf92f3577b34da6a3ce929d0e0e4738", "00f067aa0ba902b9");
    c.provider = null;
    c.costPicos = -5;
    for (LlmCall call : List.of(a, b, c)) {
      call.ids = null;
    }
    AppCallBatch batch = new AppCallBatch("shop", new ArrayList<>(List.of(a, b, c)));
    AppCallBatch back = roundTrip(new AppCallBatchSerializer(), batch);
    assertThat(back).usingRecursiveComparison().isEqualTo(batch);
    assertThat(new AppCallBatchSerializer().copy(batch))
        .usingRecursiveComparison()
        .isEqualTo(batch);
    assertThat(new AppCallBatchSerializer().copy(batch).calls.get(0)).isNotSameAs(a);

    AppCallBatch two = new AppCallBatch("shop", new ArrayList<>(List.of(a, a)));
    AppCallBatch one = new AppCallBatch("shop", new ArrayList<>(List.of(a)));
    assertThat(bytes(new AppCallBatchSerializer(), two) - bytes(new AppCallBatchSerializer(), one))
        .as("a further call of the same provider and model: its names are two one-byte indices")
        .isLessThan(bytes(new LlmCallSerializer(), a) - "shopopenaigpt-4o".length());
  }

  private static <T> void assertSnapshotRestoresCompatible(TypeSerializer<T> serializer)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
    TypeSerializerSnapshot<T> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()),
            SpanSerializersTest.class.getClassLoader());
    assertThat(read.restoreSerializer())
        .isInstanceOf(serializer.getClass())
        .isNotSameAs(serializer)
        .isNotSameAs(read.restoreSerializer());
    assertThat(
            serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs())
        .isTrue();
  }

  private static LlmCall call(String traceId, String spanId) {
    LlmCall c = new LlmCall();
    c.ids = SpanKey.of(traceId, spanId);
    c.application = "shop";
    c.provider = "openai";
    c.model = "gpt-4o";
    c.startNanos = 1_699_999_980_000_000_000L; // a minute's start
    c.endNanos = c.startNanos + 1_234_000_000L;
    c.error = true;
    c.stream = true;
    c.inputTokens = 1200;
    c.outputTokens = 300;
    c.cacheReadTokens = 1000;
    c.cacheCreationTokens = 7;
    c.reasoningTokens = 3_000_000_000L;
    c.ttftNanos = 250_000_000L;
    c.costPicos = 123_456_789_012L;
    c.cacheSavingsPicos = 42;
    c.unpricedTokens = 0;
    return c;
  }

  private static <T> int bytes(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    return out.length();
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T back = serializer.deserialize(in);
    assertThat(in.available()).as("bytes left after reading").isZero();
    return back;
  }
}
