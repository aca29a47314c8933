package dev.aigw.insight.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.LogQuery;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.CellAssertions;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API over a real embedded OpenSearch that the real job filled from OpenTelemetry SDK
 * traffic (two gateways, three providers/models, streaming and failed requests, access logs). Once
 * per class: the job runs until the expected cells and logs are stored, then stops; every test asks
 * the API and compares each value with the cells the traffic implies ({@link Expectation},
 * independent of the job) — percentiles, which the expectation leaves out, with the stored cells,
 * which {@link CellAssertions} has checked against the raw samples.
 */
class QueryApiITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MS = WholeJobOnOpenSearch.MS;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static OpenSearchTelemetryStore store;
  private static DashboardServer server;
  private static DashboardServer serverOnDownStore;
  private static Map<String, ExpectedCell> expected;
  private static long minute;

  @BeforeAll
  static void fillTheStoreWithTheRealJob(@TempDir Path checkpoints) throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    store = new OpenSearchTelemetryStore(OpenSearchReadOptions.of(List.of(openSearch.httpUri())));
    int port = FreePort.range(1);
    WholeJobOnOpenSearch whole = new WholeJobOnOpenSearch(openSearch);
    JobClient job = whole.start(whole.configuration(port, checkpoints), port, "dashboard-api");
    try {
      // the minute that just ended on the wall clock, so the idle watermark closes it
      long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
      minute = minuteEndMs - 60_000;
      long exportNanos = (minuteEndMs - 1_000) * MS;
      GatewaySimulator a =
          WholeJobOnOpenSearch.gateway(port, "gw-a", Temporality.DELTA, exportNanos - 40_000 * MS);
      GatewaySimulator b =
          WholeJobOnOpenSearch.gateway(
              port, "gw-b", Temporality.CUMULATIVE, exportNanos - 40_000 * MS);
      a.submit(
              WholeJobOnOpenSearch.secondsBefore(exportNanos, 30, "openai", "gpt-4o")
                  .latency(0.75)
                  .tokens(1200, 300)
                  .cache(256, 0))
          .submit(
              WholeJobOnOpenSearch.secondsBefore(exportNanos, 25, "openai", "gpt-4o")
                  .latency(0.25)
                  .tokens(800, 100))
          .submit(
              WholeJobOnOpenSearch.secondsBefore(exportNanos, 20, "anthropic", "claude-sonnet-4-5")
                  .latency(2.5)
                  .streaming(0.25, 0.03125)
                  .tokens(4000, 512))
          .submit(
              WholeJobOnOpenSearch.secondsBefore(exportNanos, 10, "openai", "non-existent-model")
                  .latency(0.0625)
                  .failed());
      b.submit(
          WholeJobOnOpenSearch.secondsBefore(exportNanos, 15, "openai", "gpt-4o")
              .latency(0.5)
              .tokens(100, 50));
      a.exportAt(exportNanos);
      b.exportAt(exportNanos);
      WholeJobOnOpenSearch.sendAccessLogs(port, "gw-a", minuteEndMs - 5_000);
      expected = Expectation.of(PriceTable.loadDefault()).add(a, b).cells();
      a.close();
      b.close();
      awaitStored();
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
    // "now" is within the minute after the traffic: range=15m covers it
    QueryApi api = new QueryApi(store, () -> minute + 90_000);
    server = DashboardServer.start("127.0.0.1", 0, null, api);
    OpenSearchTelemetryStore down =
        new OpenSearchTelemetryStore(
            OpenSearchReadOptions.of(List.of(URI.create("http://127.0.0.1:" + FreePort.range(1)))));
    serverOnDownStore =
        DashboardServer.start("127.0.0.1", 0, null, new QueryApi(down, () -> minute + 90_000));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (serverOnDownStore != null) {
      serverOnDownStore.close();
    }
    if (openSearch != null) {
      openSearch.close();
    }
  }

  @Test
  void theStoredCellsAreTheExpectedOnes() {
    List<MinuteCell> all = new ArrayList<>();
    for (Scope scope : Scope.values()) {
      for (Dimension dimension : Dimension.values()) {
        all.addAll(store.cells(CellQuery.of(scope, dimension, minute, minute + 60_000)));
      }
    }
    CellAssertions.assertMatches(all, expected, PercentileMethod.INTERPOLATED);
  }

  @Test
  void servicesListSummarisesEachServiceAndGivesItsMinuteSeries() throws Exception {
    JsonNode answer = get("/api/services?range=15m");
    assertThat(answer.path("minutes")).hasSize(15);
    assertThat(answer.path("minutes").get(13).asLong()).isEqualTo(minute);
    JsonNode services = answer.path("services");
    assertThat(services).hasSize(2);
    // largest requests first
    assertThat(services.get(0).path("service").asText()).isEqualTo("gw-a");
    assertThat(services.get(1).path("service").asText()).isEqualTo("gw-b");
    for (JsonNode row : services) {
      MinuteCell cell =
          expectedCell(Scope.SERVICE, Dimension.ALL, row.path("service").asText(), "", "", "");
      assertSummary(row.path("summary"), List.of(cell), 15);
      JsonNode series = row.path("series");
      assertThat(series.path("requests").get(13).asLong()).isEqualTo(cell.requests);
      assertThat(series.path("requests").get(12).asLong()).isZero();
      assertThat(series.path("errors").get(13).asLong()).isEqualTo(cell.errors);
      assertThat(series.path("input_tokens").get(13).asLong()).isEqualTo(cell.inputTokens);
      assertThat(series.path("output_tokens").get(13).asLong()).isEqualTo(cell.outputTokens);
      assertThat(series.path("latency_avg_ms").get(13).asDouble()).isEqualTo(cell.latencyAvgMs);
      assertThat(series.path("latency_avg_ms").get(12).isNull()).isTrue();
      assertThat(series.path("estimated_cost").get(13).asDouble()).isEqualTo(cell.estimatedCost);
      assertThat(series.path("latency_p99_ms").get(13).asDouble())
          .isEqualTo(stored(Scope.SERVICE, Dimension.ALL, cell).latencyP99Ms);
    }
  }

  @Test
  void seriesOfAnyFieldForAServiceInstanceProviderOrModel() throws Exception {
    String all = String.join(",", names(CellField.values()));
    JsonNode service = get("/api/series?range=15m&service=gw-a&fields=" + all);
    assertThat(service.path("scope").asText()).isEqualTo("SERVICE");
    assertThat(service.path("series")).hasSize(1);
    assertSeries(service.path("series").get(0), Scope.SERVICE, Dimension.ALL);

    JsonNode instance = get("/api/series?range=15m&service=gw-a&instance=gw-a-pod-1&fields=" + all);
    assertThat(instance.path("scope").asText()).isEqualTo("INSTANCE");
    assertSeries(instance.path("series").get(0), Scope.INSTANCE, Dimension.ALL);

    JsonNode provider = get("/api/series?range=15m&service=gw-a&provider=openai&fields=" + all);
    assertThat(provider.path("series")).hasSize(1);
    assertSeries(provider.path("series").get(0), Scope.SERVICE, Dimension.PROVIDER);

    JsonNode models = get("/api/series?range=15m&service=gw-a&by=model&fields=" + all);
    assertThat(models.path("dimension").asText()).isEqualTo("MODEL");
    assertThat(models.path("series")).hasSize(3);
    for (JsonNode series : models.path("series")) {
      assertSeries(series, Scope.SERVICE, Dimension.MODEL);
    }
  }

  @Test
  void breakdownsByProviderModelAndInstance() throws Exception {
    JsonNode providers = get("/api/breakdown?range=15m&service=gw-a&by=provider");
    assertThat(providers.path("groups")).hasSize(2);
    assertThat(providers.path("groups").get(0).path("provider").asText()).isEqualTo("openai");
    for (JsonNode g : providers.path("groups")) {
      MinuteCell cell =
          expectedCell(
              Scope.SERVICE, Dimension.PROVIDER, "gw-a", "", g.path("provider").asText(), "");
      assertSummary(g.path("summary"), List.of(cell), 15);
    }

    JsonNode models = get("/api/breakdown?range=15m&service=gw-a&by=model&limit=2");
    assertThat(models.path("groups")).hasSize(2);
    assertThat(models.path("groups").get(0).path("model").asText()).isEqualTo("gpt-4o");
    for (JsonNode g : models.path("groups")) {
      MinuteCell cell =
          expectedCell(
              Scope.SERVICE,
              Dimension.MODEL,
              "gw-a",
              "",
              g.path("provider").asText(),
              g.path("model").asText());
      assertSummary(g.path("summary"), List.of(cell), 15);
    }

    JsonNode instances = get("/api/breakdown?range=15m&service=gw-b&by=instance");
    assertThat(instances.path("groups")).hasSize(1);
    assertThat(instances.path("groups").get(0).path("instance").asText()).isEqualTo("gw-b-pod-1");
    assertSummary(
        instances.path("groups").get(0).path("summary"),
        List.of(expectedCell(Scope.INSTANCE, Dimension.ALL, "gw-b", "gw-b-pod-1", "", "")),
        15);
  }

  @Test
  void rangeSummariesComeFromSumsAndCounts() throws Exception {
    JsonNode summary = get("/api/summary?range=1h&service=gw-a&model=gpt-4o");
    MinuteCell cell = expectedCell(Scope.SERVICE, Dimension.MODEL, "gw-a", "", "openai", "gpt-4o");
    assertSummary(summary.path("summary"), List.of(cell), 60);
    // two requests of 750 and 250 ms: the average of the sums, not of per-minute averages
    assertThat(summary.path("summary").path("latency_avg_ms").asDouble()).isEqualTo(500.0);
    JsonNode none = get("/api/summary?range=1h&service=nobody");
    assertThat(none.path("summary").path("requests").asLong()).isZero();
    assertThat(none.path("summary").path("latency_avg_ms").isNull()).isTrue();
  }

  @Test
  void logsWithFiltersAndPaging() throws Exception {
    JsonNode all = get("/api/logs?range=15m");
    assertThat(all.path("total").asLong()).isEqualTo(3);
    assertThat(requestIds(all))
        .containsExactlyInAnyOrder("req-missing-model", "req-expensive", "req-no-tokens");
    JsonNode notFound = get("/api/logs?range=15m&service=gw-a&status=4xx");
    assertThat(requestIds(notFound)).containsExactly("req-missing-model");
    assertThat(notFound.path("records").get(0).path("status_code").asLong()).isEqualTo(404);
    assertThat(requestIds(get("/api/logs?range=15m&status=2xx"))).hasSize(2);
    assertThat(requestIds(get("/api/logs?range=15m&q=" + enc("req-exp"))))
        .containsExactly("req-expensive");
    JsonNode page1 = get("/api/logs?range=15m&size=2&page=1");
    assertThat(page1.path("total").asLong()).isEqualTo(3);
    assertThat(page1.path("records")).hasSize(1);
    assertThat(get("/api/logs?range=15m&service=gw-b").path("total").asLong()).isZero();
    // the logs name the gateway's backend (default/openai/route/...); the cells' provider finds it
    assertThat(get("/api/logs?range=15m&provider=openai").path("total").asLong()).isEqualTo(3);
    assertThat(get("/api/logs?range=15m&provider=anthropic").path("total").asLong()).isZero();
    JsonNode expensive = get("/api/logs?range=15m&q=req-expensive").path("records").get(0);
    assertThat(expensive.path("input_tokens").asLong()).isEqualTo(9000);
    assertThat(expensive.path("output_tokens").asLong()).isEqualTo(1500);
    assertThat(expensive.path("model").asText()).isEqualTo("gpt-4o");
  }

  @Test
  void badQueriesAreRefusedWithAClearMessage() throws Exception {
    assertError(
        "/api/series?range=15m&service=gw-a&fields=latencyP99Ms",
        400,
        "unknown field 'latencyP99Ms'");
    assertError("/api/services?range=731d", 400, "longer than the day cells' retention of 730 d");
    assertError("/api/services?range=soon", 400, "is not a duration like 15m");
    assertError(
        "/api/breakdown?range=15m&service=gw-a&by=region",
        400,
        "by must be provider, model or instance");
    assertError("/api/logs?range=15m&status=2XX", 400, "status must be a class like 2xx");
    assertError("/api/summary?range=15m", 400, "service is required");
  }

  @Test
  void aStoreThatIsDownAnswers503WithTheStoresMessage() throws Exception {
    HttpResponse<String> response = send(serverOnDownStore, "/api/services?range=15m");
    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asInt()).isEqualTo(503);
    assertThat(body.path("error").asText())
        .startsWith("OpenSearch at http://127.0.0.1:")
        .contains("cannot be reached");
  }

  // --- expectations

  private static void assertSummary(JsonNode s, List<MinuteCell> cells, int rangeMinutes) {
    long requests = 0;
    long errors = 0;
    double latencySum = 0;
    for (MinuteCell c : cells) {
      requests += c.requests;
      errors += c.errors;
      latencySum += c.latencySumMs;
    }
    for (CellField f : CellField.values()) {
      if (f.isAdditive() && f.type() == CellField.Type.INTEGER) {
        long sum = cells.stream().mapToLong(c -> f.value(c).longValue()).sum();
        assertThat(s.path(f.storeName()).asLong()).as(f.storeName()).isEqualTo(sum);
        assertThat(s.path(f.storeName()).isIntegralNumber()).as(f.storeName()).isTrue();
      }
    }
    assertThat(s.path("requests").asLong()).isEqualTo(requests).isPositive();
    assertThat(s.path("error_rate").asDouble()).isEqualTo((double) errors / requests);
    assertThat(s.path("requests_per_minute").asDouble())
        .isEqualTo((double) requests / rangeMinutes);
    assertThat(s.path("latency_sum_ms").asDouble()).isEqualTo(latencySum);
    assertThat(s.path("latency_avg_ms").asDouble()).isEqualTo(latencySum / requests);
    long cost = cells.stream().mapToLong(c -> c.costPicos).sum();
    assertThat(s.path("estimated_cost").asDouble()).isEqualTo(cost / 1e12);
    long ttftCount = cells.stream().mapToLong(c -> c.ttftCount).sum();
    double ttftSum = cells.stream().mapToDouble(c -> c.ttftSumMs).sum();
    if (ttftCount == 0) {
      assertThat(s.path("ttft_avg_ms").isNull()).isTrue();
    } else {
      assertThat(s.path("ttft_avg_ms").asDouble()).isEqualTo(ttftSum / ttftCount);
    }
  }

  /** Every field of a series at the traffic's minute equals the expected (or stored) cell. */
  private static void assertSeries(JsonNode series, Scope scope, Dimension dimension) {
    MinuteCell cell =
        expectedCell(
            scope,
            dimension,
            series.path("service").asText(),
            series.path("instance").asText(""),
            series.path("provider").asText(""),
            series.path("model").asText(""));
    MinuteCell stored = stored(scope, dimension, cell);
    int at = 13; // range=15m ends with the minute after the traffic's
    for (CellField f : CellField.values()) {
      JsonNode value = series.path("values").path(f.storeName()).get(at);
      boolean percentile = f.storeName().matches(".*_p\\d\\d_ms");
      Number want = percentile ? f.value(stored) : f.value(cell);
      if (f.type() == CellField.Type.INTEGER) {
        assertThat(value.asLong()).as(f.storeName()).isEqualTo(want.longValue());
      } else {
        assertThat(value.asDouble()).as(f.storeName()).isEqualTo(want.doubleValue());
      }
    }
  }

  private static MinuteCell expectedCell(
      Scope scope,
      Dimension dimension,
      String service,
      String instance,
      String provider,
      String model) {
    String key = MinuteCell.cellKey(minute, scope, dimension, service, instance, provider, model);
    ExpectedCell cell = expected.get(key);
    assertThat(cell).as("expected cell %s", key).isNotNull();
    return cell.cell;
  }

  private static MinuteCell stored(Scope scope, Dimension dimension, MinuteCell like) {
    return store
        .cells(
            new CellQuery(
                scope,
                dimension,
                minute,
                minute + 60_000,
                like.service,
                null,
                like.provider.isEmpty() ? null : like.provider,
                like.model.isEmpty() ? null : like.model))
        .stream()
        .filter(c -> c.cellKey().equals(like.cellKey()))
        .findFirst()
        .orElseThrow();
  }

  // --- traffic

  /** Waits (through the reader under test) until every expected cell and kept log is stored. */
  private static void awaitStored() throws Exception {
    String[] state = {"nothing read yet"};
    Await.until(
        Duration.ofSeconds(120),
        "the job stores the " + expected.size() + " expected cells and 3 kept logs",
        () -> {
          try {
            int cells = 0;
            for (Scope scope : Scope.values()) {
              for (Dimension dimension : Dimension.values()) {
                cells +=
                    store.cells(CellQuery.of(scope, dimension, minute, minute + 60_000)).size();
              }
            }
            LogQuery query =
                new LogQuery(
                    minute, minute + 120_000, null, null, null, null, null, null, null, 0, 10);
            long logs = store.logs(query).total();
            state[0] = cells + " cells and " + logs + " logs";
            return cells >= expected.size() && logs >= 3;
          } catch (StoreUnavailableException e) {
            // a daily index just created: its shard is not searchable yet
            state[0] = e.getMessage();
            return false;
          }
        },
        () -> state[0]);
  }

  // --- HTTP

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send(server, path);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void assertError(String path, int status, String message) throws Exception {
    HttpResponse<String> response = send(server, path);
    assertThat(response.statusCode()).as(path).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("error").asText()).contains(message);
  }

  private static HttpResponse<String> send(DashboardServer target, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> requestIds(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("records").forEach(r -> ids.add(r.path("request_id").asText()));
    return ids;
  }

  private static List<String> names(CellField[] fields) {
    List<String> names = new ArrayList<>();
    for (CellField f : fields) {
      names.add(f.storeName());
    }
    return names;
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
