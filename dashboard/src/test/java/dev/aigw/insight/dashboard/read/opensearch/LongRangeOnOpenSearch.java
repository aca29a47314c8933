package dev.aigw.insight.dashboard.read.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.read.LongRangeTraffic;
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
import java.util.List;

/**
 * Writes {@link LongRangeTraffic}'s minute, hour and day cells into an OpenSearch as the job does:
 * its index template per prefix and its document converter per resolution (daily, monthly and
 * yearly indices).
 */
public final class LongRangeOnOpenSearch {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LongRangeOnOpenSearch() {}

  /** Writes the cells under the three prefixes (minute, hour, day) and refreshes. */
  public static void write(
      URI openSearch,
      LongRangeTraffic traffic,
      String minutePrefix,
      String hourPrefix,
      String dayPrefix)
      throws Exception {
    for (String prefix : List.of(minutePrefix, hourPrefix, dayPrefix)) {
      OpenSearchIndexTemplate template = MinuteCellIndexTemplate.of(prefix, 1, 0);
      send(openSearch, "PUT", "/_index_template/" + template.name(), template.bodyJson());
    }
    StringBuilder bulk = new StringBuilder();
    append(bulk, new MinuteCellDocumentConverter(minutePrefix), traffic.minutes);
    append(bulk, new MinuteCellDocumentConverter(hourPrefix, CellResolution.HOUR), traffic.hours);
    append(bulk, new MinuteCellDocumentConverter(dayPrefix, CellResolution.DAY), traffic.days);
    send(openSearch, "POST", "/_bulk?refresh=true", bulk.toString());
  }

  private static void append(
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

  private static void send(URI openSearch, String method, String path, String body)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(openSearch + path))
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
