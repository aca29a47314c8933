package dev.aigw.insight.dashboard.api;

import static dev.aigw.insight.dashboard.read.attribution.AttributedTraffic.ATTRIBUTE;
import static dev.aigw.insight.dashboard.read.attribution.AttributedTraffic.SERVICE_A;
import static dev.aigw.insight.dashboard.read.attribution.AttributedTraffic.SERVICE_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.dashboard.read.attribution.AttributedTraffic;
import dev.aigw.insight.dashboard.read.attribution.OpenSearchAttributionStore;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.source.otlp.testing.FreePort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attribution endpoints over a real embedded OpenSearch that the real job (attribution by
 * {@code team.id}) filled from OpenTelemetry SDK traffic of three teams and of requests without a
 * team, on two gateways ({@link AttributedTraffic}). Every number of every answer is compared with
 * the cells the traffic implies, and the values of a service add up to the service's own totals as
 * {@code /api/summary} reads them from the minute cells.
 */
class AttributionApiITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> TEAMS = Arrays.asList("red", "green", "blue", null);

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static DashboardServer server;
  private static DashboardServer serverOnDownStore;
  private static AttributedTraffic traffic;

  @BeforeAll
  static void fillTheStoreWithTheRealJob(@TempDir Path checkpoints) throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    traffic = AttributedTraffic.fill(openSearch, checkpoints, TEAMS, "dashboard-attribution-api");
    OpenSearchReadOptions options = OpenSearchReadOptions.of(List.of(openSearch.httpUri()));
    long now = traffic.minute + 90_000; // range=15m covers the traffic's minute (index 13)
    server =
        DashboardServer.start(
            "127.0.0.1",
            0,
            null,
            ApiRoutes.all(
                new QueryApi(new OpenSearchTelemetryStore(options), () -> now),
                new AttributionApi(
                    new OpenSearchAttributionStore(
                        options, AttributionStoreNames.DEFAULT_INDEX_PREFIX),
                    List.of(ATTRIBUTE, "tenant.id"),
                    List.of(),
                    () -> now)));
    OpenSearchReadOptions down =
        OpenSearchReadOptions.of(List.of(URI.create("http://127.0.0.1:" + FreePort.range(1))));
    serverOnDownStore =
        DashboardServer.start(
            "127.0.0.1",
            0,
            null,
            new AttributionApi(
                new OpenSearchAttributionStore(down, AttributionStoreNames.DEFAULT_INDEX_PREFIX),
                List.of(ATTRIBUTE),
                List.of(),
                () -> now));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {server, serverOnDownStore, openSearch}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void attributesAreTheConfiguredAndTheSeenOnes() throws Exception {
    JsonNode answer = get("/api/attribution/attributes?range=15m");
    assertThat(texts(answer.path("configured"))).containsExactly(ATTRIBUTE, "tenant.id");
    assertThat(texts(answer.path("seen"))).containsExactly(ATTRIBUTE);
    assertThat(texts(answer.path("attributes"))).containsExactly(ATTRIBUTE, "tenant.id");
    // before the traffic: configured only
    JsonNode before =
        get(
            "/api/attribution/attributes?from="
                + (traffic.minute - 600_000)
                + "&to="
                + traffic.minute);
    assertThat(texts(before.path("seen"))).isEmpty();
    assertThat(texts(before.path("attributes"))).containsExactly(ATTRIBUTE, "tenant.id");
  }

  @Test
  void aServicesBreakdownIsExactPerValueAndAddsUpToTheService() throws Exception {
    for (String service : List.of(SERVICE_A, SERVICE_B)) {
      JsonNode answer =
          get("/api/attribution/breakdown?range=15m&attribute=team.id&service=" + service);
      assertThat(answer.path("service").asText()).isEqualTo(service);
      assertThat(answer.path("attribute").asText()).isEqualTo(ATTRIBUTE);
      List<String> expectedValues = new ArrayList<>();
      for (String value : traffic.values()) {
        if (traffic.valueCell(value, service) != null) {
          expectedValues.add(value);
        }
      }
      // most cost first
      expectedValues.sort(
          Comparator.comparingLong((String v) -> -traffic.valueCell(v, service).costPicos));
      JsonNode values = answer.path("values");
      assertThat(texts(values, "value")).as(service).containsExactlyElementsOf(expectedValues);
      long serviceCost = traffic.serviceCell(service).costPicos;
      for (JsonNode row : values) {
        String value = row.path("value").asText();
        MinuteCell cell = traffic.valueCell(value, service);
        assertSummary(row.path("summary"), List.of(cell), 15);
        assertThat(row.path("cost_share").asDouble())
            .isEqualTo((double) cell.costPicos / serviceCost);
        if (value.equals("none")) {
          assertThat(row.path("placeholder").asText()).isEqualTo("none");
        } else {
          assertThat(row.path("placeholder").isNull()).isTrue();
        }
      }
      // the values add up to the service: the expected cell, and the service's own summary
      assertSummary(answer.path("total"), List.of(traffic.serviceCell(service)), 15);
      JsonNode summary = get("/api/summary?range=15m&service=" + service).path("summary");
      for (CellField f : CellField.values()) {
        if (f.isAdditive() && f.type() == CellField.Type.INTEGER) {
          assertThat(answer.path("total").path(f.storeName()).asLong())
              .as("%s %s", service, f.storeName())
              .isEqualTo(summary.path(f.storeName()).asLong());
        }
      }
      assertThat(answer.path("total").path("latency_sum_ms").asDouble())
          .isEqualTo(summary.path("latency_sum_ms").asDouble());
    }
  }

  @Test
  void spendIsPerValueAcrossServicesWithItsTopServicesAndModels() throws Exception {
    JsonNode answer = get("/api/attribution/spend?range=15m&attribute=team.id");
    JsonNode values = answer.path("values");
    assertThat(values).hasSize(traffic.values().size());
    long previousCost = Long.MAX_VALUE;
    for (JsonNode row : values) {
      String value = row.path("value").asText();
      List<MinuteCell> cells = new ArrayList<>();
      for (String service : List.of(SERVICE_A, SERVICE_B)) {
        MinuteCell cell = traffic.valueCell(value, service);
        if (cell != null) {
          cells.add(cell);
        }
      }
      assertSummary(row.path("summary"), cells, 15);
      long cost = row.path("summary").path("cost_picos").asLong();
      assertThat(cost).isLessThanOrEqualTo(previousCost);
      previousCost = cost;
      // top services by cost, each with its exact cost
      List<MinuteCell> byCost = new ArrayList<>(cells);
      byCost.sort(Comparator.comparingLong((MinuteCell c) -> -c.costPicos));
      JsonNode services = row.path("services");
      assertThat(texts(services, "service"))
          .containsExactlyElementsOf(byCost.stream().map(c -> c.service).toList());
      for (int i = 0; i < byCost.size(); i++) {
        assertThat(services.get(i).path("cost_picos").asLong()).isEqualTo(byCost.get(i).costPicos);
        assertThat(services.get(i).path("requests").asLong()).isEqualTo(byCost.get(i).requests);
      }
      // top models: the value's model cells over both services
      JsonNode models = row.path("models");
      assertThat(models.size()).isPositive();
      for (JsonNode m : models) {
        long modelCost = 0;
        long modelRequests = 0;
        for (String service : List.of(SERVICE_A, SERVICE_B)) {
          MinuteCell c =
              traffic.valueModelCell(
                  value, service, m.path("provider").asText(), m.path("model").asText());
          if (c != null) {
            modelCost += c.costPicos;
            modelRequests += c.requests;
          }
        }
        assertThat(m.path("cost_picos").asLong()).isEqualTo(modelCost);
        assertThat(m.path("requests").asLong()).isEqualTo(modelRequests).isPositive();
      }
    }
    // the first team is in both services; a team of gateway A only is not in B
    assertThat(texts(find(values, "red").path("services"), "service"))
        .containsExactlyInAnyOrder(SERVICE_A, SERVICE_B);
    assertThat(texts(find(values, "green").path("services"), "service")).containsExactly(SERVICE_A);
    assertThat(find(values, "none").path("placeholder").asText()).isEqualTo("none");
    // every value together: both services
    assertSummary(
        answer.path("total"),
        List.of(traffic.serviceCell(SERVICE_A), traffic.serviceCell(SERVICE_B)),
        15);
  }

  @Test
  void perValueSeriesGiveTheMinutesValues() throws Exception {
    JsonNode answer =
        get(
            "/api/attribution/series?range=15m&attribute=team.id&service="
                + SERVICE_A
                + "&fields=requests,errors,cost_picos,estimated_cost,latency_avg_ms");
    assertThat(answer.path("minutes")).hasSize(15);
    assertThat(answer.path("minutes").get(13).asLong()).isEqualTo(traffic.minute);
    JsonNode series = answer.path("series");
    assertThat(series).hasSize(traffic.values().size());
    for (JsonNode s : series) {
      MinuteCell cell = traffic.valueCell(s.path("value").asText(), SERVICE_A);
      JsonNode v = s.path("values");
      assertThat(v.path("requests").get(13).asLong()).isEqualTo(cell.requests);
      assertThat(v.path("requests").get(12).asLong()).isZero();
      assertThat(v.path("errors").get(13).asLong()).isEqualTo(cell.errors);
      assertThat(v.path("cost_picos").get(13).asLong()).isEqualTo(cell.costPicos);
      assertThat(v.path("estimated_cost").get(13).asDouble()).isEqualTo(cell.estimatedCost);
      assertThat(v.path("latency_avg_ms").get(13).asDouble()).isEqualTo(cell.latencyAvgMs);
      assertThat(v.path("latency_avg_ms").get(12).isNull()).isTrue();
    }
    // busiest first, at most limit
    JsonNode two = get("/api/attribution/series?range=15m&attribute=team.id&limit=2");
    assertThat(two.path("series")).hasSize(2);
  }

  @Test
  void badQueriesAreRefusedWithAClearMessage() throws Exception {
    assertError(
        "/api/attribution/breakdown?range=15m&service=" + SERVICE_A, 400, "attribute is required");
    assertError(
        "/api/attribution/breakdown?range=15m&attribute=team.id", 400, "service is required");
    assertError(
        "/api/attribution/spend?range=731d&attribute=team.id",
        400,
        "longer than the day cells' retention of 730 d");
    assertError(
        "/api/attribution/spend?range=15m&attribute=team.id&limit=0",
        400,
        "limit must be between 1 and 1000");
    assertError(
        "/api/attribution/series?range=15m&attribute=team.id&fields=cost",
        400,
        "unknown field 'cost'");
    assertError("/api/attribution/attributes?range=soon", 400, "is not a duration like 15m");
  }

  @Test
  void aStoreThatIsDownAnswers503WithTheStoresMessage() throws Exception {
    for (String path :
        List.of(
            "/api/attribution/attributes?range=15m",
            "/api/attribution/breakdown?range=15m&attribute=team.id&service=x",
            "/api/attribution/spend?range=15m&attribute=team.id")) {
      HttpResponse<String> response = send(serverOnDownStore, path);
      assertThat(response.statusCode()).as(path).isEqualTo(503);
      assertThat(JSON.readTree(response.body()).path("error").asText())
          .startsWith("OpenSearch at http://127.0.0.1:")
          .contains("cannot be reached");
    }
  }

  // --- expectations

  /** Every summary value equals that of the cells' sums (averages from sums and counts). */
  private static void assertSummary(JsonNode s, List<MinuteCell> cells, int rangeMinutes) {
    for (CellField f : CellField.values()) {
      if (f.isAdditive() && f.type() == CellField.Type.INTEGER) {
        long sum = cells.stream().mapToLong(c -> f.value(c).longValue()).sum();
        assertThat(s.path(f.storeName()).asLong()).as(f.storeName()).isEqualTo(sum);
      }
    }
    long requests = cells.stream().mapToLong(c -> c.requests).sum();
    long errors = cells.stream().mapToLong(c -> c.errors).sum();
    double latency = cells.stream().mapToDouble(c -> c.latencySumMs).sum();
    long ttftCount = cells.stream().mapToLong(c -> c.ttftCount).sum();
    double ttft = cells.stream().mapToDouble(c -> c.ttftSumMs).sum();
    long cost = cells.stream().mapToLong(c -> c.costPicos).sum();
    long savings = cells.stream().mapToLong(c -> c.cacheSavingsPicos).sum();
    assertThat(requests).isPositive();
    assertThat(s.path("error_rate").asDouble()).isEqualTo((double) errors / requests);
    assertThat(s.path("requests_per_minute").asDouble())
        .isEqualTo((double) requests / rangeMinutes);
    assertThat(s.path("latency_sum_ms").asDouble()).isEqualTo(latency);
    assertThat(s.path("latency_avg_ms").asDouble()).isEqualTo(latency / requests);
    if (ttftCount == 0) {
      assertThat(s.path("ttft_avg_ms").isNull()).isTrue();
    } else {
      assertThat(s.path("ttft_avg_ms").asDouble()).isEqualTo(ttft / ttftCount);
    }
    assertThat(s.path("estimated_cost").asDouble()).isEqualTo(cost / 1e12);
    assertThat(s.path("cache_savings").asDouble()).isEqualTo(savings / 1e12);
    assertThat(s.path("minutes_with_data").asLong()).isEqualTo(1);
  }

  private static JsonNode find(JsonNode rows, String value) {
    for (JsonNode row : rows) {
      if (Objects.equals(row.path("value").asText(), value)) {
        return row;
      }
    }
    throw new AssertionError("no row " + value + " in " + rows);
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

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> texts(JsonNode rows, String field) {
    List<String> out = new ArrayList<>();
    rows.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}
