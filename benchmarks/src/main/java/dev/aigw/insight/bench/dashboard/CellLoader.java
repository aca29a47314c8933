package dev.aigw.insight.bench.dashboard;

import dev.aigw.insight.job.emit.opensearch.MinuteCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellIndexTemplate;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Writes cells into OpenSearch as the job does: its index template, and each cell through the job's
 * document converter (the cell-schema {@code CellDocument} shape, daily index, cell id), in bulk
 * requests.
 */
final class CellLoader {

  static final String PREFIX = "aigw-cells";
  private static final int BULK = 5_000;

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI node;
  private final MinuteCellDocumentConverter converter = new MinuteCellDocumentConverter(PREFIX);

  CellLoader(URI node) throws IOException, InterruptedException {
    this.node = node;
    OpenSearchIndexTemplate template = MinuteCellIndexTemplate.of(PREFIX, 1, 0);
    send("PUT", "/_index_template/" + template.name(), template.bodyJson());
  }

  /** Writes the cells; returns how many. */
  int load(List<MinuteCell> cells) throws IOException, InterruptedException {
    StringBuilder bulk = new StringBuilder();
    int pending = 0;
    for (MinuteCell cell : cells) {
      OpenSearchDocument doc = converter.toDocument(cell);
      bulk.append("{\"index\":{\"_index\":\"")
          .append(doc.index())
          .append("\",\"_id\":")
          .append(jsonString(doc.id()))
          .append("}}\n")
          .append(doc.sourceJson())
          .append('\n');
      if (++pending == BULK) {
        bulk(bulk);
        bulk.setLength(0);
        pending = 0;
      }
    }
    if (pending > 0) {
      bulk(bulk);
    }
    return cells.size();
  }

  /**
   * Makes everything written visible to searches, and turns the node's request cache off for the
   * cells: a live store refreshes every second, so a dashboard never reads cached aggregations;
   * neither does the benchmark.
   */
  void refresh() throws IOException, InterruptedException {
    send("POST", "/" + PREFIX + "-*/_refresh", "");
    send("PUT", "/" + PREFIX + "-*/_settings", "{\"index.requests.cache.enable\": false}");
  }

  private void bulk(StringBuilder ndjson) throws IOException, InterruptedException {
    String answer = send("POST", "/_bulk", ndjson.toString());
    if (answer.contains("\"errors\":true")) {
      throw new IllegalStateException("bulk write refused: " + answer.substring(0, 500));
    }
  }

  private String send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(node.resolve(path))
                .header(
                    "Content-Type",
                    path.endsWith("_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + response.body());
    }
    return response.body();
  }

  private static String jsonString(String text) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : text.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20) {
        sb.append(String.format("\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }
}
