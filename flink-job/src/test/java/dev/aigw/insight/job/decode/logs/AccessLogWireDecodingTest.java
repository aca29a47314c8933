package dev.aigw.insight.job.decode.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.AccessLogStatusCount;
import dev.aigw.insight.job.options.LogsMetrics;
import dev.aigw.insight.job.sample.AccessLogSampleFunction;
import dev.aigw.insight.job.sample.AccessLogSampler;
import dev.aigw.insight.job.sample.SampleDecision;
import dev.aigw.insight.job.testing.RecordedCounters;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

/**
 * Decode-time sampling from the wire format against the reference: the full parse, {@link
 * AccessLogDecoder} without a sampler, then {@link AccessLogSampler} as {@link
 * AccessLogSampleFunction} applies it. Same kept records (equals, with their keep reason), same
 * refusals in the same order, same value of every counter; and for bytes that are not a request,
 * the same exception message with nothing emitted or counted.
 */
class AccessLogWireDecodingTest {

  private static final long T0 = 1_767_261_600_123_456_789L;

  /** The receiver's clock: a minute after the records' time. */
  private static final JobClock CLOCK = JobClock.fixed(T0 / 1_000_000 + 60_000);

  private static final String LAYER = "ENVOY_AI_GATEWAY";

  /** The sampling configurations every request is decoded with. */
  private static final List<AccessLogSampler> SAMPLERS =
      List.of(
          new AccessLogSampler(10_000, null, 0.0),
          new AccessLogSampler(10_000, Duration.ofSeconds(2), 0.0),
          new AccessLogSampler(5_000, null, 0.3),
          new AccessLogSampler(2_000, Duration.ofMillis(500), 0.5));

  private static final String[] NUMBERS = {
    "0",
    "7",
    "200",
    "404",
    "503",
    "12000",
    " 42 ",
    "+7",
    "-0",
    "-3",
    "OK",
    "12.5",
    "",
    "-",
    " ",
    "\u0663",
    "99999999999999999999",
    "123456789012345678",
    "1234567890123456789",
    "1e3",
    "0x10"
  };

  // --- equivalence on generated requests ------------------------------------------------------

  @Test
  void generatedRequestsDecodeAndSampleExactlyAsTheFullParse() throws Exception {
    SplittableRandom random = new SplittableRandom(8);
    int fast = 0;
    for (int i = 0; i < 400; i++) {
      ExportLogsServiceRequest request = randomRequest(random);
      byte[] bytes = request.toByteArray();
      for (AccessLogSampler sampler : SAMPLERS) {
        for (String layer : new String[] {LAYER, ""}) {
          assertSameOutcome(bytes, layer, sampler, "request " + i);
          if (readsExactly(bytes, layer, sampler)) {
            fast++;
          }
        }
      }
    }
    // the comparison is only worth something if the wire reading did the work
    assertThat(fast).isGreaterThan(400 * SAMPLERS.size() * 2 * 9 / 10);
  }

  @Test
  void everyRecordKindTheSamplerDistinguishesIsReadFromTheWire() throws Exception {
    List<LogRecord> records = new ArrayList<>();
    records.add(envoy("plain", "200", "15", "7", "300", "-"));
    records.add(envoy("error", "404", "-", "-", "12", "-"));
    records.add(envoy("server-error", "503", "10", "2", "30", "-"));
    records.add(envoy("upstream", "200", "10", "2", "30", "connection_refused"));
    records.add(envoy("expensive", "200", "9000", "1500", "30", "-"));
    records.add(envoy("slow", "200", "10", "2", "9000", "-"));
    records.add(envoy("no-tokens", "200", "-", "7", "30", "-"));
    records.add(envoy("no-status", "-", "1", "1", "30", "-"));
    records.add(envoy("bad-status", "OK", "1", "1", "30", "-"));
    records.add(envoy("-", "200", "1", "1", "30", "-"));
    records.add(envoy("x".repeat(600), "200", "1", "1", "30", "-"));
    records.add(
        withAttribute(envoy("int-status", "-", "1", "1", "30", "-"), intKv("response_code", 500)));
    records.add(
        withAttribute(envoy("int-id", "200", "1", "1", "30", "-"), intKv("x-request-id", 77)));
    records.add(LogRecord.newBuilder().setObservedTimeUnixNano(T0).build());
    records.add(LogRecord.newBuilder().setSeverityText("INFO").build());
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(resourceLogs(resource("gw", "pod-1", LAYER), records))
            .addResourceLogs(resourceLogs(resource("mesh", "pod-2", "MESH"), records))
            .addResourceLogs(resourceLogs(resource(null, "pod-3", LAYER), records))
            .build();
    byte[] bytes = request.toByteArray();
    for (AccessLogSampler sampler : SAMPLERS) {
      assertThat(readsExactly(bytes, LAYER, sampler)).isTrue();
      Outcome outcome = assertSameOutcome(bytes, LAYER, sampler, "every kind");
      assertThat(outcome.counters.get(LogsMetrics.DECODED)).isEqualTo(records.size() - 1);
      assertThat(outcome.counters.get(LogsMetrics.DROPPED_OTHER_LAYER)).isEqualTo(records.size());
      assertThat(outcome.counters.get(LogsMetrics.DROPPED_MISSING_SERVICE))
          .isEqualTo(records.size());
      assertThat(outcome.counters.get(LogsMetrics.DROPPED_MISSING_TIME)).isEqualTo(1);
    }
    // with the default policy, exactly the plain records and the slow one are dropped
    Outcome defaults = decodeFast(bytes, LAYER, SAMPLERS.get(0));
    assertThat(defaults.counters.get(LogsMetrics.DROPPED_NORMAL)).isEqualTo(5);
    assertThat(defaults.records)
        .extracting(r -> r.keepReason)
        .containsExactly(
            "KEEP_ERROR_STATUS",
            "KEEP_ERROR_STATUS",
            "KEEP_UPSTREAM_FAILURE",
            "KEEP_TOKEN_THRESHOLD",
            "KEEP_MISSING_TOKENS",
            "KEEP_MISSING_STATUS",
            "KEEP_MISSING_STATUS",
            "KEEP_ERROR_STATUS",
            "KEEP_MISSING_STATUS");
  }

