package dev.aigw.insight.source.otlp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.source.otlp.server.OtlpJson.MalformedJsonException;
import dev.aigw.insight.source.otlp.testing.JsonSamples;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The OTLP JSON mapping: hand-written JSON gives exactly the protobuf it stands for. */
class OtlpJsonTest {

  @Test
  void mapsHexIdsEnumIntegersAndBothFormsOf64BitIntegers() throws Exception {
    assertThat(
            ExportMetricsServiceRequest.parseFrom(
                OtlpJson.toProtobuf(
                    JsonSamples.metricsJson(), ExportMetricsServiceRequest.newBuilder())))
        .isEqualTo(JsonSamples.metricsProtobuf());
    assertThat(
            ExportLogsServiceRequest.parseFrom(
                OtlpJson.toProtobuf(JsonSamples.logsJson(), ExportLogsServiceRequest.newBuilder())))
        .isEqualTo(JsonSamples.logsProtobuf());
    assertThat(
            ExportTraceServiceRequest.parseFrom(
                OtlpJson.toProtobuf(
                    JsonSamples.tracesJson(), ExportTraceServiceRequest.newBuilder())))
        .isEqualTo(JsonSamples.tracesProtobuf());
  }

  @Test
  void saysWhatIsWrongAndWhere() {
    assertThatThrownBy(() -> traces("{\"resourceSpans\": ["))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageStartingWith("body is not JSON");
    assertThatThrownBy(() -> traces("[1, 2]"))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessage("body must be a JSON object");
    assertThatThrownBy(() -> traces("{\"resourceSpans\": \"many\"}"))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageStartingWith("JSON does not match ExportTraceServiceRequest");
    assertThatThrownBy(
            () ->
                traces(
                    "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"abcd\"}]}]}]}"))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessage(
            "$.resourceSpans[0].scopeSpans[0].spans[0].traceId must be 32 hex digits (16 bytes),"
                + " got 4 characters");
    assertThatThrownBy(
            () ->
                traces(
                    "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"zzzzzzzzzzzzzzzz\"}]}]}]}"))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageContaining("spanId must be hex digits");
    assertThatThrownBy(
            () -> traces("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":7}]}]}]}"))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageContaining("spanId must be a hex string, got 7");
    assertThatThrownBy(
            () ->
                traces(
                    "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}"))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageStartingWith("JSON does not match ExportTraceServiceRequest");
  }

  private static byte[] traces(String json) throws MalformedJsonException {
    return OtlpJson.toProtobuf(
        json.getBytes(StandardCharsets.UTF_8), ExportTraceServiceRequest.newBuilder());
  }
}
