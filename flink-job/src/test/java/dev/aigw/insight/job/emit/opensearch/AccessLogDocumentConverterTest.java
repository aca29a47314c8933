package dev.aigw.insight.job.emit.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogDocumentConverterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AccessLogDocumentConverter converter = new AccessLogDocumentConverter("aigw-logs");

  @Test
  void documentHasDailyIndexRequestIdAndSearchableFields() throws Exception {
    AccessLogRecord r = record();
    r.requestId = "req-42";
    r.estimatedCost = 0.0123;
    r.keepReason = "KEEP_TOKEN_THRESHOLD";

    OpenSearchDocument doc = converter.toDocument(r);

    assertThat(doc.index()).isEqualTo("aigw-logs-2026.01.01");
    assertThat(doc.id()).isEqualTo("req-42");
    JsonNode source = JSON.readTree(doc.sourceJson());
    assertThat(source.path("timestamp").asLong()).isEqualTo(r.timestampMs);
    assertThat(source.path("service").asText()).isEqualTo("gw");
    assertThat(source.path("instance").asText()).isEqualTo("pod-1");
    assertThat(source.path("status_code").asLong()).isEqualTo(200);
    assertThat(source.path("input_tokens").asLong()).isEqualTo(8000);
    assertThat(source.path("output_tokens").asLong()).isEqualTo(4000);
    assertThat(source.path("duration_ms").asLong()).isEqualTo(1526);
    assertThat(source.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(source.path("request_model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(source.path("response_model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(source.path("provider").asText()).isEqualTo("default/openai");
    assertThat(source.path("request_id").asText()).isEqualTo("req-42");
    assertThat(source.path("estimated_cost").asDouble()).isEqualTo(0.0123);
    assertThat(source.path("keep_reason").asText()).isEqualTo("KEEP_TOKEN_THRESHOLD");
    assertThat(source.path("body").asText()).isEqualTo(r.body);
    assertThat(source.path("attributes").path("gen_ai.request.model").asText())
        .isEqualTo("gpt-4o-mini");
    assertThat(source.path("attributes").path("session.id").asText()).isEqualTo("-");
    // absent values are left out, not written as null or "-"
    assertThat(source.has("reasoning_tokens")).isFalse();
    assertThat(source.has("upstream_failure")).isFalse();
  }

  @Test
  void withoutRequestIdTheIdIsAStableContentHash() {
    AccessLogRecord a = record();
    AccessLogRecord sameContent = record();
    AccessLogRecord otherBody = record();
    otherBody.body = otherBody.body + " ";

    String id = converter.toDocument(a).id();
    assertThat(id).matches("sha256:[0-9a-f]{32}");
    assertThat(converter.toDocument(sameContent).id()).isEqualTo(id);
    assertThat(converter.toDocument(otherBody).id()).isNotEqualTo(id);
  }

  @Test
  void overlongRequestIdIsHashed() {
    AccessLogRecord r = record();
    r.requestId = "x".repeat(600);
    assertThat(converter.toDocument(r).id()).startsWith("sha256:");
  }

  @Test
  void upstreamFailureIsASearchableField() throws Exception {
    AccessLogRecord r = record();
    r.attributes.put("upstream_transport_failure_reason", "connection refused");
    JsonNode source = JSON.readTree(converter.toDocument(r).sourceJson());
    assertThat(source.path("upstream_failure").asText()).isEqualTo("connection refused");
  }

  @Test
  void templateMapsTheSearchableFields() throws Exception {
    JsonNode body = JSON.readTree(AccessLogIndexTemplate.of("aigw-logs", 2, 0).bodyJson());
    assertThat(body.path("index_patterns").get(0).asText()).isEqualTo("aigw-logs-*");
    assertThat(body.path("template").path("settings").path("index.number_of_shards").asInt())
        .isEqualTo(2);
    assertThat(body.path("template").path("settings").path("index.number_of_replicas").asInt())
        .isZero();
    JsonNode properties = body.path("template").path("mappings").path("properties");
    Map<String, String> types = new HashMap<>();
    properties
        .fields()
        .forEachRemaining(e -> types.put(e.getKey(), e.getValue().path("type").asText()));
    assertThat(types)
        .containsEntry("timestamp", "date")
        .containsEntry("service", "keyword")
        .containsEntry("instance", "keyword")
        .containsEntry("status_code", "long")
        .containsEntry("model", "keyword")
        .containsEntry("provider", "keyword")
        .containsEntry("request_id", "keyword")
        .containsEntry("duration_ms", "long")
        .containsEntry("estimated_cost", "double")
        .containsEntry("body", "text")
        .containsEntry("attributes", "object");
  }

  private static AccessLogRecord record() {
    AccessLogRecord r = new AccessLogRecord();
    r.timestampMs = Instant.parse("2026-01-01T10:00:00.123Z").toEpochMilli();
    r.service = "gw";
    r.instance = "pod-1";
    r.body = "[START] /v1/chat/completions model=gpt-4o-mini 200 1526ms";
    r.statusCode = 200L;
    r.inputTokens = 8000L;
    r.outputTokens = 4000L;
    r.durationMs = 1526L;
    r.model = "gpt-4o-mini-2024-07-18";
    r.provider = "default/openai";
    r.attributes = new HashMap<>();
    r.attributes.put("gen_ai.request.model", "gpt-4o-mini");
    r.attributes.put("gen_ai.response.model", "gpt-4o-mini-2024-07-18");
    r.attributes.put("session.id", "-");
    r.attributes.put("upstream_transport_failure_reason", "-");
    return r;
  }
}