  @Test
  void hostileRecordsAreRejectedAndBoundedAlikeOnBothPaths() throws Exception {
    long day = 86_400_000_000_000L;
    // every record has an error status: kept by every sampler, so every one is stored
    List<LogRecord> records = new ArrayList<>();
    records.add(envoy("ok", "500", "1", "1", "30", "-"));
    records.add(at(envoy("future", "500", "1", "1", "30", "-"), 4_102_444_800_000_000_000L));
    records.add(at(envoy("old", "500", "1", "1", "30", "-"), T0 - 8 * day));
    records.add(
        envoy("beyond-2^63", "500", "1", "1", "30", "-").toBuilder()
            .clearTimeUnixNano()
            .setObservedTimeUnixNano(-1L)
            .build());
    records.add(withBody(envoy("huge-body", "500", "1", "1", "30", "-"), "b".repeat(40_000)));
    records.add(
        withBody(envoy("control-body", "500", "1", "1", "30", "-"), "\u0001".repeat(5_000)));
    records.add(
        withAttribute(
            envoy("huge-model", "500", "1", "1", "30", "-"),
            kv("gen_ai.response.model", "m".repeat(100_000))));
    records.add(envoy("r".repeat(20_000), "500", "1", "1", "30", "-"));
    records.add(withAttribute(envoy("deep", "500", "1", "1", "30", "-"), deepKv(20)));
    LogRecord many = envoy("many", "500", "1", "1", "30", "-");
    for (int i = 0; i < 100; i++) {
      many = withAttribute(many, kv(String.format("k%03d", i), "v".repeat(300)));
    }
    records.add(many);
    LogRecord big = envoy("big", "500", "1", "1", "30", "-");
    for (int i = 0; i < 60; i++) {
      big = withAttribute(big, kv(String.format("big%02d", i), "z".repeat(16_000)));
    }
    records.add(big);
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(resourceLogs(resource("gw", "pod-1", LAYER), records))
            .addResourceLogs(
                resourceLogs(
                    resource("s".repeat(1_000), "pod-2", LAYER),
                    List.of(envoy("long-service", "500", "1", "1", "30", "-"))))
            .build();
    byte[] bytes = request.toByteArray();
    for (AccessLogSampler sampler : SAMPLERS) {
      assertThat(readsExactly(bytes, LAYER, sampler)).isTrue();
      Outcome outcome = assertSameOutcome(bytes, LAYER, sampler, "hostile");
      Map<String, Long> c = outcome.counters;
      assertThat(c.get(LogsMetrics.REJECTED_FUTURE)).isEqualTo(2);
      assertThat(c.get(LogsMetrics.REJECTED_TOO_OLD)).isEqualTo(1);
      assertThat(c.get(LogsMetrics.DECODED)).isEqualTo(records.size() - 3 + 1);
      // huge body, control-character body, huge model attribute, huge request id
      assertThat(c.get(LogsMetrics.FIELDS_TRUNCATED)).isEqualTo(4);
      // the huge model, the long service
      assertThat(c.get(LogsMetrics.DIMENSION_VALUES_SHORTENED)).isEqualTo(2);
      assertThat(c.get(LogsMetrics.ATTRIBUTE_VALUES_TOO_DEEP)).isEqualTo(1);
      // many: 111 attributes, 64 kept; big: 71 attributes, 28 of the 16 kB ones over 512 KiB
      assertThat(c.get(LogsMetrics.ATTRIBUTES_DROPPED)).isEqualTo(47 + 28);
      assertThat(outcome.rejects)
          .containsExactly(
              "1 access log time 2100-01-01T00:00:00Z is more than PT5M ahead of the receiver's"
                  + " clock (2026-01-01T10:01:00.123Z); is the sender's clock right?",
              "1 access log time 2025-12-24T10:00:00.123456789Z is older than PT168H before the"
                  + " receiver's clock (2026-01-01T10:01:00.123Z): that minute can no longer be"
                  + " stored",
              "1 access log time 18446744073709551615ns is more than PT5M ahead of the receiver's"
                  + " clock (2026-01-01T10:01:00.123Z); is the sender's clock right?");
      for (AccessLogRecord r : outcome.records) {
        assertThat(LogRecordBounds.storedSize(r.body)).isLessThanOrEqualTo(16 * 1024);
        long stored = LogRecordBounds.storedSize(r.body);
        for (Map.Entry<String, String> e : r.attributes.entrySet()) {
          assertThat(LogRecordBounds.storedSize(e.getValue())).isLessThanOrEqualTo(16 * 1024);
          stored +=
              LogRecordBounds.storedSize(e.getKey()) + LogRecordBounds.storedSize(e.getValue());
        }
        assertThat(stored).isLessThanOrEqualTo(512 * 1024);
        assertThat(r.attributes.size()).isLessThanOrEqualTo(64);
      }
    }
  }

