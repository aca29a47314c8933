package dev.aigw.insight.source.otlp.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.source.otlp.kafka.testing.OtlpRequests;
import dev.aigw.insight.source.otlp.kafka.testing.TestDecoder;
import dev.aigw.insight.source.otlp.kafka.testing.TestRecord;
import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpKafkaDeserializationSchemaTest {

  private static final long MAX_BYTES = 1024;

  private final CountingMetricGroup metricGroup = new CountingMetricGroup();
  private final List<TestRecord> out = new ArrayList<>();
  private final Collector<TestRecord> collector =
      new Collector<>() {
        @Override
        public void collect(TestRecord record) {
          out.add(record);
        }

        @Override
        public void close() {}
      };
  private OtlpKafkaDeserializationSchema<TestRecord> schema;
  private long offset;

  @BeforeEach
  void open() throws Exception {
    schema =
        new OtlpKafkaDeserializationSchema<>(
            new TestDecoder(),
            Map.of("m", OtlpSignal.METRICS, "l", OtlpSignal.LOGS, "t", OtlpSignal.TRACES),
            MAX_BYTES);
    schema.open(
        new DeserializationSchema.InitializationContext() {
          @Override
          public MetricGroup getMetricGroup() {
            return metricGroup;
          }

          @Override
          public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
          }
        });
  }

  private void deliver(String topic, byte[] value) throws Exception {
    schema.deserialize(new ConsumerRecord<>(topic, 0, offset++, null, value), collector);
  }

  @Test
  void opensTheDecoderWithTheSourceMetricGroup() {
    assertThat(metricGroup.count(TestDecoder.OPENS_METRIC)).isEqualTo(1);
  }

  @Test
  void decodesEachSignalByItsTopic() throws Exception {
    Map<String, Long> series = new LinkedHashMap<>();
    series.put("a", 3L);
    series.put("b", 5L);
    deliver("m", OtlpRequests.sums("requests", series).toByteArray());
    deliver("l", OtlpRequests.logs(List.of("GET /", "POST /x"), 77L).toByteArray());

    assertThat(out)
        .containsExactly(
            new TestRecord("metrics", "requests/a", 3),
            new TestRecord("metrics", "requests/b", 5),
            new TestRecord("logs", "GET /", 77),
            new TestRecord("logs", "POST /x", 77));
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_DECODED)).isEqualTo(2);
    assertThat(metricGroup.count(OtlpKafkaMetrics.RECORDS_EMITTED)).isEqualTo(4);
  }

  @Test
  void decodesTraces() throws Exception {
    ExportTraceServiceRequest traces =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(Span.newBuilder().setName("chat").setStartTimeUnixNano(9))))
            .build();
    deliver("t", traces.toByteArray());
    deliver("t", OtlpRequests.GARBAGE);

    assertThat(out).containsExactly(new TestRecord("traces", "chat", 9));
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_UNDECODABLE)).isEqualTo(1);
  }

  @Test
  void skipsAndCountsGarbage() throws Exception {
    deliver("m", OtlpRequests.GARBAGE);
    deliver("l", OtlpRequests.GARBAGE);
    deliver("m", null);

    assertThat(out).isEmpty();
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_UNDECODABLE)).isEqualTo(3);
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_DECODED)).isZero();
  }

  @Test
  void skipsAndCountsMessagesOverTheSizeLimit() throws Exception {
    byte[] exactlyAtLimit = new byte[(int) MAX_BYTES]; // zeros: invalid, but not oversized
    deliver("m", exactlyAtLimit);
    deliver("m", new byte[(int) MAX_BYTES + 1]);

    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_OVERSIZED)).isEqualTo(1);
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_UNDECODABLE)).isEqualTo(1);
  }

  @Test
  void emitsNothingOfARequestTheDecoderRefuses() throws Exception {
    deliver("m", OtlpRequests.malformed(OtlpRequests.sums("r", Map.of("a", 1L))).toByteArray());

    assertThat(out).isEmpty();
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_MALFORMED)).isEqualTo(1);
  }

  @Test
  void countsItemsTheDecoderRejects() throws Exception {
    deliver("m", OtlpRequests.valueless("r", 3).toByteArray());

    assertThat(out).isEmpty();
    assertThat(metricGroup.count(OtlpKafkaMetrics.ITEMS_REJECTED)).isEqualTo(3);
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_DECODED)).isEqualTo(1);
  }

  @Test
  void countsMessagesOfUnmappedTopics() throws Exception {
    deliver("other", OtlpRequests.sums("r", Map.of("a", 1L)).toByteArray());

    assertThat(out).isEmpty();
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_UNKNOWN_TOPIC)).isEqualTo(1);
  }

  @Test
  void survivesADecoderThatThrows() throws Exception {
    schema =
        new OtlpKafkaDeserializationSchema<>(
            new TestDecoder() {
              private static final long serialVersionUID = 1L;

              @Override
              public void decodeLogs(
                  io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest request,
                  dev.aigw.insight.source.otlp.decoder.DecodeOutput<TestRecord> o) {
                o.emit(new TestRecord("logs", "half", 1));
                throw new IllegalStateException("decoder bug");
              }
            },
            Map.of("l", OtlpSignal.LOGS),
            MAX_BYTES);
    open2();
    deliver("l", OtlpRequests.logs(List.of("x"), 1).toByteArray());

    assertThat(out).isEmpty();
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_DECODER_FAILED)).isEqualTo(1);
  }

  @Test
  void logsGoToTheDecoderAsBytesAndItsParseFailureCountsAsUndecodable() throws Exception {
    List<byte[]> seen = new ArrayList<>();
    schema =
        new OtlpKafkaDeserializationSchema<>(
            new TestDecoder() {
              private static final long serialVersionUID = 1L;

              @Override
              public void decodeSerializedLogs(
                  byte[] request, dev.aigw.insight.source.otlp.decoder.DecodeOutput<TestRecord> o)
                  throws com.google.protobuf.InvalidProtocolBufferException {
                seen.add(request);
                if (request.length == 4) {
                  throw new com.google.protobuf.InvalidProtocolBufferException("not logs");
                }
                o.emit(new TestRecord("raw", "bytes", request.length));
              }
            },
            Map.of("l", OtlpSignal.LOGS),
            MAX_BYTES);
    open2();
    byte[] logs = OtlpRequests.logs(List.of("x"), 1).toByteArray();
    deliver("l", logs);
    deliver("l", new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isEqualTo(logs);
    assertThat(out).containsExactly(new TestRecord("raw", "bytes", logs.length));
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_DECODED)).isEqualTo(1);
    assertThat(metricGroup.count(OtlpKafkaMetrics.MESSAGES_UNDECODABLE)).isEqualTo(1);
  }

  private void open2() throws Exception {
    schema.open(
        new DeserializationSchema.InitializationContext() {
          @Override
          public MetricGroup getMetricGroup() {
            return metricGroup;
          }

          @Override
          public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
          }
        });
  }

  /** Keeps the counters registered with it, so a test can read them. */
  private static final class CountingMetricGroup extends UnregisteredMetricsGroup {
    private final Map<String, Counter> counters = new HashMap<>();

    @Override
    public Counter counter(String name) {
      return counters.computeIfAbsent(name, n -> new SimpleCounter());
    }

    long count(String name) {
      Counter c = counters.get(name);
      return c == null ? -1 : c.getCount();
    }
  }
}
