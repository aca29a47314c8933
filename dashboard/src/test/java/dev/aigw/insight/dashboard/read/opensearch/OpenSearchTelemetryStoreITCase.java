package dev.aigw.insight.dashboard.read.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.StepFold;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.emit.opensearch.MinuteCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellIndexTemplate;
import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
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
 * The OpenSearch reader on a real node holding documents as the job writes them (its template and
 * document converter): cells read back whole and in order, range totals exact (also above 2⁵³
 * picos, where the node's double sums are not).
 */
class OpenSearchTelemetryStoreITCase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long MINUTE = 1_796_551_200_000L;

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static OpenSearchTelemetryStore store;

  @BeforeAll
  static void start() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    store = new OpenSearchTelemetryStore(OpenSearchReadOptions.of(List.of(openSearch.httpUri())));
    OpenSearchIndexTemplate template = MinuteCellIndexTemplate.of("aigw-cells", 1, 0);
    send("PUT", "/_index_template/" + template.name(), template.bodyJson());
    MinuteCellDocumentConverter converter = new MinuteCellDocumentConverter("aigw-cells");
    for (MinuteCell cell :
        List.of(
            cell(MINUTE, "gw", "openai", 2, 1_000.0, 4_503_599_627_370_497L),
            cell(MINUTE + 60_000, "gw", "openai", 3, 2_000.0, 4_503_599_627_370_497L),
            cell(MINUTE, "gw", "anthropic", 1, 500.0, 7L))) {
      OpenSearchDocument doc = converter.toDocument(cell);
      send("PUT", "/" + doc.index() + "/_doc/" + enc(doc.id()) + "?refresh=true", doc.sourceJson());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    openSearch.close();
  }

  @Test
  void cellsReadBackInMinuteOrder() {
    List<MinuteCell> cells =
        store.cells(CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, MINUTE, MINUTE + 120_000));
    assertThat(cells)
        .extracting(c -> c.windowStartMs + " " + c.provider)
        .containsExactly(MINUTE + " anthropic", MINUTE + " openai", (MINUTE + 60_000) + " openai");
    assertThat(cells.get(1))
        .isEqualTo(cell(MINUTE, "gw", "openai", 2, 1_000.0, 4_503_599_627_370_497L));
  }

  @Test
  void totalsAreExactEvenAboveTheDoublesExactRange() {
    List<RangeTotals> totals =
        store.totals(
            CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, MINUTE, MINUTE + 120_000),
            CellTag.PROVIDER,
            10);
    assertThat(totals).extracting(RangeTotals::group).containsExactly("openai", "anthropic");
    RangeTotals openai = totals.get(0);
    assertThat(openai.integer(CellField.REQUESTS)).isEqualTo(5);
    assertThat(openai.integer(CellField.COST_PICOS)).isEqualTo(9_007_199_254_740_994L);
    assertThat(openai.floating(CellField.LATENCY_SUM_MS)).isEqualTo(3_000.0);
    assertThat(openai.minutes()).isEqualTo(2);
    RangeTotals anthropic = totals.get(1);
    assertThat(anthropic.integer(CellField.COST_PICOS)).isEqualTo(7);
  }

  @Test
  void smallTotalsComeFromTheNodesAggregations() {
    List<RangeTotals> totals =
        store.totals(
            CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, MINUTE, MINUTE + 60_000)
                .withProvider("anthropic"),
            CellTag.PROVIDER,
            10);
    assertThat(totals).hasSize(1);
    assertThat(totals.get(0).integer(CellField.REQUESTS)).isEqualTo(1);
    assertThat(totals.get(0).floating(CellField.LATENCY_SUM_MS)).isEqualTo(500.0);
  }

  @Test
  void stepsAreFoldedByTheNodeAsTheFoldRuleSays() {
    CellQuery query = CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, MINUTE, MINUTE + 120_000);
    List<CellField> fields =
        List.of(CellField.REQUESTS, CellField.LATENCY_AVG_MS, CellField.ESTIMATED_COST);
    // one-minute steps: each cell's own values; openai first (most requests)
    List<GroupSteps> minutes = store.steps(query, List.of(CellTag.PROVIDER), fields, 60_000, 10);
    assertThat(minutes).extracting(g -> g.key().get(0)).containsExactly("openai", "anthropic");
    assertThat(minutes.get(0).values().get(CellField.REQUESTS)).containsExactly(2L, 3L);
    assertThat(minutes.get(0).values().get(CellField.LATENCY_AVG_MS))
        .containsExactly(500.0, 2_000.0 / 3);
    assertThat(minutes.get(1).values().get(CellField.REQUESTS)).containsExactly(1L, null);
    // one two-minute step: counts summed, the average from the sums, for the same groups as
    // the totals and a result the fold of the cells gives too
    List<GroupSteps> steps = store.steps(query, List.of(CellTag.PROVIDER), fields, 120_000, 1);
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).values().get(CellField.REQUESTS)).containsExactly(5L);
    assertThat(steps.get(0).values().get(CellField.LATENCY_AVG_MS)).containsExactly(600.0);
    assertThat(steps)
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(
            StepFold.fold(
                store.cells(query), query, List.of(CellTag.PROVIDER), fields, 120_000, 1));
  }

  @Test
  void totalsGroupByPairsOfTagsInOneSearch() {
    List<RangeTotals> totals =
        store.totals(
            CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, MINUTE, MINUTE + 120_000),
            List.of(CellTag.SERVICE, CellTag.PROVIDER),
            10);
    assertThat(totals)
        .extracting(RangeTotals::key)
        .containsExactly(List.of("gw", "openai"), List.of("gw", "anthropic"));
    assertThat(totals.get(1).group()).isEqualTo("anthropic");
    assertThat(totals.get(1).integer(CellField.REQUESTS)).isEqualTo(1);
  }

  @Test
  void cellsUnderTheOldFieldNamesStillCountWhereAnIndexHoldsThem() throws Exception {
    // a day index of an upgrade from 0.1.0: one minute written under the old names, the next
    // under the new ones; the reader sees the old names in the mapping and sums both
    OpenSearchIndexTemplate template = MinuteCellIndexTemplate.of("upgraded-cells", 1, 0);
    send("PUT", "/_index_template/" + template.name(), template.bodyJson());
    MinuteCellDocumentConverter converter = new MinuteCellDocumentConverter("upgraded-cells");
    MinuteCell now = cell(MINUTE + 60_000, "gw", "openai", 3, 900.0, 11L);
    now.inputTokens = 7;
    OpenSearchDocument doc = converter.toDocument(now);
    send("PUT", "/" + doc.index() + "/_doc/" + enc(doc.id()) + "?refresh=true", doc.sourceJson());
    String old =
        "{\"%s\":%d,\"scope\":\"SERVICE\",\"dimension\":\"PROVIDER\",\"service\":\"gw\","
                .formatted(CellDocument.TIMESTAMP, MINUTE)
            + "\"instance\":\"\",\"provider\":\"openai\",\"model\":\"\",\"requests\":2,"
            + "\"inputTokens\":5,\"latencyAvgMs\":400.0}";
    send("PUT", "/" + doc.index() + "/_doc/old-minute?refresh=true", old);
    try (OpenSearchTelemetryStore upgraded =
        new OpenSearchTelemetryStore(
            OpenSearchReadOptions.of(List.of(openSearch.httpUri()))
                .withIndexPrefixes("upgraded-cells", "upgraded-logs"))) {
      CellQuery query = CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, MINUTE, MINUTE + 120_000);
      List<GroupSteps> steps =
          upgraded.steps(
              query,
              List.of(CellTag.PROVIDER),
              List.of(CellField.REQUESTS, CellField.INPUT_TOKENS, CellField.LATENCY_AVG_MS),
              60_000,
              10);
      assertThat(steps).hasSize(1);
      assertThat(steps.get(0).values().get(CellField.INPUT_TOKENS)).containsExactly(5L, 7L);
      assertThat(steps.get(0).values().get(CellField.LATENCY_AVG_MS)).containsExactly(400.0, 300.0);
      List<GroupSteps> folded =
          upgraded.steps(
              query, List.of(CellTag.PROVIDER), List.of(CellField.INPUT_TOKENS), 120_000, 10);
      assertThat(folded.get(0).values().get(CellField.INPUT_TOKENS)).containsExactly(12L);
    }
  }

  private static MinuteCell cell(
      long minute,
      String service,
      String provider,
      long requests,
      double latencySumMs,
      long picos) {
    MinuteCell c =
        MinuteCell.at(minute, Scope.SERVICE, Dimension.PROVIDER, service, "", provider, "");
    c.requests = requests;
    c.latencySumMs = latencySumMs;
    c.latencyAvgMs = latencySumMs / requests;
    c.costPicos = picos;
    c.estimatedCost = picos / 1e12;
    return c;
  }

  private static String enc(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void send(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(openSearch.httpUri() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isLessThan(300);
  }
}