  @Test
  void readAttributesAreKeptWhateverTheBoundsSoTheDecisionIsTheSame() throws Exception {
    // 200 attributes sorting before the ones the sampler reads: they cannot push them out
    LogRecord record = envoy("r1", "200", "1", "1", "30", "connection_refused");
    for (int i = 0; i < 200; i++) {
      record = withAttribute(record, kv(String.format("a%03d", i), "v"));
    }
    byte[] bytes = request(resource("gw", "pod-1", LAYER), record).toByteArray();
    for (AccessLogSampler sampler : SAMPLERS) {
      Outcome outcome = assertSameOutcome(bytes, LAYER, sampler, "read attributes kept");
      assertThat(outcome.records)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.keepReason).isEqualTo("KEEP_UPSTREAM_FAILURE");
                assertThat(r.attributes)
                    .containsEntry("upstream_transport_failure_reason", "connection_refused")
                    .containsEntry("x-request-id", "r1")
                    .containsKey("a000")
                    .containsKey("a053") // 10 read + 54 others in key order
                    .doesNotContainKey("a054")
                    .hasSize(64);
              });
      assertThat(outcome.counters.get(LogsMetrics.ATTRIBUTES_DROPPED)).isEqualTo(211 - 64);
    }
  }

  @Test
  void oddShapesAreLeftToTheFullParseOrDecodedAlike() throws Exception {
    LogRecord plain = envoy("plain", "200", "15", "7", "300", "-");
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
    UnknownFieldSet attributesAsVarint =
        UnknownFieldSet.newBuilder()
            .addField(6, UnknownFieldSet.Field.newBuilder().addVarint(9).build())
            .build();
    Resource resource = resource("gw", "pod-1", LAYER);
    List<ExportLogsServiceRequest> requests =
        List.of(
            request(resource, plain.toBuilder().setUnknownFields(group).build()),
            request(resource, plain.toBuilder().setUnknownFields(attributesAsVarint).build()),
            // nested deeper than the wire reading goes (level 92), within protobuf's limit (100)
            request(resource, plain.toBuilder().setBody(nested(44)).build()),
            // the resource after its records, and a resource sent twice (merged by protobuf)
            ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(
                    ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(plain))
                        .setUnknownFields(
                            UnknownFieldSet.newBuilder()
                                .addField(
                                    1,
                                    UnknownFieldSet.Field.newBuilder()
                                        .addLengthDelimited(resource.toByteString())
                                        .build())
                                .build()))
                .build());
    for (ExportLogsServiceRequest request : requests) {
      byte[] bytes = request.toByteArray();
      assertThat(readsExactly(bytes, LAYER, SAMPLERS.get(0))).as(request.toString()).isFalse();
      for (AccessLogSampler sampler : SAMPLERS) {
        assertSameOutcome(bytes, LAYER, sampler, "odd shape");
      }
    }
  }

  @Test
  void unknownFieldsAtEveryLevelAreSkippedOnTheWire() throws Exception {
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
    KeyValue status =
        KeyValue.newBuilder()
            .setKey("response_code")
            .setValue(AnyValue.newBuilder().setStringValue("500").setUnknownFields(unknown))
            .setUnknownFields(unknown)
            .build();
    LogRecord record =
        withAttribute(envoy("u", "200", "1", "1", "30", "-"), status).toBuilder()
            .setUnknownFields(unknown)
            .build();
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(
                        resource("gw", "pod-1", LAYER).toBuilder().setUnknownFields(unknown))
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("envoy"))
                            .addLogRecords(record)
                            .setUnknownFields(unknown))
                    .setUnknownFields(unknown))
            .setUnknownFields(unknown)
            .build();
    byte[] bytes = request.toByteArray();
    for (AccessLogSampler sampler : SAMPLERS) {
      assertThat(readsExactly(bytes, LAYER, sampler)).isTrue();
      Outcome outcome = assertSameOutcome(bytes, LAYER, sampler, "unknown fields");
      assertThat(outcome.records)
          .extracting(r -> r.keepReason)
          .containsExactly("KEEP_ERROR_STATUS");
    }
  }

  // --- bytes that are not a request -----------------------------------------------------------

  @Test
  void malformedBytesFailWithTheParsersMessageAndLeaveNoTrace() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    List<byte[]> inputs = new ArrayList<>();
    inputs.add(new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    inputs.add(new byte[] {0x00});
    inputs.add(new byte[] {0x0F, 0x01});
    inputs.add(
        request(resource("gw", "p", LAYER), envoy("d", "200", "1", "1", "1", "-")).toBuilder()
            .build()
            .toByteArray());
    // invalid UTF-8 in a string of a record that sampling drops, in the body and in a key
    inputs.add(withPlaceholder(envoy("d", "200", "1", "1", "1", "\u0001BAD")));
    inputs.add(
        withPlaceholder(
            envoy("d", "200", "1", "1", "1", "-").toBuilder()
                .setBody(AnyValue.newBuilder().setStringValue("x\u0001BAD"))
                .build()));
    inputs.add(
        withPlaceholder(
            withAttribute(envoy("d", "200", "1", "1", "1", "-"), kv("\u0001BAD", "v"))));
    // nested deeper than protobuf's recursion limit
    inputs.add(
        request(
                resource("gw", "p", LAYER),
                envoy("d", "200", "1", "1", "1", "-").toBuilder().setBody(nested(60)).build())
            .toByteArray());
    // truncations and flipped bytes of valid requests
    for (int i = 0; i < 300; i++) {
      byte[] valid = randomRequest(random).toByteArray();
      byte[] broken =
          i % 2 == 0
              ? java.util.Arrays.copyOf(valid, random.nextInt(Math.max(1, valid.length)))
              : flip(valid, random);
      inputs.add(broken);
    }
    int failures = 0;
    for (byte[] bytes : inputs) {
      String parseError = parseError(bytes);
      for (AccessLogSampler sampler : SAMPLERS) {
        if (parseError == null) {
          assertSameOutcome(bytes, LAYER, sampler, "valid after damage");
          continue;
        }
        failures++;
        RecordedCounters fast = new RecordedCounters();
        AccessLogDecoder decoder = fast.open(new AccessLogDecoder(LAYER, sampler, CLOCK));
        Outcome out = new Outcome();
        try {
          decoder.decodeSerializedLogs(bytes, out);
          throw new AssertionError("accepted bytes protobuf refuses: " + parseError);
        } catch (InvalidProtocolBufferException e) {
          assertThat(e.getMessage()).isEqualTo(parseError);
        }
        assertThat(out.records).isEmpty();
        assertThat(out.rejects).isEmpty();
        assertThat(fast.values()).allSatisfy((name, value) -> assertThat(value).as(name).isZero());
      }
    }
    assertThat(failures).isGreaterThan(100);
  }

  // --- the wire reading knows every field of the messages it reads ----------------------------

  @Test
  void theWireReadingKnowsEveryFieldOfTheProtoVersionInUse() {
    assertThat(fields(LogRecord.getDescriptor()))
        .isEqualTo(
            "1:FIXED64 2:ENUM 3:STRING 5:MESSAGE 6:MESSAGE 7:UINT32 8:FIXED32 9:BYTES 10:BYTES"
                + " 11:FIXED64 12:STRING");
    assertThat(fields(AnyValue.getDescriptor()))
        .isEqualTo("1:STRING 2:BOOL 3:INT64 4:DOUBLE 5:MESSAGE 6:MESSAGE 7:BYTES 8:INT32");
    assertThat(fields(KeyValue.getDescriptor())).isEqualTo("1:STRING 2:MESSAGE 3:INT32");
    assertThat(fields(ArrayValue.getDescriptor())).isEqualTo("1:MESSAGE");
    assertThat(fields(KeyValueList.getDescriptor())).isEqualTo("1:MESSAGE");
    assertThat(fields(ScopeLogs.getDescriptor())).isEqualTo("1:MESSAGE 2:MESSAGE 3:STRING");
    assertThat(fields(ResourceLogs.getDescriptor())).isEqualTo("1:MESSAGE 2:MESSAGE 3:STRING");
    assertThat(fields(ExportLogsServiceRequest.getDescriptor())).isEqualTo("1:MESSAGE");
  }

  @Test
  void numbersParseAsTheDecoderParsesThem() {
    List<String> values = new ArrayList<>(List.of(NUMBERS));
    SplittableRandom random = new SplittableRandom(5);
    String alphabet = " +-0123456789x.\t\u0663";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = random.nextInt(22); j > 0; j--) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      values.add(s.toString());
    }
    for (String value : values) {
      SimpleCounter expectedCount = new SimpleCounter();
      String attribute = value.isEmpty() || value.equals("-") ? null : value;
      Long expected = AccessLogDecoder.number(attribute, expectedCount);
      SimpleCounter count = new SimpleCounter();
      byte[] bytes = ("ab" + value).getBytes(StandardCharsets.UTF_8);
      long parsed = Numbers.parse(bytes, 2, bytes.length - 2, count, AccessLogSampler.ABSENT);
      assertThat(parsed).as(value).isEqualTo(expected == null ? AccessLogSampler.ABSENT : expected);
      assertThat(count.getCount()).as(value).isEqualTo(expectedCount.getCount());
    }
  }

  // --- status counts -------------------------------------------------------------------------

  @Test
  void statusCountsCoverEveryDecodedRecordOnBothPathsWhateverTheSamplingKeeps() throws Exception {
    SplittableRandom random = new SplittableRandom(19);
    for (int i = 0; i < 300; i++) {
      byte[] bytes = randomRequest(random).toByteArray();
      Map<String, List<Long>> expected = referenceStatusCounts(bytes, LAYER);
      for (AccessLogSampler sampler : SAMPLERS) {
        AccessLogDecoder decoder =
            new RecordedCounters()
                .open(new AccessLogDecoder(LAYER, sampler, CLOCK).withStatusCounts());
        Counts wire = new Counts();
        decoder.decodeSerializedLogs(bytes, new Outcome(), wire);
        assertThat(wire.sums()).as("request " + i + ": wire").isEqualTo(expected);
        Counts parsed = new Counts();
        decoder.decodeLogs(ExportLogsServiceRequest.parseFrom(bytes), new Outcome(), parsed);
        assertThat(parsed.sums()).as("request " + i + ": parsed").isEqualTo(expected);
      }
    }
  }

  @Test
  void aRequestGivesOneCountPerServiceBackendAndMinuteAndNoneWithoutTheOption() throws Exception {
    long nextMinute = T0 + 60_000_000_000L;
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                resourceLogs(
                    resource("gw", "pod-1", LAYER),
                    List.of(
                        envoy("a", "200", "1", "1", "30", "-"),
                        envoy("b", "429", "1", "1", "30", "-"),
                        envoy("c", "503", "1", "1", "30", "-"),
                        envoy("d", "404", "1", "1", "30", "-"),
                        withAttribute(
                            envoy("e", "200", "1", "1", "30", "-"),
                            kv("gen_ai.provider.name", "default/anthropic/route/r/rule/0/ref/0")),
                        at(envoy("f", "502", "1", "1", "30", "-"), nextMinute))))
            .build();
    // a sampler that keeps only errors: the successes are sampled away, and still counted
    AccessLogSampler errorsOnly = new AccessLogSampler(1_000_000, null, 0.0);
    AccessLogDecoder decoder =
        new RecordedCounters()
            .open(new AccessLogDecoder(LAYER, errorsOnly, CLOCK).withStatusCounts());
    Counts counts = new Counts();
    Outcome kept = new Outcome();
    decoder.decodeSerializedLogs(request.toByteArray(), kept, counts);
    long minute = Math.floorDiv(T0 / 1_000_000, 60_000L) * 60_000L;
    String openai = "default/openai/route/aigw-run/rule/0/ref/0";
    assertThat(counts.items)
        .extracting(AccessLogStatusCount::toString)
        .containsExactly(
            "gw|" + openai + "@" + minute + " requests=4 429=1 5xx=1",
            "gw|default/anthropic/route/r/rule/0/ref/0@" + minute + " requests=1 429=0 5xx=0",
            "gw|" + openai + "@" + (minute + 60_000) + " requests=1 429=0 5xx=1");
    assertThat(counts.items.get(0).lastTimeMs).isEqualTo(T0 / 1_000_000);
    assertThat(kept.records).extracting(r -> r.requestId).containsExactly("b", "c", "d", "f");

    Counts none = new Counts();
    new RecordedCounters()
        .open(new AccessLogDecoder(LAYER, errorsOnly, CLOCK))
        .decodeSerializedLogs(request.toByteArray(), new Outcome(), none);
    assertThat(none.items).isEmpty();
  }

  /**
   * The counts as the full parse without sampling gives them: every decoded record's (service,
   * provider, minute) → [requests, 429, 5xx, latest time].
   */
  private static Map<String, List<Long>> referenceStatusCounts(byte[] bytes, String layer)
      throws Exception {
    Outcome decoded = new Outcome();
    new RecordedCounters()
        .open(new AccessLogDecoder(layer, CLOCK))
        .decodeLogs(ExportLogsServiceRequest.parseFrom(bytes), decoded);
    Counts reference = new Counts();
    for (AccessLogRecord r : decoded.records) {
      long status = r.statusCode == null ? -1 : r.statusCode;
      reference.emit(
          new AccessLogStatusCount(
              r.service,
              r.provider == null ? "" : r.provider,
              Math.floorDiv(r.timestampMs, 60_000L) * 60_000L,
              r.timestampMs,
              1,
              status == 429 ? 1 : 0,
              status >= 500 && status <= 599 ? 1 : 0));
    }
    return reference.sums();
  }

  // --- the comparison -------------------------------------------------------------------------

  private static Outcome assertSameOutcome(
      byte[] bytes, String layer, AccessLogSampler sampler, String what) throws Exception {
    Outcome expected = decodeReference(bytes, layer, sampler);
    Outcome actual = decodeFast(bytes, layer, sampler);
    // the one counter the reference does not have: requests left to the full parse
    assertThat(actual.counters.remove(LogsMetrics.WIRE_FALLBACKS))
        .as(what + ": fallbacks")
        .isEqualTo(readsExactly(bytes, layer, sampler) ? 0 : 1);
    assertThat(actual.records).as(what + ": records").isEqualTo(expected.records);
    assertThat(actual.rejects).as(what + ": rejects").isEqualTo(expected.rejects);
    assertThat(withoutStoredCounters(actual.counters))
        .as(what + ": counters")
        .isEqualTo(withoutStoredCounters(expected.counters));
    // and the sampling decoder on a parsed request (the fallback) agrees too
    RecordedCounters parsedMetrics = new RecordedCounters();
    Outcome parsed = new Outcome();
    parsedMetrics
        .open(new AccessLogDecoder(layer, sampler, CLOCK))
        .decodeLogs(ExportLogsServiceRequest.parseFrom(bytes), parsed);
    parsed.counters = parsedMetrics.values();
    assertThat(parsed.counters.remove(LogsMetrics.WIRE_FALLBACKS)).isZero();
    assertThat(parsed.records).as(what + ": parsed records").isEqualTo(expected.records);
    assertThat(withoutStoredCounters(parsed.counters))
        .as(what + ": parsed counters")
        .isEqualTo(withoutStoredCounters(expected.counters));
    // what the bounds changed is counted for the stored (kept) records, which the reference,
    // sampling after decoding everything, cannot tell apart: both sampling paths must agree
    assertThat(actual.counters).as(what + ": stored-record counters").isEqualTo(parsed.counters);
    return actual;
  }

  /** The counters of what the bounds changed in stored records. */
  private static final List<String> STORED_COUNTERS =
      List.of(
          LogsMetrics.FIELDS_TRUNCATED,
          LogsMetrics.ATTRIBUTES_DROPPED,
          LogsMetrics.DIMENSION_VALUES_SHORTENED,
          LogsMetrics.ATTRIBUTE_VALUES_TOO_DEEP);

  private static Map<String, Long> withoutStoredCounters(Map<String, Long> counters) {
    Map<String, Long> rest = new java.util.TreeMap<>(counters);
    STORED_COUNTERS.forEach(rest::remove);
    return rest;
  }

  /** Full parse, decoder without sampler, then the sampler as the sampling operator runs it. */
  private static Outcome decodeReference(byte[] bytes, String layer, AccessLogSampler sampler)
      throws Exception {
    RecordedCounters metrics = new RecordedCounters();
    Outcome decoded = new Outcome();
    metrics
        .open(new AccessLogDecoder(layer, CLOCK))
        .decodeLogs(ExportLogsServiceRequest.parseFrom(bytes), decoded);
    Map<String, Long> counters = metrics.values();
    Outcome sampled = new Outcome();
    sampled.rejects.addAll(decoded.rejects);
    for (SampleDecision decision : SampleDecision.values()) {
      counters.put(AccessLogSampleFunction.metricName(decision), 0L);
    }
    for (AccessLogRecord record : decoded.records) {
      SampleDecision decision = sampler.decide(record);
      counters.merge(AccessLogSampleFunction.metricName(decision), 1L, Long::sum);
      if (decision.keep()) {
        record.keepReason = decision.name();
        sampled.records.add(record);
      }
    }
    sampled.counters = counters;
    return sampled;
  }

  private static Outcome decodeFast(byte[] bytes, String layer, AccessLogSampler sampler)
      throws Exception {
    RecordedCounters metrics = new RecordedCounters();
    Outcome out = new Outcome();
    metrics.open(new AccessLogDecoder(layer, sampler, CLOCK)).decodeSerializedLogs(bytes, out);
    out.counters = metrics.values();
    return out;
  }

  /** Whether the wire reading handles these bytes itself (no fallback to the full parse). */
  private static boolean readsExactly(byte[] bytes, String layer, AccessLogSampler sampler)
      throws Exception {
    AccessLogDecoder decoder =
        new RecordedCounters().open(new AccessLogDecoder(layer, sampler, CLOCK));
    return new AccessLogWireDecoding(bytes, decoder, null).decode();
  }

  private static String parseError(byte[] bytes) {
    try {
      ExportLogsServiceRequest.parseFrom(bytes);
      return null;
    } catch (InvalidProtocolBufferException e) {
      return e.getMessage();
    }
  }

  private static String fields(Descriptor descriptor) {
    StringBuilder s = new StringBuilder();
    new TreeMap<Integer, FieldDescriptor>(
            descriptor.getFields().stream()
                .collect(java.util.stream.Collectors.toMap(FieldDescriptor::getNumber, f -> f)))
        .forEach(
            (n, f) ->
                s.append(s.length() == 0 ? "" : " ").append(n).append(':').append(f.getType()));
    return s.toString();
  }

  // --- generated requests ---------------------------------------------------------------------

  private static ExportLogsServiceRequest randomRequest(SplittableRandom random) {
    ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
    for (int r = random.nextInt(4); r >= 0; r--) {
      String layer = pick(random, LAYER, LAYER, LAYER, "MESH", null);
      String service = pick(random, "gw-a", "gw-b", "gw-a", "-", null);
      ResourceLogs.Builder resource = ResourceLogs.newBuilder();
      if (random.nextInt(10) > 0) {
        Resource.Builder attributes =
            resource(service, pick(random, "pod-1", null), layer).toBuilder();
        if (random.nextBoolean()) {
          attributes.addAttributes(kv("host.name", "node-" + random.nextInt(3)));
        }
        if (random.nextBoolean()) {
          attributes.addAttributes(kv("k8s.pod.name", pick(random, "pod-9", "-")));
        }
        resource.setResource(attributes);
      }
      if (random.nextInt(5) == 0) {
        resource.setSchemaUrl("https://opentelemetry.io/schemas/1.24.0");
      }
      for (int s = random.nextInt(3); s >= 0; s--) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        if (random.nextBoolean()) {
          scope.setScope(
              InstrumentationScope.newBuilder()
                  .setName("envoy")
                  .setVersion("1.36")
                  .addAttributes(kv("k", "v")));
        }
        for (int n = random.nextInt(25); n > 0; n--) {
          scope.addLogRecords(randomRecord(random));
        }
        resource.addScopeLogs(scope);
      }
      request.addResourceLogs(resource);
    }
    return request.build();
  }

  private static LogRecord randomRecord(SplittableRandom random) {
    int kind = random.nextInt(12);
    String status =
        kind == 1 ? pick(random, "404", "500", "429") : kind == 2 ? pick(random, NUMBERS) : "200";
    String input =
        kind == 3
            ? "12000"
            : kind == 4 ? pick(random, NUMBERS) : Integer.toString(random.nextInt(3000));
    String output = kind == 4 ? pick(random, NUMBERS) : Integer.toString(random.nextInt(1500));
    String duration =
        kind == 5
            ? Integer.toString(1000 + random.nextInt(3000))
            : kind == 6 ? pick(random, NUMBERS) : Integer.toString(random.nextInt(400));
    String upstream = kind == 7 ? pick(random, "delayed_connect_error", "", " ") : "-";
    String requestId =
        kind == 8
            ? pick(random, "-", "", "\u00e9t\u00e9-" + random.nextInt(100), "r".repeat(513))
            : Long.toHexString(random.nextLong());
    LogRecord record = envoy(requestId, status, input, output, duration, upstream);
    LogRecord.Builder b = record.toBuilder();
    switch (random.nextInt(14)) {
      case 0:
        b.clearTimeUnixNano().setObservedTimeUnixNano(random.nextBoolean() ? T0 : 0);
        break;
      case 1:
        b.addAttributes(
            intKv(
                pick(
                    random,
                    "response_code",
                    "duration",
                    "gen_ai.usage.input_tokens",
                    "x-request-id"),
                random.nextLong(-5, 20_000)));
        break;
      case 2:
        b.addAttributes(
            KeyValue.newBuilder()
                .setKey(
                    pick(
                        random,
                        "response_code",
                        "upstream_transport_failure_reason",
                        "gen_ai.usage.output_tokens",
                        "x-request-id",
                        "other"))
                .setValue(oddValue(random)));
        break;
      case 3:
        b.addAttributes(
            KeyValue.newBuilder()
                .setKey(pick(random, "response_code", "x-request-id", "duration")));
        break;
      case 4:
        b.setBody(
            AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder().addValues(kv("a", "\u4e2d\u6587"))));
        break;
      case 5:
        b.setSeverityText("INFO")
            .setEventName("access")
            .setFlags(1)
            .setSeverityNumberValue(9)
            .setTraceId(ByteString.copyFrom(new byte[16]))
            .setSpanId(ByteString.copyFrom(new byte[8]))
            .setDroppedAttributesCount(2);
        break;
      case 6:
        b.addAttributes(kv("response_code", pick(random, "503", "200", "-")));
        break;
      default:
        break;
    }
    return b.build();
  }

  private static AnyValue oddValue(SplittableRandom random) {
    switch (random.nextInt(7)) {
      case 0:
        return AnyValue.newBuilder().setDoubleValue(404.0).build();
      case 1:
        return AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
      case 2:
        // base64 "1234": a bytes value that renders as a number
        return AnyValue.newBuilder()
            .setBytesValue(ByteString.copyFrom(new byte[] {(byte) 0xd7, 0x6d, (byte) 0xf8}))
            .build();
      case 3:
        return AnyValue.newBuilder()
            .setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setIntValue(1)))
            .build();
      case 4:
        return AnyValue.getDefaultInstance();
      case 5:
        return AnyValue.newBuilder().setStringValueStrindex(3).build();
      default:
        return AnyValue.newBuilder()
            .setKvlistValue(KeyValueList.newBuilder().addValues(kv("k", "v")))
            .build();
    }
  }

  private static LogRecord envoy(
      String requestId,
      String status,
      String input,
      String output,
      String duration,
      String upstream) {
    LogRecord.Builder b =
        LogRecord.newBuilder()
            .setTimeUnixNano(T0)
            .setBody(
                AnyValue.newBuilder().setStringValue("[START] /v1/chat/completions " + status));
    String[] attributes = {
      "gen_ai.request.model", "gpt-4o-mini",
      "gen_ai.response.model", "gpt-4o-mini-2024-07-18",
      "gen_ai.provider.name", "default/openai/route/aigw-run/rule/0/ref/0",
      "gen_ai.usage.input_tokens", input,
      "gen_ai.usage.output_tokens", output,
      "gen_ai.usage.reasoning_tokens", status.equals("200") ? "0" : "x",
      "response_code", status,
      "duration", duration,
      "x-request-id", requestId,
      "upstream_transport_failure_reason", upstream,
      "user-agent", "OpenAI/Python 1.54.4",
    };
    for (int i = 0; i < attributes.length; i += 2) {
      b.addAttributes(kv(attributes[i], attributes[i + 1]));
    }
    return b.build();
  }

  private static LogRecord at(LogRecord record, long timeNanos) {
    return record.toBuilder().setTimeUnixNano(timeNanos).build();
  }

  private static LogRecord withBody(LogRecord record, String body) {
    return record.toBuilder().setBody(AnyValue.newBuilder().setStringValue(body)).build();
  }

  /** An attribute whose value nests {@code levels} arrays. */
  private static KeyValue deepKv(int levels) {
    AnyValue v = AnyValue.newBuilder().setStringValue("x").build();
    for (int i = 0; i < levels; i++) {
      v =
          AnyValue.newBuilder()
              .setArrayValue(io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addValues(v))
              .build();
    }
    return KeyValue.newBuilder().setKey("deep").setValue(v).build();
  }

  private static LogRecord withAttribute(LogRecord record, KeyValue attribute) {
    return record.toBuilder().addAttributes(attribute).build();
  }

  private static AnyValue nested(int depth) {
    AnyValue value = AnyValue.newBuilder().setStringValue("leaf").build();
    for (int i = 0; i < depth; i++) {
      value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
    }
    return value;
  }

  /**
   * A request with the record, its {@code \u0001BAD} replaced by three bytes that are not UTF-8.
   */
  private static byte[] withPlaceholder(LogRecord record) {
    byte[] bytes = request(resource("gw", "p", LAYER), record).toByteArray();
    byte[] marker = "\u0001BAD".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + marker.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
        bytes[i] = (byte) 0xC0;
        bytes[i + 1] = (byte) 0xAF;
        return bytes;
      }
    }
    throw new AssertionError("no placeholder");
  }

  private static byte[] flip(byte[] valid, SplittableRandom random) {
    byte[] bytes = valid.clone();
    for (int i = 1 + random.nextInt(3); i > 0 && bytes.length > 0; i--) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  @SafeVarargs
  private static <V> V pick(SplittableRandom random, V... values) {
    return values[random.nextInt(values.length)];
  }

  private static Resource resource(String service, String instance, String layer) {
    return AccessLogDecoderTest.resource(service, instance, layer);
  }

  private static ResourceLogs resourceLogs(Resource resource, List<LogRecord> records) {
    return ResourceLogs.newBuilder()
        .setResource(resource)
        .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(records))
        .build();
  }

  private static ExportLogsServiceRequest request(Resource resource, LogRecord... records) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(resourceLogs(resource, List.of(records)))
        .build();
  }

  private static KeyValue kv(String key, String value) {
    return AccessLogDecoderTest.kv(key, value);
  }

  private static KeyValue intKv(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  // --- test doubles ---------------------------------------------------------------------------

  /** What a decoder produced: kept records, refusals in order, counter values. */
  private static final class Outcome implements DecodeOutput<AccessLogRecord> {
    final List<AccessLogRecord> records = new ArrayList<>();
    final List<String> rejects = new ArrayList<>();
    Map<String, Long> counters;

    @Override
    public void emit(AccessLogRecord record) {
      records.add(record);
    }

    @Override
    public void reject(long count, String reason) {
      rejects.add(count + " " + reason);
    }
  }

  /** The status counts a decoder emitted. */
  private static final class Counts implements DecodeOutput<AccessLogStatusCount> {
    final List<AccessLogStatusCount> items = new ArrayList<>();

    @Override
    public void emit(AccessLogStatusCount count) {
      items.add(count);
    }

    @Override
    public void reject(long count, String reason) {
      throw new AssertionError("status counts are never refused");
    }

    /** Per (service, backend, minute): requests, 429, 5xx, latest time (groups may split). */
    Map<String, List<Long>> sums() {
      Map<String, long[]> sums = new TreeMap<>();
      for (AccessLogStatusCount c : items) {
        long[] s =
            sums.computeIfAbsent(
                c.service + "|" + c.backend + "@" + c.minuteMs,
                k -> new long[] {0, 0, 0, Long.MIN_VALUE});
        s[0] += c.requests;
        s[1] += c.status429;
        s[2] += c.status5xx;
        s[3] = Math.max(s[3], c.lastTimeMs);
      }
      Map<String, List<Long>> result = new TreeMap<>();
      sums.forEach((k, v) -> result.put(k, List.of(v[0], v[1], v[2], v[3])));
      return result;
    }
  }
}
