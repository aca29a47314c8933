package dev.aigw.insight.job.decode.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.aigw.insight.job.emit.opensearch.AccessLogDocumentConverter;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.options.LogsMetrics;
import dev.aigw.insight.job.testing.RecordedCounters;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessLogDecoderTest {

  private static final long START_NANOS = 1_767_261_600_123_456_789L;

  /** The receiver's clock: a minute after the records' time. */
  static final JobClock CLOCK = JobClock.fixed(START_NANOS / 1_000_000 + 60_000);

  private static final String BODY =
      "[START] /v1/chat/completions model=gpt-4o-mini 200 llm_input_token=15 llm_output_token=7"
          + " llm_reasoning_token=0 1526ms";

  private final RecordedCounters metrics = new RecordedCounters();
  private final Collected out = new Collected();
  private AccessLogDecoder decoder;

  @BeforeEach
  void openDecoder() throws Exception {
    decoder = metrics.open(new AccessLogDecoder("ENVOY_AI_GATEWAY", CLOCK));
  }

  @Test
  void decodesAnEnvoyAccessLog() {
    decoder.decodeLogs(
        request(
            resource("gw-prod", "pod-1", "ENVOY_AI_GATEWAY"),
            log(START_NANOS, BODY, envoyAttributes("req-1", "200", "15", "7", "0", "1526"))),
        out);

    assertThat(out.records).hasSize(1);
    AccessLogRecord r = out.records.get(0);
    assertThat(r.timestampMs).isEqualTo(1_767_261_600_123L);
    assertThat(r.service).isEqualTo("gw-prod");
    assertThat(r.instance).isEqualTo("pod-1");
    assertThat(r.body).isEqualTo(BODY);
    assertThat(r.statusCode).isEqualTo(200L);
    assertThat(r.inputTokens).isEqualTo(15L);
    assertThat(r.outputTokens).isEqualTo(7L);
    assertThat(r.reasoningTokens).isEqualTo(0L);
    assertThat(r.durationMs).isEqualTo(1526L);
    assertThat(r.model).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(r.provider).isEqualTo("default/openai/route/aigw-run/rule/0/ref/0");
    assertThat(r.requestId).isEqualTo("req-1");
    assertThat(r.estimatedCost).isNull();
    assertThat(r.keepReason).isNull();
    assertThat(r.attributes)
        .hasSize(envoyAttributes("req-1", "200", "15", "7", "0", "1526").length / 2)
        .contains(
            entry("gen_ai.request.model", "gpt-4o-mini"),
            entry("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
            entry("upstream_transport_failure_reason", "-"),
            entry("x-envoy-origin-path", "/v1/chat/completions"),
            entry("response_code", "200"));
    assertThat(out.rejected).isZero();
    assertThat(count(LogsMetrics.DECODED)).isEqualTo(1);
    assertThat(count(LogsMetrics.UNPARSABLE_NUMBERS)).isZero();
  }

  @Test
  void dashMeansMissingAndModelFallsBackToTheRequestModel() {
    String[] attributes = envoyAttributes("-", "-", "-", "-", "-", "-");
    attributes[3] = "-"; // gen_ai.response.model
    decoder.decodeLogs(
        request(resource("gw", null, "ENVOY_AI_GATEWAY"), log(START_NANOS, BODY, attributes)), out);

    AccessLogRecord r = out.records.get(0);
    assertThat(r.statusCode).isNull();
    assertThat(r.inputTokens).isNull();
    assertThat(r.outputTokens).isNull();
    assertThat(r.reasoningTokens).isNull();
    assertThat(r.durationMs).isNull();
    assertThat(r.requestId).isNull();
    assertThat(r.model).isEqualTo("gpt-4o-mini");
    assertThat(r.instance).isNull();
    // the raw "-" stays in the attributes: they are the gateway's record, unchanged
    assertThat(r.attributes).contains(entry("response_code", "-"), entry("x-request-id", "-"));
    assertThat(count(LogsMetrics.UNPARSABLE_NUMBERS)).isZero();
  }

  @Test
  void countsNumbersThatAreNotNumbers() {
    decoder.decodeLogs(
        request(
            resource("gw", "pod-1", "ENVOY_AI_GATEWAY"),
            log(START_NANOS, BODY, envoyAttributes("r", "OK", "15", "-3", "x", "12.5"))),
        out);

    AccessLogRecord r = out.records.get(0);
    assertThat(r.statusCode).isNull();
    assertThat(r.inputTokens).isEqualTo(15L);
    assertThat(r.outputTokens).isNull();
    assertThat(r.reasoningTokens).isNull();
    assertThat(r.durationMs).isNull();
    assertThat(count(LogsMetrics.UNPARSABLE_NUMBERS)).isEqualTo(4);
  }

  @Test
  void dropsCountsAndRejectsRecordsWithoutServiceName() {
    decoder.decodeLogs(
        request(
            resource(null, "pod-1", "ENVOY_AI_GATEWAY"),
            log(START_NANOS, BODY, envoyAttributes("a", "200", "1", "1", "0", "5")),
            log(START_NANOS, BODY, envoyAttributes("b", "200", "1", "1", "0", "5"))),
        out);
    decoder.decodeLogs(
        request(
            resource("-", "pod-1", "ENVOY_AI_GATEWAY"),
            log(START_NANOS, BODY, envoyAttributes("c", "200", "1", "1", "0", "5"))),
        out);

    assertThat(out.records).isEmpty();
    assertThat(out.rejected).isEqualTo(3);
    assertThat(out.reasons).containsOnly("access log resource without service.name");
    assertThat(count(LogsMetrics.DROPPED_MISSING_SERVICE)).isEqualTo(3);
    assertThat(count(LogsMetrics.DECODED)).isZero();
  }

  @Test
  void routesByServiceLayer() {
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                resourceLogs(
                    resource("gw", "pod-1", "ENVOY_AI_GATEWAY"),
                    log(START_NANOS, BODY, envoyAttributes("gw-1", "200", "1", "1", "0", "5"))))
            .addResourceLogs(
                resourceLogs(
                    resource("mesh", "pod-2", "MESH"),
                    log(
                        START_NANOS,
                        "mesh line",
                        envoyAttributes("m-1", "200", "1", "1", "0", "5")),
                    log(
                        START_NANOS,
                        "mesh line",
                        envoyAttributes("m-2", "200", "1", "1", "0", "5"))))
            .addResourceLogs(
                resourceLogs(
                    resource("nolayer", "pod-3", null),
                    log(START_NANOS, "line", envoyAttributes("n-1", "200", "1", "1", "0", "5"))))
            .build();

    decoder.decodeLogs(request, out);
    assertThat(out.records).extracting(r -> r.requestId).containsExactly("gw-1");
    assertThat(count(LogsMetrics.DROPPED_OTHER_LAYER)).isEqualTo(3);
    assertThat(out.rejected).isZero();

    // an empty layer accepts every resource
    Collected any = new Collected();
    new AccessLogDecoder("", CLOCK).decodeLogs(request, any);
    assertThat(any.records)
        .extracting(r -> r.requestId)
        .containsExactly("gw-1", "m-1", "m-2", "n-1");
    // another configured layer
    Collected mesh = new Collected();
    new AccessLogDecoder("MESH", CLOCK).decodeLogs(request, mesh);
    assertThat(mesh.records).extracting(r -> r.service).containsExactly("mesh", "mesh");
  }

  @Test
  void instanceFallsBackToHostNameThenPodName() {
    Resource hostOnly =
        Resource.newBuilder()
            .addAttributes(kv("service.name", "gw"))
            .addAttributes(kv("service.layer", "ENVOY_AI_GATEWAY"))
            .addAttributes(kv("host.name", "node-7"))
            .addAttributes(kv("k8s.pod.name", "pod-9"))
            .build();
    Resource podOnly =
        Resource.newBuilder()
            .addAttributes(kv("service.name", "gw"))
            .addAttributes(kv("service.layer", "ENVOY_AI_GATEWAY"))
            .addAttributes(kv("k8s.pod.name", "pod-9"))
            .build();
    decoder.decodeLogs(
        request(hostOnly, log(START_NANOS, BODY, envoyAttributes("a", "200", "1", "1", "0", "5"))),
        out);
    decoder.decodeLogs(
        request(podOnly, log(START_NANOS, BODY, envoyAttributes("b", "200", "1", "1", "0", "5"))),
        out);
    assertThat(out.records).extracting(r -> r.instance).containsExactly("node-7", "pod-9");
  }

  @Test
  void usesObservedTimeWhenTimeIsUnsetAndDropsRecordsWithNoTime() {
    LogRecord observedOnly =
        LogRecord.newBuilder()
            .setObservedTimeUnixNano(START_NANOS)
            .setBody(AnyValue.newBuilder().setStringValue(BODY))
            .build();
    LogRecord noTime =
        LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue(BODY)).build();
    decoder.decodeLogs(
        request(resource("gw", "pod-1", "ENVOY_AI_GATEWAY"), observedOnly, noTime), out);

    assertThat(out.records).extracting(r -> r.timestampMs).containsExactly(1_767_261_600_123L);
    assertThat(out.rejected).isEqualTo(1);
    assertThat(count(LogsMetrics.DROPPED_MISSING_TIME)).isEqualTo(1);
  }

  @Test
  void rendersNonStringAttributeValuesAsText() {
    LogRecord log =
        LogRecord.newBuilder()
            .setTimeUnixNano(START_NANOS)
            .setBody(AnyValue.newBuilder().setStringValue(BODY))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("response_code")
                    .setValue(AnyValue.newBuilder().setIntValue(429)))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("retried")
                    .setValue(AnyValue.newBuilder().setBoolValue(true)))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("ratio")
                    .setValue(AnyValue.newBuilder().setDoubleValue(0.5)))
            .build();
    decoder.decodeLogs(request(resource("gw", "pod-1", "ENVOY_AI_GATEWAY"), log), out);

    AccessLogRecord r = out.records.get(0);
    assertThat(r.statusCode).isEqualTo(429L);
    assertThat(r.attributes)
        .containsOnly(
            entry("response_code", "429"), entry("retried", "true"), entry("ratio", "0.5"));
  }

  @Test
  void recordsOutsideTheEventTimeBoundsAreRejectedWithTheReason() {
    long fiveMinutesAndOne = 300_001_000_000L;
    long clockNanos = (START_NANOS / 1_000_000 + 60_000) * 1_000_000;
    decoder.decodeLogs(
        request(
            resource("gw", "pod-1", "ENVOY_AI_GATEWAY"),
            log(clockNanos + fiveMinutesAndOne, BODY, "x-request-id", "future"),
            log(clockNanos + 300_000_000_000L, BODY, "x-request-id", "at-the-bound"),
            log(START_NANOS - 8 * 86_400_000_000_000L, BODY, "x-request-id", "old")),
        out);
    assertThat(out.records).extracting(r -> r.requestId).containsExactly("at-the-bound");
    assertThat(out.rejected).isEqualTo(2);
    assertThat(count(LogsMetrics.REJECTED_FUTURE)).isEqualTo(1);
    assertThat(count(LogsMetrics.REJECTED_TOO_OLD)).isEqualTo(1);
    assertThat(out.reasons.get(0))
        .isEqualTo(
            "access log time 2026-01-01T10:06:00.124Z is more than PT5M ahead of the receiver's"
                + " clock (2026-01-01T10:01:00.123Z); is the sender's clock right?");
  }

  @Test
  void bodyAndValuesAreTruncatedWithAMarker() {
    decoder.decodeLogs(
        request(
            resource("gw", "pod-1", "ENVOY_AI_GATEWAY"),
            log(
                START_NANOS,
                "b".repeat(20_000),
                "x-request-id",
                "r1",
                "note",
                "\u0001".repeat(3_000))),
        out);
    AccessLogRecord r = out.records.get(0);
    // 16384 bytes: a prefix and the 14 bytes of the marker
    assertThat(r.body).isEqualTo("b".repeat(16_370) + "\u2026[truncated]");
    // a control character is 6 bytes in JSON (a backslash-u escape): 2728 of them fit
    assertThat(r.attributes.get("note")).isEqualTo("\u0001".repeat(2_728) + "\u2026[truncated]");
    assertThat(r.requestId).isEqualTo("r1");
    assertThat(count(LogsMetrics.FIELDS_TRUNCATED)).isEqualTo(2);
  }

  @Test
  void attributesBeyondTheRecordBudgetAreDroppedInKeyOrder() throws Exception {
    // 64-byte fields, records of 11 x (64 + 256) = 3520 bytes: 55 attributes of 4 + 60 bytes
    LogsConfig small =
        LogsConfig.builder().maxFieldBytes(64).maxAttributes(64).maxRecordBytes(3_520).build();
    AccessLogDecoder bounded =
        new AccessLogDecoder(
            "", null, small.recordBounds(256), AccessLogDecoder.defaultTimes(CLOCK));
    bounded.open(context());
    String[] attributes = new String[200];
    for (int i = 0; i < 100; i++) {
      attributes[2 * i] = String.format("k%03d", 99 - i); // sent in reverse: kept in key order
      attributes[2 * i + 1] = "v".repeat(60);
    }
    bounded.decodeLogs(request(resource("gw", null, null), log(START_NANOS, "", attributes)), out);
    AccessLogRecord r = out.records.get(0);
    assertThat(r.attributes).hasSize(55).containsKey("k000").containsKey("k054");
    assertThat(r.attributes).doesNotContainKey("k055");
    assertThat(count(LogsMetrics.ATTRIBUTES_DROPPED)).isEqualTo(45);
  }

  @Test
  void theWorstRecordMakesADocumentWellBelowTheStoresLimit() throws Exception {
    // everything at once, in the characters that cost most in JSON
    String control = "\u0001";
    String[] attributes = new String[2 * 1_000];
    for (int i = 0; i < 1_000; i++) {
      attributes[2 * i] = String.format("%04d", i) + control.repeat(i % 2 == 0 ? 40 : 10);
      attributes[2 * i + 1] = control.repeat(20_000);
    }
    String[] named = {
      "gen_ai.response.model", control.repeat(20_000),
      "gen_ai.request.model", control.repeat(20_000),
      "gen_ai.provider.name", control.repeat(20_000),
      "x-request-id", control.repeat(20_000),
      "upstream_transport_failure_reason", control.repeat(20_000),
    };
    String[] all = new String[attributes.length + named.length];
    System.arraycopy(named, 0, all, 0, named.length);
    System.arraycopy(attributes, 0, all, named.length, attributes.length);
    decoder.decodeLogs(
        request(
            resource(control.repeat(10_000), control.repeat(10_000), "ENVOY_AI_GATEWAY"),
            log(START_NANOS, control.repeat(1 << 20), all)),
        out);
    AccessLogRecord r = out.records.get(0);
    r.keepReason = "KEEP_ERROR_STATUS";
    String json = new AccessLogDocumentConverter("aigw-access-logs").toDocument(r).sourceJson();
    int size = json.getBytes(StandardCharsets.UTF_8).length;
    // body and attributes: at most 512 KiB; four attributes copied to fields of their own
    // (request id, request and response model, upstream failure) 16 KiB each; four dimension
    // values of 256 bytes, 6 bytes each in JSON; the rest is names, punctuation and numbers
    assertThat(size).isLessThanOrEqualTo(512 * 1024 + 4 * 16 * 1024 + 4 * 6 * 256 + 2 * 1024);
    assertThat(size).isLessThan(1024 * 1024);
  }

  // ---------------------------------------------------------------------------------------------

  /** Attributes as Envoy AI Gateway sends them (pairs of name, value). */
  static String[] envoyAttributes(
      String requestId, String status, String in, String out, String reasoning, String duration) {
    return new String[] {
      "gen_ai.request.model", "gpt-4o-mini",
      "gen_ai.response.model", "gpt-4o-mini-2024-07-18",
      "gen_ai.provider.name", "default/openai/route/aigw-run/rule/0/ref/0",
      "gen_ai.usage.input_tokens", in,
      "gen_ai.usage.output_tokens", out,
      "gen_ai.usage.reasoning_tokens", reasoning,
      "session.id", "-",
      "start_time", "2026-01-01T10:00:00.123Z",
      "method", "POST",
      "request.path", "/v1/chat/completions",
      "x-envoy-origin-path", "/v1/chat/completions",
      "response_code", status,
      "duration", duration,
      "bytes_received", "120",
      "bytes_sent", "640",
      "x-request-id", requestId,
      "upstream_host", "10.0.0.7:443",
      "upstream_cluster", "httproute/default/aigw-run/rule/0",
      "upstream_transport_failure_reason", "-",
      "k8s.namespace.name", "default",
    };
  }

  static Resource resource(String service, String instance, String layer) {
    Resource.Builder r = Resource.newBuilder();
    if (service != null) {
      r.addAttributes(kv("service.name", service));
    }
    if (instance != null) {
      r.addAttributes(kv("service.instance.id", instance));
    }
    if (layer != null) {
      r.addAttributes(kv("service.layer", layer));
    }
    return r.build();
  }

  static LogRecord log(long timeNanos, String body, String... attributes) {
    LogRecord.Builder b =
        LogRecord.newBuilder()
            .setTimeUnixNano(timeNanos)
            .setBody(AnyValue.newBuilder().setStringValue(body));
    for (int i = 0; i < attributes.length; i += 2) {
      b.addAttributes(kv(attributes[i], attributes[i + 1]));
    }
    return b.build();
  }

  static ResourceLogs resourceLogs(Resource resource, LogRecord... logs) {
    return ResourceLogs.newBuilder()
        .setResource(resource)
        .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(logs)))
        .build();
  }

  static ExportLogsServiceRequest request(Resource resource, LogRecord... logs) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(resourceLogs(resource, logs))
        .build();
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private DecoderContext context() {
    return new DecoderContext() {
      @Override
      public MetricGroup metricGroup() {
        return metrics;
      }

      @Override
      public int subtaskIndex() {
        return 0;
      }
    };
  }

  private long count(String metric) {
    return metrics.count(metric);
  }

  static final class Collected implements DecodeOutput<AccessLogRecord> {
    final List<AccessLogRecord> records = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    long rejected;

    @Override
    public void emit(AccessLogRecord record) {
      records.add(record);
    }

    @Override
    public void reject(long count, String reason) {
      rejected += count;
      reasons.add(reason);
    }
  }
}
