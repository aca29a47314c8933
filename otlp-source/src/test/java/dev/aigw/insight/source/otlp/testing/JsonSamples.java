package dev.aigw.insight.source.otlp.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;

/**
 * Export requests written by hand in the OTLP JSON mapping (hex ids, enums as integers, 64-bit
 * integers as strings and as numbers), each with the protobuf message it stands for.
 */
public final class JsonSamples {

  public static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  public static final String SPAN_ID = "eee19b7ec3c1b174";
  public static final String PARENT_SPAN_ID = "1a2b3c4d5e6f7081";

  private JsonSamples() {}

  /**
   * Two token-usage points of instance {@code json}: {@link Requests#histograms} plus an exemplar.
   */
  public static byte[] metricsJson() {
    return utf8(
        """
        {"resourceMetrics":[{
          "resource":{"attributes":[{"key":"service.instance.id","value":{"stringValue":"json"}}]},
          "scopeMetrics":[{"scope":{"name":"raw"},"metrics":[{
            "name":"gen_ai.client.token.usage","unit":"token",
            "histogram":{"aggregationTemporality":1,"dataPoints":[
              {"attributes":[{"key":"i","value":{"stringValue":"0"}}],
               "startTimeUnixNano":"1780000000000000000","timeUnixNano":"1780000060000000000",
               "count":"1","sum":10.0,"min":1,"max":10,"explicitBounds":[4,16],
               "bucketCounts":["1",0,"0"],
               "exemplars":[{"timeUnixNano":"1780000030000000000","asDouble":3.5,
                 "traceId":"%s","spanId":"%s"}]},
              {"attributes":[{"key":"i","value":{"stringValue":"1"}}],
               "startTimeUnixNano":1780000000000000000,"timeUnixNano":"1780000060000000000",
               "count":2,"sum":20,"min":1.0,"max":20,"explicitBounds":[4.0,16.0],
               "bucketCounts":[1,"1",0],"unknownFutureField":{"x":1}}
            ]}}]}]}]}
        """
            .formatted(TRACE_ID, SPAN_ID));
  }

  /** The protobuf of {@link #metricsJson()}. */
  public static ExportMetricsServiceRequest metricsProtobuf() {
    ExportMetricsServiceRequest plain = Requests.histograms("json", 2, Set.of(), null);
    ExportMetricsServiceRequest.Builder builder = plain.toBuilder();
    builder
        .getResourceMetricsBuilder(0)
        .getScopeMetricsBuilder(0)
        .getMetricsBuilder(0)
        .getHistogramBuilder()
        .getDataPointsBuilder(0)
        .addExemplars(
            Exemplar.newBuilder()
                .setTimeUnixNano(1_780_000_030_000_000_000L)
                .setAsDouble(3.5)
                .setTraceId(bytes(TRACE_ID))
                .setSpanId(bytes(SPAN_ID)));
    return builder.build();
  }

  /** One log record with ids, a severity enum as an integer and a 64-bit attribute as a string. */
  public static byte[] logsJson() {
    return utf8(
        """
        {"resourceLogs":[{
          "resource":{"attributes":[{"key":"service.instance.id","value":{"stringValue":"json"}}]},
          "scopeLogs":[{"scope":{"name":"raw-logs"},"logRecords":[{
            "timeUnixNano":"1780000010000000000","severityNumber":9,"severityText":"INFO",
            "body":{"stringValue":"[START] /v1/chat/completions 200"},
            "attributes":[{"key":"response_code","value":{"intValue":"200"}},
                          {"key":"big","value":{"intValue":9007199254740993}}],
            "flags":1,"traceId":"%s","spanId":"%s"}]}]}]}
        """
            .formatted(TRACE_ID, SPAN_ID));
  }

  /** The protobuf of {@link #logsJson()}. */
  public static ExportLogsServiceRequest logsProtobuf() {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(resource())
                .addScopeLogs(
                    ScopeLogs.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("raw-logs"))
                        .addLogRecords(
                            LogRecord.newBuilder()
                                .setTimeUnixNano(1_780_000_010_000_000_000L)
                                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                                .setSeverityText("INFO")
                                .setBody(
                                    AnyValue.newBuilder()
                                        .setStringValue("[START] /v1/chat/completions 200"))
                                .addAttributes(intKv("response_code", 200))
                                .addAttributes(intKv("big", 9_007_199_254_740_993L))
                                .setFlags(1)
                                .setTraceId(bytes(TRACE_ID))
                                .setSpanId(bytes(SPAN_ID)))))
        .build();
  }

  /** One span with trace, span and parent ids and its kind as an integer. */
  public static byte[] tracesJson() {
    return utf8(
        """
        {"resourceSpans":[{
          "resource":{"attributes":[{"key":"service.instance.id","value":{"stringValue":"json"}}]},
          "scopeSpans":[{"scope":{"name":"raw-spans"},"spans":[{
            "traceId":"%s","spanId":"%s","parentSpanId":"%s",
            "name":"chat gpt-4o-mini","kind":3,
            "startTimeUnixNano":1780000020000000000,"endTimeUnixNano":"1780000021500000000",
            "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o-mini"}},
                          {"key":"ok","value":{"boolValue":true}}]}]}]}]}
        """
            .formatted(TRACE_ID, SPAN_ID, PARENT_SPAN_ID));
  }

  /** The protobuf of {@link #tracesJson()}. */
  public static ExportTraceServiceRequest tracesProtobuf() {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource())
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("raw-spans"))
                        .addSpans(
                            Span.newBuilder()
                                .setTraceId(bytes(TRACE_ID))
                                .setSpanId(bytes(SPAN_ID))
                                .setParentSpanId(bytes(PARENT_SPAN_ID))
                                .setName("chat gpt-4o-mini")
                                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                                .setStartTimeUnixNano(1_780_000_020_000_000_000L)
                                .setEndTimeUnixNano(1_780_000_021_500_000_000L)
                                .addAttributes(
                                    KeyValue.newBuilder()
                                        .setKey("gen_ai.request.model")
                                        .setValue(
                                            AnyValue.newBuilder().setStringValue("gpt-4o-mini")))
                                .addAttributes(
                                    KeyValue.newBuilder()
                                        .setKey("ok")
                                        .setValue(AnyValue.newBuilder().setBoolValue(true))))))
        .build();
  }

  private static Resource resource() {
    return Resource.newBuilder()
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("service.instance.id")
                .setValue(AnyValue.newBuilder().setStringValue("json")))
        .build();
  }

  private static KeyValue intKv(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
