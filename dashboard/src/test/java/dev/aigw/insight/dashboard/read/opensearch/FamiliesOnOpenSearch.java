package dev.aigw.insight.dashboard.read.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.read.LongRangeFamilies;
import dev.aigw.insight.dashboard.read.apps.opensearch.OpenSearchAppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.opensearch.OpenSearchAppCellStore;
import dev.aigw.insight.dashboard.read.attribution.OpenSearchAttributionStore;
import dev.aigw.insight.job.emit.opensearch.AppAttributionCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.AppCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.AppCellIndexTemplate;
import dev.aigw.insight.job.emit.opensearch.AttributionCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellIndexTemplate;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppAttributionDocument;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionDocument;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes {@link LongRangeFamilies}' attribution, application and application attribution cells of
 * the three resolutions into an OpenSearch as the job does (its index templates and document
 * converters, the default index prefixes), and opens the dashboard's readers of them.
 */
public final class FamiliesOnOpenSearch {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private FamiliesOnOpenSearch() {}

  /** Writes every cell and refreshes. */
  public static void write(URI openSearch, LongRangeFamilies families) throws Exception {
    Map<CellResolution, List<AttributionCell>> attribution =
        Map.of(
            CellResolution.MINUTE, families.attributionMinutes,
            CellResolution.HOUR, families.attributionHours,
            CellResolution.DAY, families.attributionDays);
    Map<CellResolution, List<AppCell>> apps =
        Map.of(
            CellResolution.MINUTE, families.appMinutes,
            CellResolution.HOUR, families.appHours,
            CellResolution.DAY, families.appDays);
    Map<CellResolution, List<AppAttributionCell>> appAttribution =
        Map.of(
            CellResolution.MINUTE, families.appAttributionMinutes,
            CellResolution.HOUR, families.appAttributionHours,
            CellResolution.DAY, families.appAttributionDays);
    StringBuilder bulk = new StringBuilder();
    for (CellResolution r : CellResolution.values()) {
      String attributionPrefix = AttributionStoreNames.defaultIndexPrefix(r);
      template(
          openSearch,
          MinuteCellIndexTemplate.of(attributionPrefix, 1, 0, AttributionDocument.keywordFields()));
      append(
          bulk,
          new AttributionCellDocumentConverter(attributionPrefix, r)::toDocument,
          attribution.get(r));
      String appPrefix = AppCellStoreNames.indexPrefix(r);
      template(openSearch, AppCellIndexTemplate.of(appPrefix, 1, 0));
      append(bulk, new AppCellDocumentConverter(appPrefix, r)::toDocument, apps.get(r));
      String appAttributionPrefix = AppAttributionStoreNames.indexPrefix(r);
      template(
          openSearch,
          AppCellIndexTemplate.of(
              appAttributionPrefix, 1, 0, AppAttributionDocument.keywordFields()));
      append(
          bulk,
          new AppAttributionCellDocumentConverter(appAttributionPrefix, r)::toDocument,
          appAttribution.get(r));
    }
    send(openSearch, "POST", "/_bulk?refresh=true", bulk.toString());
  }

  /** Writes application minute cells besides (a page test's own) and refreshes. */
  public static void writeAppMinutes(URI openSearch, List<AppCell> cells) throws Exception {
    StringBuilder bulk = new StringBuilder();
    append(
        bulk,
        new AppCellDocumentConverter(AppCellStoreNames.indexPrefix(CellResolution.MINUTE))
            ::toDocument,
        cells);
    send(openSearch, "POST", "/_bulk?refresh=true", bulk.toString());
  }

  /** The attribution reader of the default prefixes. */
  public static OpenSearchAttributionStore attributionStore(OpenSearchReadOptions options) {
    return new OpenSearchAttributionStore(options, AttributionStoreNames.DEFAULT_INDEX_PREFIX);
  }

  /** The application cells' reader of the default prefixes. */
  public static OpenSearchAppCellStore appStore(OpenSearchReadOptions options) {
    return new OpenSearchAppCellStore(options);
  }

  /** The application attribution cells' reader of the job's prefixes. */
  public static OpenSearchAppAttributionStore appAttributionStore(OpenSearchReadOptions options) {
    return new OpenSearchAppAttributionStore(options);
  }

  private static void template(URI openSearch, OpenSearchIndexTemplate template) throws Exception {
    send(openSearch, "PUT", "/_index_template/" + template.name(), template.bodyJson());
  }

  private static <T> void append(
      StringBuilder bulk, Function<T, OpenSearchDocument> converter, List<T> cells) {
    for (T c : cells) {
      OpenSearchDocument doc = converter.apply(c);
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
