package dev.aigw.insight.job.decode.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class GenAiMetricDecoderTest {

  private static final long T = 1_700_000_040_000_000_000L;

  /** The receiver's clock: a minute after the points' time. */
  static final JobClock CLOCK = JobClock.fixed(T / 1_000_000 + 60_000);

  private final GenAiMetricDecoder decoder = decoder(AnalysisConfig.builder());
  private final Recorder out = new Recorder();

  /** A decoder of the configuration, judging times by {@link #CLOCK}. */
  static GenAiMetricDecoder decoder(AnalysisConfig.Builder config) {
    return GenAiMetricDecoder.create(config.build(), CLOCK);
  }

  @Test
  void decodesAGatewayPointWithAllFields() {
    decoder.decodeMetrics(
        request(
            gatewayResource("svc", kv("service.instance.id", "pod-1")),
            histogram(
                "gen_ai.client.token.usage",
                AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                point(
                    b ->
                        b.addAttributes(kv("gen_ai.provider.name", "openai"))
                            .addAttributes(kv("gen_ai.request.model", "gpt-4o"))
                            .addAttributes(kv("gen_ai.response.model", "gpt-4o-2024-08-06"))
                            .addAttributes(kv("gen_ai.token.type", "input"))))),
        out);
    assertThat(out.points).hasSize(1);
    GenAiPoint p = out.points.get(0);
    assertThat(p.service).isEqualTo("svc");
    assertThat(p.instance).isEqualTo("pod-1");
    assertThat(p.provider).isEqualTo("openai");
    assertThat(p.model).isEqualTo("gpt-4o-2024-08-06");
    assertThat(p.tokenType).isEqualTo("input");
    assertThat(p.metric).isEqualTo(MetricKind.TOKEN_USAGE);
    assertThat(p.temporality).isEqualTo(Temporality.DELTA);
    assertThat(p.startTimeNanos).isEqualTo(T - 60_000_000_000L);
    assertThat(p.timeNanos).isEqualTo(T);
    assertThat(p.explicitBounds).containsExactly(1, 4);
    assertThat(p.bucketCounts).containsExactly(1, 0, 2);
    assertThat(p.sum).isEqualTo(13.0);
    assertThat(p.count).isEqualTo(3);
    assertThat(p.min).isEqualTo(1.0);
    assertThat(p.max).isEqualTo(6.0);
    assertThat(p.error).isFalse();
    assertThat(p.seriesKey).hasSize(32);
    assertThat(p.resourceKey).hasSize(32);
    assertThat(decoder.count(AnalysisMetrics.POINTS_DECODED)).isEqualTo(1);
    assertThat(out.rejected).isZero();
  }

  @Test
  void providerModelAndInstanceFallBack() {
    decoder.decodeMetrics(
        request(
            gatewayResource("svc", kv("host.name", "host-a"), kv("k8s.pod.name", "pod-x")),
            duration(
                point(
                    b ->
                        b.addAttributes(kv("gen_ai.system", "anthropic"))
                            .addAttributes(kv("gen_ai.request.model", "claude-3-haiku")))),
            duration(point(b -> b.addAttributes(kv("error.type", "_OTHER"))))),
        out);
    decoder.decodeMetrics(
        request(gatewayResource("svc2", kv("k8s.pod.name", "pod-x")), duration(point(b -> b))),
        out);
    decoder.decodeMetrics(request(gatewayResource("svc3"), duration(point(b -> b))), out);
    decoder.decodeMetrics(
        request(
            Resource.newBuilder().addAttributes(kv("job_name", "envoy-ai-gateway")).build(),
            duration(point(b -> b))),
        out);

    assertThat(out.points).hasSize(5);
    GenAiPoint first = out.points.get(0);
    assertThat(first.instance).isEqualTo("host-a");
    assertThat(first.provider).isEqualTo("anthropic");
    assertThat(first.model).isEqualTo("claude-3-haiku");
    assertThat(first.error).isFalse();
    GenAiPoint second = out.points.get(1);
    assertThat(second.provider).isEqualTo("unknown");
    assertThat(second.model).isEqualTo("unknown");
    assertThat(second.error).isTrue();
    assertThat(out.points.get(2).instance).isEqualTo("pod-x");
    assertThat(out.points.get(3).instance).isNull();
    assertThat(out.points.get(4).service).isEqualTo("unknown_service");
  }

  @Test
  void providerNamePrecedesLegacySystem() {
    decoder.decodeMetrics(
        request(
            gatewayResource("svc"),
            duration(
                point(
                    b ->
                        b.addAttributes(kv("gen_ai.system", "legacy"))
                            .addAttributes(kv("gen_ai.provider.name", "openai"))))),
        out);
    assertThat(out.points.get(0).provider).isEqualTo("openai");
  }

  @Test
  void resourceFilterRefusesOtherJobsAndAcceptAnyTakesThem() {
    ExportMetricsServiceRequest req =
        request(
            Resource.newBuilder()
                .addAttributes(kv("service.name", "app"))
                .addAttributes(kv("job_name", "other"))
                .build(),
            duration(point(b -> b), point(b -> b.addAttributes(kv("x", "1")))));
    decoder.decodeMetrics(req, out);
    assertThat(out.points).isEmpty();
    assertThat(decoder.count(AnalysisMetrics.POINTS_FILTERED_RESOURCE)).isEqualTo(2);

    GenAiMetricDecoder any = decoder(AnalysisConfig.builder().acceptAnyResource(true));
    any.decodeMetrics(req, out);
    assertThat(out.points).hasSize(2);

    GenAiMetricDecoder custom =
        decoder(AnalysisConfig.builder().resourceFilter("job_name", List.of("a", "other")));
    custom.decodeMetrics(req, out);
    assertThat(out.points).hasSize(4);
  }

  @Test
  void nonGenAiMetricsAreIgnoredAndCounted() {
    Metric sdkSelf =
        histogram(
            "otel.sdk.metric_reader.collection.duration",
            AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
            point(b -> b));
    Metric genAiSum =
        Metric.newBuilder()
            .setName("gen_ai.client.token.usage")
            .setSum(
                Sum.newBuilder()
                    .addDataPoints(NumberDataPoint.newBuilder().setAsInt(3).setTimeUnixNano(T)))
            .build();
    decoder.decodeMetrics(request(gatewayResource("svc"), sdkSelf, genAiSum), out);
    assertThat(out.points).isEmpty();
    assertThat(out.rejected).isZero();
    assertThat(decoder.count(AnalysisMetrics.POINTS_IGNORED_NON_GENAI)).isEqualTo(2);
  }

  @Test
  void exponentialHistogramsAreDroppedAndCounted() {
    Metric exp =
        Metric.newBuilder()
            .setName("gen_ai.server.request.duration")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(1))
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(2)))
            .build();
    decoder.decodeMetrics(request(gatewayResource("svc"), exp), out);
    assertThat(out.points).isEmpty();
    assertThat(decoder.count(AnalysisMetrics.POINTS_EXPONENTIAL_DROPPED)).isEqualTo(2);
  }

  @Test
  void unknownTokenTypeIsDroppedAndCounted() {
    decoder.decodeMetrics(
        request(
            gatewayResource("svc"),
            histogram(
                "gen_ai.client.token.usage",
                AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                point(b -> b.addAttributes(kv("gen_ai.token.type", "total"))),
                point(b -> b))),
        out);
    assertThat(out.points).isEmpty();
    assertThat(decoder.count(AnalysisMetrics.POINTS_UNKNOWN_TOKEN_TYPE)).isEqualTo(2);
  }

  @Test
  void bucketCountMismatchIsRejectedAndCounted() {
    assertRejected(b -> b.addBucketCounts(0), AnalysisMetrics.MALFORMED_BUCKET_MISMATCH);
  }

  @Test
  void bucketsNotAddingUpToCountAreRejected() {
    assertRejected(b -> b.setCount(4), AnalysisMetrics.MALFORMED_BUCKET_MISMATCH);
  }

  @Test
  void negativeBucketCountIsRejected() {
    assertRejected(
        b -> b.setBucketCounts(1, -1).setBucketCounts(2, 3),
        AnalysisMetrics.MALFORMED_NEGATIVE_COUNT);
  }

  @Test
  void negativeCountIsRejected() {
    assertRejected(b -> b.setCount(-3), AnalysisMetrics.MALFORMED_NEGATIVE_COUNT);
  }

  @Test
  void nanSumIsRejected() {
    assertRejected(b -> b.setSum(Double.NaN), AnalysisMetrics.MALFORMED_INVALID_SUM);
  }

  @Test
  void missingSumIsRejected() {
    assertRejected(HistogramDataPoint.Builder::clearSum, AnalysisMetrics.MALFORMED_INVALID_SUM);
  }

  @Test
  void missingTimeIsRejected() {
    assertRejected(b -> b.setTimeUnixNano(0), AnalysisMetrics.MALFORMED_MISSING_TIME);
  }

  @Test
  void unorderedBoundsAreRejected() {
    assertRejected(b -> b.setExplicitBounds(1, 0.5), AnalysisMetrics.MALFORMED_INVALID_BOUNDS);
  }

  @Test
  void startAfterTimeIsRejected() {
    assertRejected(b -> b.setStartTimeUnixNano(T + 1), AnalysisMetrics.MALFORMED_START_AFTER_TIME);
    assertThat(out.reasons.get(0))
        .isEqualTo("gen_ai.server.request.duration: start_time_unix_nano after time_unix_nano");
  }

  @Test
  void nanOrInfiniteMinOrMaxIsRejected() {
    assertRejected(b -> b.setMin(Double.NaN), AnalysisMetrics.MALFORMED_INVALID_MIN_MAX);
    assertRejectedAgain(b -> b.setMax(Double.POSITIVE_INFINITY), 2);
    assertRejectedAgain(b -> b.setMin(Double.NEGATIVE_INFINITY), 3);
    assertRejectedAgain(b -> b.setMin(7).setMax(6), 4); // min above max
    assertThat(decoder.count(AnalysisMetrics.MALFORMED_INVALID_MIN_MAX)).isEqualTo(4);
  }

  @Test
  void countsAboveTheCeilingAreRejected() {
    GenAiMetricDecoder capped = decoder(AnalysisConfig.builder().maxPointCount(1_000));
    // count 1001 = 1 + 0 + 1000: well-formed but above the ceiling
    capped.decodeMetrics(
        request(
            gatewayResource("svc"),
            duration(
                point(b -> b.setBucketCounts(2, 1_000).setCount(1_001)),
                point(b -> b.setBucketCounts(2, 999).setCount(1_000)))),
        out);
    assertThat(out.points).extracting(p -> p.count).containsExactly(1_000L);
    assertThat(capped.count(AnalysisMetrics.MALFORMED_COUNT_TOO_LARGE)).isEqualTo(1);
    assertThat(out.reasons)
        .containsExactly(
            "gen_ai.server.request.duration: count or bucket count above the ceiling of 1000");
    // a bucket alone above the ceiling (the sum would overflow a long): also rejected
    Recorder overflow = new Recorder();
    decoder.decodeMetrics(
        request(
            gatewayResource("svc"),
            duration(
                point(
                    b ->
                        b.setBucketCounts(0, Long.MAX_VALUE)
                            .setBucketCounts(1, Long.MAX_VALUE)
                            .setBucketCounts(2, 2)
                            .setCount(0)))),
        overflow);
    assertThat(overflow.points).isEmpty();
    assertThat(decoder.count(AnalysisMetrics.MALFORMED_COUNT_TOO_LARGE)).isEqualTo(1);
  }

  @Test
  void aPointFromTheFarFutureIsRejectedAndNeverEmitted() {
    long future = 4_102_444_800_000_000_000L; // 2100-01-01
    decoder.decodeMetrics(
        request(
            gatewayResource("svc"),
            duration(
                point(b -> b.setStartTimeUnixNano(future - 1).setTimeUnixNano(future)),
                point(b -> b))),
        out);
    assertThat(out.points).extracting(p -> p.timeNanos).containsExactly(T);
    assertThat(out.rejected).isEqualTo(1);
    assertThat(decoder.count(AnalysisMetrics.POINTS_REJECTED_FUTURE)).isEqualTo(1);
    assertThat(decoder.count(AnalysisMetrics.POINTS_MALFORMED)).isZero();
    assertThat(out.reasons)
        .containsExactly(
            "gen_ai.server.request.duration: time_unix_nano 2100-01-01T00:00:00Z is more than"
                + " PT5M ahead of the receiver's clock (2023-11-14T22:15:00Z); is the sender's"
                + " clock right?");
  }

  @Test
  void theFutureSkewIsMeasuredFromTheReceiversClock() {
    long clockNanos = (T / 1_000_000 + 60_000) * 1_000_000;
    long fiveMinutes = 300_000_000_000L;
    decoder.decodeMetrics(
        request(
            gatewayResource("svc"),
            duration(
                point(b -> b.setTimeUnixNano(clockNanos + fiveMinutes)),
                point(b -> b.setTimeUnixNano(clockNanos + fiveMinutes + 1)))),
        out);
    assertThat(out.points).extracting(p -> p.timeNanos).containsExactly(clockNanos + fiveMinutes);
    assertThat(decoder.count(AnalysisMetrics.POINTS_REJECTED_FUTURE)).isEqualTo(1);
  }

  @Test
  void aPointOlderThanThePastAgeIsRejected() {
    long eightDaysAgo = T - 8 * 86_400_000_000_000L;
    decoder.decodeMetrics(
        request(
            gatewayResource("svc"),
            duration(
                point(b -> b.setStartTimeUnixNano(eightDaysAgo - 1).setTimeUnixNano(eightDaysAgo)),
                point(b -> b))),
        out);
    assertThat(out.points).hasSize(1);
    assertThat(decoder.count(AnalysisMetrics.POINTS_REJECTED_TOO_OLD)).isEqualTo(1);
    assertThat(out.reasons.get(0))
        .isEqualTo(
            "gen_ai.server.request.duration: time_unix_nano 2023-11-06T22:14:00Z is older than"
                + " PT168H before the receiver's clock (2023-11-14T22:15:00Z): that minute can no"
                + " longer be stored");
  }

  @Test
  void dimensionValuesAreBoundedToTheirStableForm() {
    String huge = "x".repeat(1 << 20);
    decoder.decodeMetrics(
        request(
            gatewayResource(huge, kv("service.instance.id", "pod-" + huge)),
            duration(
                point(
                    b ->
                        b.addAttributes(kv("gen_ai.provider.name", "p".repeat(257)))
                            .addAttributes(kv("gen_ai.response.model", huge))),
                point(b -> b.addAttributes(kv("gen_ai.response.model", "gpt-4o"))))),
        out);
    GenAiPoint p = out.points.get(0);
    // the hashes are the first 16 hex digits of the SHA-256 of the whole values
    assertThat(p.model).isEqualTo("x".repeat(237) + "\u2026" + "8f990ba0b577b51c");
    assertThat(p.service).isEqualTo(p.model);
    // 237 bytes of prefix, 3 of the ellipsis, 16 of the hash: 256 bytes, 254 chars
    assertThat(p.instance).startsWith("pod-" + "x".repeat(233) + "\u2026").hasSize(254);
    assertThat(p.provider).startsWith("p".repeat(237) + "\u2026").hasSize(254);
    assertThat(out.points.get(1).model).isEqualTo("gpt-4o");
    // service and instance once per resource, provider and model once per point
    assertThat(decoder.count(AnalysisMetrics.DIMENSION_VALUES_SHORTENED)).isEqualTo(4);
  }

  @Test
  void attributesBeyondTheLimitAreIgnoredAndCounted() {
    GenAiMetricDecoder limited = decoder(AnalysisConfig.builder().maxAttributesPerPoint(3));
    limited.decodeMetrics(
        request(
            gatewayResource("svc", kv("a", "1"), kv("b", "2")), // 4 attributes: 1 ignored
            duration(
                point(
                    b ->
                        b.addAttributes(kv("gen_ai.provider.name", "openai"))
                            .addAttributes(kv("x", "1"))
                            .addAttributes(kv("y", "2"))
                            .addAttributes(kv("gen_ai.response.model", "ignored"))))),
        out);
    assertThat(out.points)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.provider).isEqualTo("openai");
              assertThat(p.model).isEqualTo("unknown"); // its attribute was the fourth
            });
    assertThat(limited.count(AnalysisMetrics.ATTRIBUTES_IGNORED)).isEqualTo(2);
  }

  @Test
  void deeplyNestedAttributeValuesAreCutAndCounted() {
    AnyValue deep = AnyValue.newBuilder().setStringValue("x").build();
    for (int i = 0; i < 50; i++) {
      deep =
          AnyValue.newBuilder()
              .setArrayValue(
                  io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addValues(deep))
              .build();
    }
    KeyValue attribute = KeyValue.newBuilder().setKey("deep").setValue(deep).build();
    decoder.decodeMetrics(
        request(gatewayResource("svc"), duration(point(b -> b.addAttributes(attribute)))), out);
    assertThat(out.points).hasSize(1);
    assertThat(decoder.count(AnalysisMetrics.ATTRIBUTE_VALUES_TOO_DEEP)).isEqualTo(1);
  }

  @Test
  void unspecifiedTemporalityRejectsEveryPoint() {
    decoder.decodeMetrics(
        request(
            gatewayResource("svc"),
            histogram(
                "gen_ai.server.request.duration",
                AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED,
                point(b -> b),
                point(b -> b))),
        out);
    assertThat(out.rejected).isEqualTo(2);
    assertThat(decoder.count(AnalysisMetrics.MALFORMED_TEMPORALITY)).isEqualTo(2);
    assertThat(decoder.count(AnalysisMetrics.POINTS_MALFORMED)).isEqualTo(2);
  }

  @Test
  void malformedPointsDoNotStopTheRestOfTheRequest() {
    decoder.decodeMetrics(
        request(
            gatewayResource("svc"),
            duration(point(b -> b.setSum(Double.POSITIVE_INFINITY)), point(b -> b))),
        out);
    assertThat(out.points).hasSize(1);
    assertThat(out.rejected).isEqualTo(1);
    assertThat(out.reasons).singleElement().asString().contains("sum missing, NaN or infinite");
  }

  @Test
  void seriesKeyIgnoresAttributeOrderButNotValues() {
    decoder.decodeMetrics(
        request(
            gatewayResource("svc"),
            duration(
                point(b -> b.addAttributes(kv("a", "1")).addAttributes(kv("b", "2"))),
                point(b -> b.addAttributes(kv("b", "2")).addAttributes(kv("a", "1"))),
                point(b -> b.addAttributes(kv("a", "1")).addAttributes(kv("b", "3"))))),
        out);
    assertThat(out.points.get(0).seriesKey).isEqualTo(out.points.get(1).seriesKey);
    assertThat(out.points.get(0).seriesKey).isNotEqualTo(out.points.get(2).seriesKey);
    assertThat(out.points.get(0).resourceKey).isEqualTo(out.points.get(2).resourceKey);
  }

  /** One more point rejected, the {@code total}-th malformed one of the test. */
  private void assertRejectedAgain(UnaryOperator<HistogramDataPoint.Builder> breakIt, int total) {
    decoder.decodeMetrics(request(gatewayResource("svc"), duration(point(breakIt))), out);
    assertThat(out.points).isEmpty();
    assertThat(out.rejected).isEqualTo(total);
    assertThat(decoder.count(AnalysisMetrics.POINTS_MALFORMED)).isEqualTo(total);
  }

  private void assertRejected(UnaryOperator<HistogramDataPoint.Builder> breakIt, String counter) {
    decoder.decodeMetrics(request(gatewayResource("svc"), duration(point(breakIt))), out);
    assertThat(out.points).isEmpty();
    assertThat(out.rejected).isEqualTo(1);
    assertThat(decoder.count(counter)).isEqualTo(1);
    assertThat(decoder.count(AnalysisMetrics.POINTS_MALFORMED)).isEqualTo(1);
    assertThat(out.reasons.get(0)).startsWith("gen_ai.server.request.duration: ");
  }

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static Resource gatewayResource(String service, KeyValue... extra) {
    Resource.Builder b =
        Resource.newBuilder()
            .addAttributes(kv("service.name", service))
            .addAttributes(kv("job_name", "envoy-ai-gateway"));
    for (KeyValue kv : extra) {
      b.addAttributes(kv);
    }
    return b.build();
  }

  /** A valid point: bounds [1, 4], counts [1, 0, 2], sum 13, count 3, min 1, max 6. */
  static HistogramDataPoint point(UnaryOperator<HistogramDataPoint.Builder> customize) {
    HistogramDataPoint.Builder b =
        HistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(T - 60_000_000_000L)
            .setTimeUnixNano(T)
            .addExplicitBounds(1)
            .addExplicitBounds(4)
            .addBucketCounts(1)
            .addBucketCounts(0)
            .addBucketCounts(2)
            .setCount(3)
            .setSum(13)
            .setMin(1)
            .setMax(6);
    return customize.apply(b).build();
  }

  static Metric duration(HistogramDataPoint... points) {
    return histogram(
        "gen_ai.server.request.duration",
        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
        points);
  }

  static Metric histogram(
      String name, AggregationTemporality temporality, HistogramDataPoint... points) {
    Histogram.Builder h = Histogram.newBuilder().setAggregationTemporality(temporality);
    for (HistogramDataPoint p : points) {
      h.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setHistogram(h).build();
  }

  static ExportMetricsServiceRequest request(Resource resource, Metric... metrics) {
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
    for (Metric m : metrics) {
      scope.addMetrics(m);
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
        .build();
  }

  /** Collects what the decoder emits and rejects. */
  static final class Recorder implements DecodeOutput<GenAiPoint> {
    final List<GenAiPoint> points = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    long rejected;

    @Override
    public void emit(GenAiPoint record) {
      points.add(record);
    }

    @Override
    public void reject(long count, String reason) {
      rejected += count;
      reasons.add(reason);
    }
  }
}
