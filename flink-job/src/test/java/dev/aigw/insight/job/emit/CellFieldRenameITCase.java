package dev.aigw.insight.job.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.emit.opensearch.MinuteCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellIndexTemplate;
import dev.aigw.insight.job.testing.OpenSearchCells;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;
import dev.aigw.insight.sink.opensearch.OpenSearchSink;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An OpenSearch day index written partly before the snake_case rename (docs/operations.md,
 * "Upgrading from 0.1.0 ... OpenSearch field names"), on a real node: the old documents are the
 * golden ones of {@link CellDocumentsGoldenTest}, indexed under the old template as the old job
 * would have; then the new job's sink rewrites one of the cells. No cell is held twice and every
 * cell reads back through {@code CellDocument.fromSource}. (The documented {@code _update_by_query}
 * needs OpenSearch's reindex and painless modules, which the embedded node does not load; {@code
 * StorageDocsTest} checks its rename map.)
 */
class CellFieldRenameITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "aigw-cells";

  private static EmbeddedOpenSearch openSearch;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startOpenSearch() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().start();
  }

  @AfterAll
  static void stopOpenSearch() throws Exception {
    openSearch.close();
  }

  @Test
  void aDayIndexOfBothVersionsHoldsEachCellOnceAndReadsWhole() throws Exception {
    Map<String, MinuteCell> cells = CellDocumentsGoldenTest.cells();
    JsonNode golden;
    try (InputStream in =
        CellDocumentsGoldenTest.class.getResourceAsStream("/golden/cell-documents-68b1d0c.json")) {
      golden = JSON.readTree(in);
    }
    // the old job: its template (Java names, windowStartMs a date) and its documents
    OpenSearchIndexTemplate old =
        OpenSearchIndexTemplate.forDailyIndices(
            PREFIX,
            1,
            0,
            mappings -> {
              ArrayNode dynamic = mappings.putArray("dynamic_templates");
              dynamic
                  .addObject()
                  .putObject("numbers_as_double")
                  .put("match_mapping_type", "double")
                  .putObject("mapping")
                  .put("type", "double");
              ObjectNode properties = mappings.putObject("properties");
              properties.putObject("timestamp").put("type", "date").put("format", "epoch_millis");
              properties
                  .putObject("windowStartMs")
                  .put("type", "date")
                  .put("format", "epoch_millis");
              for (String keyword :
                  List.of("scope", "dimension", "service", "instance", "provider", "model")) {
                properties.putObject(keyword).put("type", "keyword");
              }
            });
    send("PUT", "/_index_template/" + old.name(), old.bodyJson());
    for (JsonNode row : golden) {
      JsonNode os = row.path("opensearch");
      send(
          "PUT",
          "/" + os.path("index").asText() + "/_doc/" + encode(os.path("id").asText()),
          JSON.writeValueAsString(os.path("source")));
    }
    int documents = golden.size();
    assertThat(count()).isEqualTo(documents);

    // the new job rewrites one cell of the upgrade day (a late point): same _id, same index
    MinuteCell rewritten = cells.get("service-provider").copy();
    rewritten.requests += 100;
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromData(MinuteCell.class, rewritten)
        .sinkTo(
            OpenSearchSink.<MinuteCell>builder()
                .setConfig(
                    OpenSearchSink.builder().setHost(openSearch.httpUri().toString()).buildConfig())
                .setConverter(new MinuteCellDocumentConverter(PREFIX))
                .setIndexTemplate(MinuteCellIndexTemplate.of(PREFIX, 1, 0))
                .build());
    env.execute("rewrite-after-upgrade");

    assertThat(count()).as("each cell once").isEqualTo(documents);
    assertThat(readBack()).containsExactlyInAnyOrderElementsOf(expected(cells, rewritten));

    // the day index keeps its old template; the new names are mapped dynamically, as documented
    JsonNode properties =
        send("GET", "/" + PREFIX + "-2026.11.26/_mapping", null)
            .path(PREFIX + "-2026.11.26")
            .path("mappings")
            .path("properties");
    assertThat(properties.path("windowStartMs").path("type").asText()).isEqualTo("date");
    assertThat(properties.path("window_start_ms").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("requests").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("latency_p99_ms").path("type").asText()).isEqualTo("double");
    assertThat(properties.path("estimated_cost").path("type").asText()).isEqualTo("double");
  }

  private static List<MinuteCell> expected(Map<String, MinuteCell> cells, MinuteCell rewritten) {
    return cells.values().stream()
        .map(c -> c.cellKey().equals(rewritten.cellKey()) ? rewritten : asReadFromOldDocument(c))
        .sorted(Comparator.comparing(MinuteCell::cellKey))
        .toList();
  }

  /** A document written before the duration sums existed reads them as average × count. */
  private static MinuteCell asReadFromOldDocument(MinuteCell cell) {
    MinuteCell read = cell.copy();
    read.latencySumMs = cell.latencyAvgMs * cell.requests;
    read.ttftSumMs = cell.ttftAvgMs * cell.ttftCount;
    read.tpotSumMs = cell.tpotAvgMs * cell.tpotCount;
    return read;
  }

  private List<MinuteCell> readBack() {
    return new OpenSearchCells(openSearch.httpUri(), PREFIX).all();
  }

  private long count() throws Exception {
    send("POST", "/" + PREFIX + "-*/_refresh", null);
    return send("GET", "/" + PREFIX + "-*/_count", null).path("count").asLong();
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(openSearch.httpUri() + path))
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isBetween(200, 299);
    return JSON.readTree(response.body());
  }
}
