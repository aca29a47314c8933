package dev.aigw.insight.job.decode.metrics;

import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.CLOCK;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.duration;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.gatewayResource;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.histogram;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.kv;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.point;
import static dev.aigw.insight.job.decode.metrics.GenAiMetricDecoderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.aigw.insight.job.decode.GatewayTelemetryDecoder;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.Telemetry;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.testing.RecordedCounters;
import dev.aigw.insight.schema.gateway.GatewayContract;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The wire-format metrics decoder ({@link GenAiMetricDecoder#decodeSerializedMetrics}) against the
 * reference, the full parse followed by {@link GenAiMetricDecoder#decodeMetrics}: same points
 * (equals) in the same order, same refusals in the same order, same value of every counter; for
 * bytes that are not a request, the same exception message with nothing emitted or counted.
 */
class MetricWireDecodingTest {

  private static final long T = 1_700_000_040_000_000_000L;
  private static final long MINUTE = 60_000_000_000L;

  /** The configurations every request is decoded with. */
  private static final List<AnalysisConfig> CONFIGS =
      List.of(
          AnalysisConfig.defaults(),
          AnalysisConfig.builder().maxAttributesPerPoint(3).maxDimensionBytes(40).build(),
          AnalysisConfig.builder().maxPointCount(1_000).acceptAnyResource(true).build(),
          AnalysisConfig.builder().resourceFilter("job_name", List.of("a", "other")).build());

  // --- requests as the gateway sends them -----------------------------------------------------

  @Test
  void gatewayRequestsDecodeExactlyAsTheFullParseAndOnTheWire() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    int points = 0;
    for (int i = 0; i < 60; i++) {
      byte[] bytes = gatewayRequest(random, i).toByteArray();
      for (AnalysisConfig config : CONFIGS) {
        assertThat(readsExactly(bytes, config)).isTrue();
        points += assertSameOutcome(bytes, config, "gateway request " + i).points.size();
      }
    }
    assertThat(points).isGreaterThan(10_000);
  }

  @Test
  void theJobsDecoderGivesTheSameTelemetryFromTheBytes() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 10; i++) {
      byte[] bytes = gatewayRequest(random, i).toByteArray();
      List<Object> parsed = new ArrayList<>();
      List<Object> wire = new ArrayList<>();
      new GatewayTelemetryDecoder(GenAiMetricDecoder.create(AnalysisConfig.defaults(), CLOCK), null)
          .decodeMetrics(ExportMetricsServiceRequest.parseFrom(bytes), collecting(parsed));
      new GatewayTelemetryDecoder(GenAiMetricDecoder.create(AnalysisConfig.defaults(), CLOCK), null)
          .decodeSerializedMetrics(bytes, collecting(wire));
      assertThat(wire).isEqualTo(parsed).isNotEmpty();
    }
  }

  @Test
  void withAttributionEveryRequestIsParsedWholeAndDecodedAlike() throws Exception {
    AttributionConfig attribution = AttributionConfig.of("team.id", null, 100, null, null);
    SplittableRandom random = new SplittableRandom(13);
    for (int i = 0; i < 4; i++) {
      ExportMetricsServiceRequest request = gatewayRequest(random, i);
      byte[] bytes = request.toByteArray();
      Outcome reference = new Outcome();
      GenAiMetricDecoder.create(AnalysisConfig.defaults(), attribution, CLOCK)
          .decodeMetrics(ExportMetricsServiceRequest.parseFrom(bytes), reference);
      Outcome wire = new Outcome();
      RecordedCounters group = new RecordedCounters();
      group
          .open(GenAiMetricDecoder.create(AnalysisConfig.defaults(), attribution, CLOCK))
          .decodeSerializedMetrics(bytes, wire);
      assertThat(wire.points).isEqualTo(reference.points).isNotEmpty();
      assertThat(wire.points).allSatisfy(p -> assertThat(p.attribution).containsExactly("none"));
      assertThat(wire.rejects).isEqualTo(reference.rejects);
      assertThat(group.values().get(AnalysisMetrics.POINTS_WIRE_FALLBACKS)).isZero();
    }
  }

  @Test
  void everyRequestOfTheObjectDecodersTestsDecodesAlike() throws Exception {
    for (ExportMetricsServiceRequest request : objectTestRequests()) {
      byte[] bytes = request.toByteArray();
      for (AnalysisConfig config : CONFIGS) {
        assertThat(readsExactly(bytes, config)).as(request.toString()).isTrue();
        assertSameOutcome(bytes, config, request.toString());
      }
    }
  }

  @Test
  void attributesOfEveryTypeAreRenderedAlike() throws Exception {
    AnyValue deep = AnyValue.newBuilder().setStringValue("x").build();
    for (int i = 0; i < 12; i++) {
      deep = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(deep)).build();
    }
    List<KeyValue> odd =
        List.of(
            value("int", AnyValue.newBuilder().setIntValue(-42)),
            value("bool", AnyValue.newBuilder().setBoolValue(true)),
            value("double", AnyValue.newBuilder().setDoubleValue(2.5)),
            value("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("b\u00fc"))),
            value(
                "array",
                AnyValue.newBuilder()
                    .setArrayValue(
                        ArrayValue.newBuilder()
                            .addValues(AnyValue.newBuilder().setStringValue("a"))
                            .addValues(AnyValue.newBuilder().setIntValue(1)))),
            value(
                "kvlist",
                AnyValue.newBuilder()
                    .setKvlistValue(KeyValueList.newBuilder().addValues(kv("k", "v")))),
            value("empty", AnyValue.newBuilder()),
            KeyValue.newBuilder().setKey("no-value").build(),
            KeyValue.newBuilder().setValue(AnyValue.newBuilder().setStringValue("no key")).build(),
            value("strindex", AnyValue.newBuilder().setStringValueStrindex(3)),
            value("deep", deep),
            value("gen_ai.provider.name", AnyValue.newBuilder().setIntValue(7)),
            value("gen_ai.response.model", AnyValue.newBuilder().setStringValue("")),
            value("gen_ai.request.model", AnyValue.newBuilder().setBoolValue(false)),
            value("gen_ai.token.type", AnyValue.newBuilder().setStringValue("input")),
            value("unicode", AnyValue.newBuilder().setStringValue("\u00fc\ud83d\ude00\u4e2d")),
            kv("\ud83d\ude00", "smile"),
            kv("\uffff", "high"),
            kv("error.type", "timeout"),
            kv("gen_ai.provider.name", "later-wins"));
    List<HistogramDataPoint> points = new ArrayList<>();
    for (int from = 0; from < odd.size(); from++) {
      int first = from;
      points.add(
          point(
              b -> {
                for (int i = 0; i < odd.size(); i++) {
                  b.addAttributes(odd.get((first + i) % odd.size()));
                }
                return b;
              }));
    }
    Resource resource =
        gatewayResource("svc", odd.toArray(new KeyValue[0])).toBuilder()
            .addAttributes(kv("service.instance.id", "pod-\u00fc"))
            .build();
    ExportMetricsServiceRequest request =
        request(
            resource,
            histogram(
                GatewayContract.Metric.TOKEN_USAGE.metricName(),
                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                points.toArray(new HistogramDataPoint[0])),
            duration(points.toArray(new HistogramDataPoint[0])));
    byte[] bytes = request.toByteArray();
    for (AnalysisConfig config : CONFIGS) {
      assertThat(readsExactly(bytes, config)).isTrue();
      assertSameOutcome(bytes, config, "odd attributes");
    }
    Outcome outcome = assertSameOutcome(bytes, AnalysisConfig.defaults(), "odd attributes");
    assertThat(outcome.counters.get(AnalysisMetrics.ATTRIBUTE_VALUES_TOO_DEEP)).isPositive();
    assertThat(outcome.counters.get(AnalysisMetrics.POINTS_DECODED)).isPositive();
  }

  @Test
  void metricsTheDecoderOnlyCountsAreCountedAlike() throws Exception {
    Metric gauge =
        Metric.newBuilder()
            .setName("process.memory")
            .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(1)))
            .build();
    Metric genAiSum =
        Metric.newBuilder()
            .setName(GatewayContract.Metric.TOKEN_USAGE.metricName())
            .setSum(
                Sum.newBuilder()
                    .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(3))
                    .addDataPoints(NumberDataPoint.newBuilder().setAsInt(4)))
            .build();
    Metric summary =
        Metric.newBuilder()
            .setName(GatewayContract.Metric.REQUEST_DURATION.metricName())
            .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder()))
            .build();
    Metric exponential =
        Metric.newBuilder()
            .setName(GatewayContract.Metric.TIME_TO_FIRST_TOKEN.metricName())
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(1))
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(2)))
            .build();
    Metric sdkHistogram =
        histogram(
            "otel.sdk.duration",
            AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
            point(b -> b),
            point(b -> b.setCount(-1)));
    Metric noData = Metric.newBuilder().setName("gen_ai.server.request.duration").build();
    Metric withMetadata =
        duration(point(b -> b)).toBuilder()
            .addMetadata(kv("meta", "data"))
            .setDescription("d")
            .setUnit("s")
            .build();
    for (Resource resource :
        List.of(
            gatewayResource("svc"),
            Resource.newBuilder().addAttributes(kv("job_name", "other")).build())) {
      byte[] bytes =
          request(
                  resource,
                  gauge,
                  genAiSum,
                  summary,
                  exponential,
                  sdkHistogram,
                  noData,
                  withMetadata,
                  duration(point(b -> b)))
              .toByteArray();
      for (AnalysisConfig config : CONFIGS) {
        assertThat(readsExactly(bytes, config)).isTrue();
        assertSameOutcome(bytes, config, "counted metrics");
      }
    }
  }

  @Test
  void requestsWithManyResourcesScopesAndNoneAreDecodedAlike() throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    ResourceMetrics first = gatewayRequest(random, 1).getResourceMetrics(0);
    ResourceMetrics second = gatewayRequest(random, 2).getResourceMetrics(0);
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(first)
            .addResourceMetrics(ResourceMetrics.newBuilder()) // nothing at all
            .addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(gatewayResource("only resource")))
            .addResourceMetrics(second.toBuilder().addScopeMetrics(ScopeMetrics.newBuilder()))
            .addResourceMetrics(
                // no resource: the default one (refused by the default filter)
                ResourceMetrics.newBuilder().addScopeMetrics(second.getScopeMetrics(0)))
            .addResourceMetrics(first.toBuilder().addScopeMetrics(second.getScopeMetrics(0)))
            .addResourceMetrics(first.toBuilder().setSchemaUrl("https://x"))
            .build();
    byte[] bytes = request.toByteArray();
    for (AnalysisConfig config : CONFIGS) {
      assertThat(readsExactly(bytes, config)).isTrue();
      assertSameOutcome(bytes, config, "many resources");
    }
  }

  // --- shapes protobuf accepts that serializers rarely write ----------------------------------

  @Test
  void unusualButValidEncodingsAreReadOnTheWireAlike() throws Exception {
    List<byte[]> requests = new ArrayList<>();
    // unpacked bucket counts and bounds, duplicated scalars (the last wins), fields out of order,
    // the temporality before the points and the name after the data
    for (boolean temporalityFirst : new boolean[] {true, false}) {
      ByteArrayOutputStream point = new ByteArrayOutputStream();
      CodedOutputStream p = CodedOutputStream.newInstance(point);
      p.writeFixed64(3, T + 5);
      p.writeFixed64(3, T);
      p.writeFixed64(2, T - MINUTE);
      p.writeDouble(7, 1);
      p.writeFixed64(6, 1);
      p.writeDouble(7, 4);
      p.writeFixed64(6, 0);
      p.writeFixed64(6, 2);
      p.writeFixed64(4, 3);
      p.writeDouble(5, 99);
      p.writeDouble(5, 13);
      p.writeMessage(9, kv("gen_ai.provider.name", "openai"));
      p.writeDouble(11, 1);
      p.writeUInt32(10, 0);
      p.writeMessage(9, kv("gen_ai.token.type", "output"));
      p.flush();
      ByteArrayOutputStream histogram = new ByteArrayOutputStream();
      CodedOutputStream h = CodedOutputStream.newInstance(histogram);
      if (temporalityFirst) {
        h.writeEnum(2, AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE_VALUE);
      }
      h.writeByteArray(1, point.toByteArray());
      h.writeByteArray(1, point.toByteArray());
      h.writeEnum(2, AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA_VALUE);
      h.flush();
      ByteArrayOutputStream metric = new ByteArrayOutputStream();
      CodedOutputStream m = CodedOutputStream.newInstance(metric);
      m.writeString(1, "x");
      m.writeByteArray(9, histogram.toByteArray());
      m.writeString(1, GatewayContract.Metric.TOKEN_USAGE.metricName());
      m.flush();
      requests.add(
          request(gatewayResource("svc"), Metric.parseFrom(metric.toByteArray())).toByteArray());
      requests.add(wrap(gatewayResource("svc"), metric.toByteArray()));
    }
    // an unknown temporality value, and one that needs 64 bits (protobuf keeps its low 32)
    for (long temporality : new long[] {7, 0x1_0000_0001L, -1}) {
      ByteArrayOutputStream histogram = new ByteArrayOutputStream();
      CodedOutputStream h = CodedOutputStream.newInstance(histogram);
      h.writeMessage(1, point(b -> b));
      h.writeUInt64(2, temporality);
      h.flush();
      ByteArrayOutputStream metric = new ByteArrayOutputStream();
      CodedOutputStream m = CodedOutputStream.newInstance(metric);
      m.writeString(1, GatewayContract.Metric.REQUEST_DURATION.metricName());
      m.writeByteArray(9, histogram.toByteArray());
      m.flush();
      requests.add(wrap(gatewayResource("svc"), metric.toByteArray()));
    }
    for (byte[] bytes : requests) {
      for (AnalysisConfig config : CONFIGS) {
        assertThat(readsExactly(bytes, config)).isTrue();
        assertSameOutcome(bytes, config, "unusual encoding");
      }
    }
    Outcome outcome = assertSameOutcome(requests.get(0), AnalysisConfig.defaults(), "unpacked");
    assertThat(outcome.points).hasSize(2);
    GenAiPoint p = outcome.points.get(0);
    assertThat(p.timeNanos).isEqualTo(T);
    assertThat(p.sum).isEqualTo(13);
    assertThat(p.explicitBounds).containsExactly(1, 4);
    assertThat(p.bucketCounts).containsExactly(1, 0, 2);
  }

  @Test
  void unknownFieldsAndExemplarsAtEveryLevelAreSkippedOnTheWire() throws Exception {
    UnknownFieldSet unknown =
        UnknownFieldSet.newBuilder()
            .addField(
                99,
                UnknownFieldSet.Field.newBuilder()
                    .addVarint(5)
                    .addFixed32(6)
                    .addFixed64(7)
                    .addLengthDelimited(ByteString.copyFrom(new byte[] {(byte) 0xFF, 0x00}))
                    .build())
            .build();
    KeyValue provider =
        kv("gen_ai.provider.name", "openai").toBuilder()
            .setValue(
                AnyValue.newBuilder().setStringValue("openai").setUnknownFields(unknown).build())
            .setUnknownFields(unknown)
            .build();
    HistogramDataPoint p =
        point(
            b ->
                b.addAttributes(provider)
                    .addExemplars(
                        Exemplar.newBuilder()
                            .setAsDouble(1.5)
                            .setTimeUnixNano(T)
                            .addFilteredAttributes(kv("user", "u")))
                    .setUnknownFields(unknown));
    Metric metric =
        duration(p).toBuilder()
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(p)
                    .setUnknownFields(unknown))
            .setUnknownFields(unknown)
            .build();
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(gatewayResource("svc").toBuilder().setUnknownFields(unknown))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName(GatewayContract.SCOPE_NAME)
                                    .setUnknownFields(unknown))
                            .addMetrics(metric)
                            .setUnknownFields(unknown))
                    .setUnknownFields(unknown))
            .setUnknownFields(unknown)
            .build();
    byte[] bytes = request.toByteArray();
    for (AnalysisConfig config : CONFIGS) {
      assertThat(readsExactly(bytes, config)).isTrue();
      assertSameOutcome(bytes, config, "unknown fields");
    }
    assertThat(assertSameOutcome(bytes, AnalysisConfig.defaults(), "unknown").points).hasSize(1);
  }

  @Test
  void oddShapesAreLeftToTheFullParseAndDecodedAlike() throws Exception {
    Resource resource = gatewayResource("svc");
    Metric metric = duration(point(b -> b));
    UnknownFieldSet group =
        UnknownFieldSet.newBuilder()
            .addField(
                40,
                UnknownFieldSet.Field.newBuilder()
                    .addGroup(
                        UnknownFieldSet.newBuilder()
                            .addField(1, UnknownFieldSet.Field.newBuilder().addVarint(3).build())
                            .build())
                    .build())
            .build();
    // a declared field with another wire type is an unknown field to protobuf
    UnknownFieldSet countAsVarint =
        UnknownFieldSet.newBuilder()
            .addField(4, UnknownFieldSet.Field.newBuilder().addVarint(9).build())
            .build();
    UnknownFieldSet resourceAgain =
        UnknownFieldSet.newBuilder()
            .addField(
                1,
                UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(gatewayResource("other").toByteString())
                    .build())
            .build();
    // a second data field (protobuf merges the oneof), and a Sum between two histograms
    UnknownFieldSet secondHistogram =
        UnknownFieldSet.newBuilder()
            .addField(
                9,
                UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(metric.getHistogram().toByteString())
                    .build())
            .build();
    UnknownFieldSet sumThenHistogram =
        UnknownFieldSet.newBuilder()
            .addField(
                7,
                UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(
                        Sum.newBuilder()
                            .addDataPoints(NumberDataPoint.newBuilder().setAsInt(1))
                            .build()
                            .toByteString())
                    .build())
            .build();
    // a key or a value given twice in one attribute
    UnknownFieldSet keyAgain =
        UnknownFieldSet.newBuilder()
            .addField(
                1,
                UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(ByteString.copyFromUtf8("gen_ai.request.model"))
                    .build())
            .build();
    UnknownFieldSet valueAgain =
        UnknownFieldSet.newBuilder()
            .addField(
                2,
                UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(
                        AnyValue.newBuilder().setStringValue("again").build().toByteString())
                    .build())
            .build();
    List<byte[]> requests = new ArrayList<>();
    requests.add(request(resource, duration(point(b -> b.setUnknownFields(group)))).toByteArray());
    requests.add(
        request(resource, duration(point(b -> b.setUnknownFields(countAsVarint)))).toByteArray());
    requests.add(
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(resource)
                    .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric))
                    .setUnknownFields(resourceAgain))
            .build()
            .toByteArray());
    requests.add(
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(resource)
                    .setUnknownFields(resourceAgain)
                    .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)))
            .build()
            .toByteArray());
    requests.add(
        request(resource, metric.toBuilder().setUnknownFields(secondHistogram).build())
            .toByteArray());
    requests.add(
        request(resource, metric.toBuilder().setUnknownFields(sumThenHistogram).build())
            .toByteArray());
    for (UnknownFieldSet twice : List.of(keyAgain, valueAgain)) {
      KeyValue attribute =
          kv("gen_ai.response.model", "m").toBuilder().setUnknownFields(twice).build();
      requests.add(
          request(resource, duration(point(b -> b.addAttributes(attribute)))).toByteArray());
    }
    // nested deeper than the wire reading goes (level 92), within protobuf's limit (100)
    requests.add(
        request(resource, duration(point(b -> b.addAttributes(value("deep", nested(43))))))
            .toByteArray());
    for (int i = 0; i < requests.size(); i++) {
      byte[] bytes = requests.get(i);
      assertThat(readsExactly(bytes, AnalysisConfig.defaults())).as("shape " + i).isFalse();
      for (AnalysisConfig config : CONFIGS) {
        Outcome outcome = assertSameOutcome(bytes, config, "odd shape");
        // a refused resource's metrics are parsed by protobuf, so there the wire reading is exact
        assertThat(outcome.fallbacks)
            .as("shape " + i)
            .isEqualTo(readsExactly(bytes, config) ? 0L : 1L);
      }
    }
  }

  // --- bytes that are not a request -----------------------------------------------------------

  @Test
  void malformedBytesFailWithTheParsersMessageAndLeaveNoTrace() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    Resource resource = gatewayResource("svc");
    List<byte[]> inputs = new ArrayList<>();
    inputs.add(new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    inputs.add(new byte[] {0x00});
    inputs.add(new byte[] {0x0F, 0x01});
    // invalid UTF-8 in a point's key and value, a metric's name, an ignored metric's attribute
    inputs.add(
        withPlaceholder(
            request(resource, duration(point(b -> b.addAttributes(kv("\u0001BAD", "v")))))));
    inputs.add(
        withPlaceholder(
            request(resource, duration(point(b -> b.addAttributes(kv("k", "x\u0001BAD")))))));
    inputs.add(
        withPlaceholder(
            request(
                resource,
                histogram(
                    "\u0001BAD",
                    AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                    point(b -> b)))));
    inputs.add(
        withPlaceholder(
            request(
                Resource.newBuilder().addAttributes(kv("job_name", "other")).build(),
                duration(point(b -> b.addAttributes(kv("k", "\u0001BAD")))))));
    // points after an unspecified temporality are still checked
    inputs.add(
        withPlaceholder(
            request(
                resource,
                histogram(
                    "gen_ai.server.request.duration",
                    AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED,
                    point(b -> b.addAttributes(kv("k", "\u0001BAD")))))));
    // a packed field whose length is not a whole number of values
    HistogramDataPoint good = point(b -> b);
    byte[] packed = request(resource, duration(good)).toByteArray();
    int at = indexOf(packed, new byte[] {0x32, 24}); // bucket_counts, 3 fixed64
    if (at >= 0) {
      byte[] bad = packed.clone();
      bad[at + 1] = 23;
      inputs.add(bad);
    }
    // nested deeper than protobuf's recursion limit
    inputs.add(
        request(resource, duration(point(b -> b.addAttributes(value("deep", nested(60))))))
            .toByteArray());
    // truncations and flipped bytes of valid requests
    for (int i = 0; i < 400; i++) {
      byte[] valid = gatewayRequest(random, i).toByteArray();
      byte[] broken =
          i % 2 == 0
              ? Arrays.copyOf(valid, random.nextInt(Math.max(1, valid.length)))
              : flip(valid, random);
      inputs.add(broken);
    }
    int failures = 0;
    int survivors = 0;
    for (byte[] bytes : inputs) {
      String parseError = parseError(bytes);
      for (AnalysisConfig config : CONFIGS) {
        if (parseError == null) {
          survivors++;
          assertSameOutcome(bytes, config, "valid after damage");
          continue;
        }
        failures++;
        RecordedCounters group = new RecordedCounters();
        GenAiMetricDecoder decoder = group.open(GenAiMetricDecoder.create(config, CLOCK));
        Outcome out = new Outcome();
        try {
          decoder.decodeSerializedMetrics(bytes, out);
          throw new AssertionError("accepted bytes protobuf refuses: " + parseError);
        } catch (InvalidProtocolBufferException e) {
          assertThat(e.getMessage()).isEqualTo(parseError);
        }
        assertThat(out.points).isEmpty();
        assertThat(out.rejects).isEmpty();
        assertThat(group.values()).allSatisfy((name, v) -> assertThat(v).as(name).isZero());
      }
    }
    assertThat(failures).isGreaterThan(400);
    assertThat(survivors).isGreaterThan(100);
  }

  @Test
  void theWireReadingKnowsEveryFieldOfTheProtoVersionInUse() {
    assertThat(fields(HistogramDataPoint.getDescriptor()))
        .isEqualTo(
            "9:MESSAGE 2:FIXED64 3:FIXED64 4:FIXED64 5:DOUBLE 6:FIXED64 7:DOUBLE 8:MESSAGE 10:UINT32"
                + " 11:DOUBLE 12:DOUBLE");
    assertThat(fields(Histogram.getDescriptor())).isEqualTo("1:MESSAGE 2:ENUM");
    assertThat(fields(Metric.getDescriptor()))
        .isEqualTo(
            "1:STRING 2:STRING 3:STRING 5:MESSAGE 7:MESSAGE 9:MESSAGE 10:MESSAGE 11:MESSAGE"
                + " 12:MESSAGE");
    assertThat(fields(ScopeMetrics.getDescriptor())).isEqualTo("1:MESSAGE 2:MESSAGE 3:STRING");
    assertThat(fields(ResourceMetrics.getDescriptor())).isEqualTo("1:MESSAGE 2:MESSAGE 3:STRING");
    assertThat(fields(ExportMetricsServiceRequest.getDescriptor())).isEqualTo("1:MESSAGE");
  }

  // --- the comparison -------------------------------------------------------------------------

  /**
   * Decodes the bytes on both paths with fresh decoders; asserts the same outcome and returns it.
   */
  private static Outcome assertSameOutcome(byte[] bytes, AnalysisConfig config, String what)
      throws Exception {
    Outcome reference = new Outcome();
    RecordedCounters referenceGroup = new RecordedCounters();
    GenAiMetricDecoder object = referenceGroup.open(GenAiMetricDecoder.create(config, CLOCK));
    object.decodeMetrics(ExportMetricsServiceRequest.parseFrom(bytes), reference);
    reference.counters = referenceGroup.values();

    Outcome wire = new Outcome();
    RecordedCounters wireGroup = new RecordedCounters();
    GenAiMetricDecoder decoder = wireGroup.open(GenAiMetricDecoder.create(config, CLOCK));
    decoder.decodeSerializedMetrics(bytes, wire);
    wire.counters = wireGroup.values();
    wire.fallbacks = wire.counters.remove(AnalysisMetrics.POINTS_WIRE_FALLBACKS);
    reference.counters.remove(AnalysisMetrics.POINTS_WIRE_FALLBACKS);

    assertThat(wire.points).as(what).isEqualTo(reference.points);
    for (int i = 0; i < wire.points.size(); i++) {
      assertThat(wire.points.get(i).toString()).isEqualTo(reference.points.get(i).toString());
    }
    assertThat(wire.rejects).as(what).isEqualTo(reference.rejects);
    assertThat(wire.counters).as(what).isEqualTo(reference.counters);
    return wire;
  }

  /** Whether the wire reading decodes the request itself (no fall back to the full parse). */
  private static boolean readsExactly(byte[] bytes, AnalysisConfig config) {
    GenAiMetricDecoder decoder = GenAiMetricDecoder.create(config, CLOCK);
    return new MetricWireDecoding(bytes, decoder, config.eventTimeBounds(CLOCK).now()).decode();
  }

  private static String parseError(byte[] bytes) {
    try {
      ExportMetricsServiceRequest.parseFrom(bytes);
      return null;
    } catch (InvalidProtocolBufferException e) {
      return e.getMessage();
    }
  }

  // --- requests -------------------------------------------------------------------------------

  /**
   * A pod's export as the benchmark's load generator builds it (the four metrics with the
   * contract's bounds, provider and model pairs, errors, every token type), with variations: either
   * temporality, the gateway's scope, extra attributes, and now and then a bad point.
   */
  static ExportMetricsServiceRequest gatewayRequest(SplittableRandom random, int pod) {
    AggregationTemporality temporality =
        pod % 2 == 0
            ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
            : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    ScopeMetrics.Builder scope =
        ScopeMetrics.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName(GatewayContract.SCOPE_NAME));
    for (GatewayContract.Metric contract : GatewayContract.Metric.values()) {
      Histogram.Builder h = Histogram.newBuilder().setAggregationTemporality(temporality);
      for (int provider = 0; provider < 3; provider++) {
        for (int model = 0; model < 4; model++) {
          List<KeyValue> attributes = new ArrayList<>();
          attributes.add(kv(GatewayContract.OPERATION_NAME, "chat"));
          attributes.add(kv(GatewayContract.PROVIDER_NAME, "provider-" + provider));
          attributes.add(kv(GatewayContract.REQUEST_MODEL, "model-" + model));
          attributes.add(kv(GatewayContract.RESPONSE_MODEL, "model-" + model + "-2024"));
          attributes.add(kv(GatewayContract.ORIGINAL_MODEL, "unknown"));
          if (contract == GatewayContract.Metric.TOKEN_USAGE) {
            for (String type : GatewayContract.TOKEN_TYPES) {
              List<KeyValue> typed = new ArrayList<>(attributes);
              typed.add(kv(GatewayContract.TOKEN_TYPE, type));
              h.addDataPoints(randomPoint(random, contract, typed, pod));
            }
            continue;
          }
          h.addDataPoints(randomPoint(random, contract, attributes, pod));
          if (contract == GatewayContract.Metric.REQUEST_DURATION && (provider + model) % 3 == 0) {
            List<KeyValue> failed = new ArrayList<>(attributes);
            failed.add(kv(GatewayContract.ERROR_TYPE, "_OTHER"));
            h.addDataPoints(randomPoint(random, contract, failed, pod));
          }
        }
      }
      scope.addMetrics(
          Metric.newBuilder()
              .setName(contract.metricName())
              .setUnit(contract.unit())
              .setDescription("the gateway's " + contract.metricName())
              .setHistogram(h));
    }
    Resource.Builder resource =
        gatewayResource(
            "gateway-" + pod % 3,
            kv("service.instance.id", "pod-" + pod),
            kv("k8s.pod.name", "pod-" + pod))
            .toBuilder();
    if (pod % 5 == 0) {
      resource.addAttributes(value("pod.index", AnyValue.newBuilder().setIntValue(pod)));
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
        .build();
  }

  /** A point of random counts over the contract's bounds; one in 40 is broken in some way. */
  private static HistogramDataPoint randomPoint(
      SplittableRandom random, GatewayContract.Metric contract, List<KeyValue> attrs, int pod) {
    double[] bounds = contract.bucketBounds();
    HistogramDataPoint.Builder b =
        HistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(pod % 2 == 0 ? T - MINUTE : T - 30 * MINUTE)
            .setTimeUnixNano(T + random.nextInt(1_000) * 1_000_000L)
            .addAllAttributes(attrs);
    long count = 0;
    double sum = 0;
    for (double bound : bounds) {
      b.addExplicitBounds(bound);
    }
    for (int i = 0; i <= bounds.length; i++) {
      long n = random.nextInt(4) == 0 ? random.nextInt(50) : 0;
      b.addBucketCounts(n);
      count += n;
      sum += n * (i < bounds.length ? bounds[i] : bounds[bounds.length - 1] * 2);
    }
    b.setCount(count).setSum(sum);
    if (count > 0) {
      b.setMin(bounds[0] / 2).setMax(bounds[bounds.length - 1] * 2);
    }
    switch (random.nextInt(40)) {
      case 0:
        b.setTimeUnixNano(0);
        break;
      case 1:
        b.setCount(count + 1);
        break;
      case 2:
        b.setSum(Double.NaN);
        break;
      case 3:
        b.setFlags(1);
        break;
      case 4:
        b.setTimeUnixNano(T + 3_600_000_000_000L); // an hour ahead of the receiver
        break;
      case 5:
        b.setExplicitBounds(0, bounds[1]);
        break;
      case 6:
        b.setBucketCounts(0, 5_000).setCount(count + 5_000);
        break;
      case 7:
        b.clearSum();
        break;
      default:
        break;
    }
    return b.build();
  }

  /** The requests of {@link GenAiMetricDecoderTest}'s cases. */
  private static List<ExportMetricsServiceRequest> objectTestRequests() {
    List<ExportMetricsServiceRequest> requests = new ArrayList<>();
    Resource svc = gatewayResource("svc");
    requests.add(
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
                            .addAttributes(kv("gen_ai.token.type", "input"))))));
    requests.add(
        request(
            gatewayResource("svc", kv("host.name", "host-a"), kv("k8s.pod.name", "pod-x")),
            duration(
                point(
                    b ->
                        b.addAttributes(kv("gen_ai.system", "anthropic"))
                            .addAttributes(kv("gen_ai.request.model", "claude-3-haiku")))),
            duration(point(b -> b.addAttributes(kv("error.type", "_OTHER"))))));
    requests.add(
        request(gatewayResource("svc2", kv("k8s.pod.name", "pod-x")), duration(point(b -> b))));
    requests.add(
        request(
            Resource.newBuilder().addAttributes(kv("job_name", "envoy-ai-gateway")).build(),
            duration(point(b -> b))));
    requests.add(
        request(
            Resource.newBuilder()
                .addAttributes(kv("service.name", "app"))
                .addAttributes(kv("job_name", "other"))
                .build(),
            duration(point(b -> b), point(b -> b.addAttributes(kv("x", "1"))))));
    requests.add(
        request(
            svc,
            histogram(
                "gen_ai.client.token.usage",
                AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                point(b -> b.addAttributes(kv("gen_ai.token.type", "total"))),
                point(b -> b))));
    long future = 4_102_444_800_000_000_000L;
    long eightDaysAgo = T - 8 * 86_400_000_000_000L;
    long clockNanos = (T / 1_000_000 + 60_000) * 1_000_000;
    List<java.util.function.UnaryOperator<HistogramDataPoint.Builder>> breaks =
        List.of(
            b -> b.addBucketCounts(0),
            b -> b.setCount(4),
            b -> b.setBucketCounts(1, -1).setBucketCounts(2, 3),
            b -> b.setCount(-3),
            b -> b.setSum(Double.NaN),
            HistogramDataPoint.Builder::clearSum,
            b -> b.setTimeUnixNano(0),
            b -> b.setExplicitBounds(1, 0.5),
            b -> b.setExplicitBounds(1, Double.POSITIVE_INFINITY),
            b -> b.setStartTimeUnixNano(T + 1),
            b -> b.setStartTimeUnixNano(-1),
            b -> b.setMin(Double.NaN),
            b -> b.setMax(Double.POSITIVE_INFINITY),
            b -> b.setMin(Double.NEGATIVE_INFINITY),
            b -> b.setMin(7).setMax(6),
            b -> b.setBucketCounts(2, 1_000).setCount(1_001),
            b -> b.setBucketCounts(2, 999).setCount(1_000),
            b ->
                b.setBucketCounts(0, Long.MAX_VALUE)
                    .setBucketCounts(1, Long.MAX_VALUE)
                    .setBucketCounts(2, 2)
                    .setCount(0),
            b -> b.setStartTimeUnixNano(future - 1).setTimeUnixNano(future),
            b -> b.setTimeUnixNano(clockNanos + 300_000_000_000L),
            b -> b.setTimeUnixNano(clockNanos + 300_000_000_001L),
            b -> b.setStartTimeUnixNano(eightDaysAgo - 1).setTimeUnixNano(eightDaysAgo),
            b -> b.setSum(Double.POSITIVE_INFINITY),
            b -> b.setFlags(1),
            b -> b.setFlags(2),
            b -> b.clearMin().clearMax(),
            b -> b.clearExplicitBounds().clearBucketCounts().addBucketCounts(3));
    List<HistogramDataPoint> all = new ArrayList<>();
    for (var breakIt : breaks) {
      HistogramDataPoint p = point(breakIt);
      all.add(p);
      requests.add(request(svc, duration(p)));
    }
    all.add(point(b -> b));
    requests.add(request(svc, duration(all.toArray(new HistogramDataPoint[0]))));
    String huge = "x".repeat(1 << 16);
    requests.add(
        request(
            gatewayResource(huge, kv("service.instance.id", "pod-" + huge)),
            duration(
                point(
                    b ->
                        b.addAttributes(kv("gen_ai.provider.name", "p".repeat(257)))
                            .addAttributes(kv("gen_ai.response.model", huge))),
                point(b -> b.addAttributes(kv("gen_ai.response.model", "gpt-4o"))))));
    requests.add(
        request(
            gatewayResource("svc", kv("a", "1"), kv("b", "2")),
            duration(
                point(
                    b ->
                        b.addAttributes(kv("gen_ai.provider.name", "openai"))
                            .addAttributes(kv("x", "1"))
                            .addAttributes(kv("y", "2"))
                            .addAttributes(kv("gen_ai.response.model", "ignored"))))));
    requests.add(
        request(
            svc,
            histogram(
                "gen_ai.server.request.duration",
                AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED,
                point(b -> b),
                point(b -> b))));
    requests.add(
        request(
            svc,
            histogram(
                "gen_ai.server.request.duration",
                AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED)));
    requests.add(
        request(
            svc,
            duration(
                point(b -> b.addAttributes(kv("a", "1")).addAttributes(kv("b", "2"))),
                point(b -> b.addAttributes(kv("b", "2")).addAttributes(kv("a", "1"))),
                point(b -> b.addAttributes(kv("a", "1")).addAttributes(kv("b", "3"))))));
    requests.add(
        request(
            gatewayResource("svc", kv("service.instance.id", "pod-\u00fc")),
            duration(
                point(
                    b ->
                        b.addAttributes(kv("gen_ai.response.model", "gpt-4o"))
                            .addAttributes(kv("gen_ai.provider.name", "openai"))
                            .addAttributes(kv("error.type", "timeout"))
                            .addAttributes(kv("gen_ai.provider.name", "azure"))))));
    requests.add(ExportMetricsServiceRequest.getDefaultInstance());
    return requests;
  }

  private static KeyValue value(String key, AnyValue.Builder value) {
    return value(key, value.build());
  }

  private static KeyValue value(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  /** An array value nested {@code depth} levels deep. */
  private static AnyValue nested(int depth) {
    AnyValue v = AnyValue.newBuilder().setStringValue("x").build();
    for (int i = 0; i < depth; i++) {
      v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
    }
    return v;
  }

  /** A request of one resource and scope around a metric's bytes. */
  private static byte[] wrap(Resource resource, byte[] metric) throws IOException {
    ByteArrayOutputStream scope = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(scope);
    s.writeByteArray(2, metric);
    s.flush();
    ByteArrayOutputStream rm = new ByteArrayOutputStream();
    CodedOutputStream r = CodedOutputStream.newInstance(rm);
    r.writeMessage(1, resource);
    r.writeByteArray(2, scope.toByteArray());
    r.flush();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream q = CodedOutputStream.newInstance(request);
    q.writeByteArray(1, rm.toByteArray());
    q.flush();
    return request.toByteArray();
  }

  /** The request's bytes with its {@code \u0001BAD} placeholder turned into invalid UTF-8. */
  private static byte[] withPlaceholder(ExportMetricsServiceRequest request) {
    byte[] bytes = request.toByteArray();
    int at = indexOf(bytes, "\u0001BAD".getBytes(StandardCharsets.UTF_8));
    assertThat(at).isNotNegative();
    bytes[at] = (byte) 0xC3; // a lead byte followed by 'B', not a continuation byte
    return bytes;
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] flip(byte[] valid, SplittableRandom random) {
    byte[] broken = valid.clone();
    int flips = 1 + random.nextInt(3);
    for (int i = 0; i < flips; i++) {
      broken[random.nextInt(broken.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return broken;
  }

  private static String fields(com.google.protobuf.Descriptors.Descriptor descriptor) {
    StringBuilder s = new StringBuilder();
    for (com.google.protobuf.Descriptors.FieldDescriptor f : descriptor.getFields()) {
      if (s.length() > 0) {
        s.append(' ');
      }
      s.append(f.getNumber()).append(':').append(f.getType());
    }
    return s.toString();
  }

  private static DecodeOutput<Telemetry> collecting(List<Object> into) {
    return new DecodeOutput<>() {
      @Override
      public void emit(Telemetry record) {
        into.add(record.signal() + " " + record.payload());
      }

      @Override
      public void reject(long count, String reason) {
        into.add(count + " " + reason);
      }
    };
  }

  // --- test doubles ---------------------------------------------------------------------------

  /** What a decoder produced: points, refusals in order, counter values. */
  private static final class Outcome implements DecodeOutput<GenAiPoint> {
    final List<GenAiPoint> points = new ArrayList<>();
    final List<String> rejects = new ArrayList<>();
    Map<String, Long> counters;
    Long fallbacks;

    @Override
    public void emit(GenAiPoint record) {
      points.add(record);
    }

    @Override
    public void reject(long count, String reason) {
      rejects.add(count + " " + reason);
    }
  }
}
