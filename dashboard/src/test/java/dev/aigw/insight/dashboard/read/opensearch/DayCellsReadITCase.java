package dev.aigw.insight.dashboard.read.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.read.LongRangeChecks;
import dev.aigw.insight.dashboard.read.LongRangeTraffic;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.emit.opensearch.MinuteCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellIndexTemplate;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 30-day range over the embedded OpenSearch holding {@link LongRangeTraffic}'s minute, hour and
 * day cells, written through the job's document converter and index template into their own daily,
 * monthly and yearly indices: totals, day steps and the API's answers equal the traffic's exact
 * sums ({@link LongRangeChecks}).
 */
class DayCellsReadITCase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static OpenSearchTelemetryStore store;
  private static LongRangeChecks checks;

  @BeforeAll
  static void start() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    OpenSearchReadOptions options =
        OpenSearchReadOptions.of(List.of(openSearch.httpUri()))
            .withIndexPrefixes("lr-cells", "lr-logs");
    store = new OpenSearchTelemetryStore(options, "lr-hour-cells", "lr-day-cells");
    for (String prefix : List.of("lr-cells", "lr-hour-cells", "lr-day-cells")) {
      OpenSearchIndexTemplate template = MinuteCellIndexTemplate.of(prefix, 1, 0);
      send("PUT", "/_index_template/" + template.name(), template.bodyJson());
    }
    LongRangeTraffic traffic = new LongRangeTraffic();
    StringBuilder bulk = new StringBuilder();
    write(bulk, new MinuteCellDocumentConverter("lr-cells"), traffic.minutes);
    write(
        bulk, new MinuteCellDocumentConverter("lr-hour-cells", CellResolution.HOUR), traffic.hours);
    write(bulk, new MinuteCellDocumentConverter("lr-day-cells", CellResolution.DAY), traffic.days);
    send("POST", "/_bulk?refresh=true", bulk.toString());
    checks = new LongRangeChecks(store, traffic);
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    openSearch.close();
  }

  @Test
  void thirtyDayTotalsAreExact() {
    checks.thirtyDayTotalsAreExact();
  }

  @Test
  void dayStepsAreExact() {
    checks.dayStepsAreExact();
  }

  @Test
  void thirtyDayAnswersOfTheApi() throws Exception {
    checks.thirtyDayAnswersOfTheApi();
  }

  private static void write(
      StringBuilder bulk, MinuteCellDocumentConverter converter, List<MinuteCell> cells) {
    for (MinuteCell c : cells) {
      OpenSearchDocument doc = converter.toDocument(c);
      bulk.append("{\"index\":{\"_index\":\"")
          .append(doc.index())
          .append("\",\"_id\":\"")
          .append(doc.id().replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\"}}\n")
          .append(doc.sourceJson())
          .append('\n');
    }
  }

  private static void send(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(openSearch.httpUri() + path))
                .header("Content-Type", "application/x-ndjson")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isLessThan(300);
    assertThat(response.body()).doesNotContain("\"errors\":true");
  }
}
