package dev.aigw.insight.job.emit.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MinuteCellDocumentConverterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void documentIsKeyedByTheCellsStableKeyInTheDayOfItsMinute() throws Exception {
    MinuteCell cell = cell("gpt-4o-mini");

    OpenSearchDocument doc = new MinuteCellDocumentConverter("aigw-minute").toDocument(cell);

    assertThat(doc.index()).isEqualTo("aigw-minute-2026.01.01");
    assertThat(doc.id()).isEqualTo(cell.cellKey());
    JsonNode source = JSON.readTree(doc.sourceJson());
    assertThat(source.path("timestamp").asLong()).isEqualTo(cell.windowStartMs);
    assertThat(source.path("window_start_ms").asLong()).isEqualTo(cell.windowStartMs);
    assertThat(source.path("scope").asText()).isEqualTo("INSTANCE");
    assertThat(source.path("dimension").asText()).isEqualTo("MODEL");
    assertThat(source.path("service").asText()).isEqualTo("gw");
    assertThat(source.path("instance").asText()).isEqualTo("pod-1");
    assertThat(source.path("provider").asText()).isEqualTo("openai");
    assertThat(source.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(source.path("requests").asLong()).isEqualTo(12);
    assertThat(source.path("errors").asLong()).isEqualTo(1);
    assertThat(source.path("latency_p99_ms").asDouble()).isEqualTo(1280.5);
    assertThat(source.path("input_tokens").asLong()).isEqualTo(1500);
    assertThat(source.path("cost_picos").asLong()).isEqualTo(3_600_000_000L);
    assertThat(source.path("estimated_cost").asDouble()).isEqualTo(0.0036);
    // only data: no properties from the cell's methods (cellKey, isEmpty, copy), no Java names
    assertThat(source.has("empty")).isFalse();
    assertThat(source.has("cellKey")).isFalse();
    assertThat(source.has("latencyP99Ms")).isFalse();
  }

  @Test
  void differentCellsHaveDifferentIdsAndARewriteTheSameId() {
    MinuteCellDocumentConverter converter = new MinuteCellDocumentConverter("aigw-minute");
    assertThat(converter.toDocument(cell("gpt-4o-mini")).id())
        .isEqualTo(converter.toDocument(cell("gpt-4o-mini")).id())
        .isNotEqualTo(converter.toDocument(cell("gpt-4o")).id());
  }

  @Test
  void overlongKeysAreHashed() {
    String id = new MinuteCellDocumentConverter("m").toDocument(cell("m".repeat(600))).id();
    assertThat(id).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void templateMapsCoordinatesAsKeywordsAndFractionsAsDouble() throws Exception {
    JsonNode body = JSON.readTree(MinuteCellIndexTemplate.of("aigw-minute", 1, 0).bodyJson());
    assertThat(body.path("index_patterns").get(0).asText()).isEqualTo("aigw-minute-*");
    JsonNode properties = body.path("template").path("mappings").path("properties");
    assertThat(properties.path("timestamp").path("type").asText()).isEqualTo("date");
    assertThat(properties.path("window_start_ms").path("type").asText()).isEqualTo("date");
    assertThat(properties.path("model").path("type").asText()).isEqualTo("keyword");
    assertThat(properties.path("scope").path("type").asText()).isEqualTo("keyword");
    assertThat(properties.path("requests").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("cost_picos").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("latency_p99_ms").path("type").asText()).isEqualTo("double");
    assertThat(properties.path("estimated_cost").path("type").asText()).isEqualTo("double");
    JsonNode numbers = body.path("template").path("mappings").path("dynamic_templates").get(0);
    assertThat(numbers.path("numbers_as_double").path("mapping").path("type").asText())
        .isEqualTo("double");
  }

  private static MinuteCell cell(String model) {
    MinuteCell cell = new MinuteCell();
    cell.windowStartMs = Instant.parse("2026-01-01T10:07:00Z").toEpochMilli();
    cell.scope = Scope.INSTANCE;
    cell.dimension = Dimension.MODEL;
    cell.service = "gw";
    cell.instance = "pod-1";
    cell.provider = "openai";
    cell.model = model;
    cell.requests = 12;
    cell.errors = 1;
    cell.latencyP99Ms = 1280.5;
    cell.inputTokens = 1500;
    cell.costPicos = 3_600_000_000L;
    cell.estimatedCost = 0.0036;
    return cell;
  }
}
