package dev.aigw.insight.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.dashboard.read.alerts.AlertScenario;
import dev.aigw.insight.dashboard.read.alerts.JobWrittenAlerts;
import dev.aigw.insight.dashboard.read.alerts.OpenSearchAlertStore;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStoreNames;
import dev.aigw.insight.testing.Await;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/alerts} over a real embedded OpenSearch holding alert events written by the job's own
 * OpenSearch sink, document converter and index template ({@link JobWrittenAlerts}): firing now,
 * the history's rows with their start and end, paging, the service filter, the refusals (400) and a
 * store that is down (503). The API runs on a fixed clock, 30 s after the scenario's minute.
 */
class AlertsApiITCase {

  private static final long T = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private static final long MIN = AlertScenario.MIN;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static DashboardServer server;
  private static DashboardServer downServer;
  private static final AlertScenario S = new AlertScenario(T);

  @BeforeAll
  static void writeTheAlertsWithTheJobsSink() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    JobWrittenAlerts.toOpenSearch(openSearch.httpUri(), S.all());
    OpenSearchAlertStore store =
        new OpenSearchAlertStore(
            OpenSearchReadOptions.of(List.of(openSearch.httpUri())),
            AlertStoreNames.DEFAULT_INDEX_PREFIX);
    // the sink's bulk requests are acknowledged; the documents are searchable after a refresh
    Await.value(
        Duration.ofSeconds(60),
        "the 4 alert events searchable",
        () -> store.events(T - 3 * 24 * 60 * MIN, T + MIN, null, 100).size(),
        n -> n == 4);
    server = DashboardServer.start("127.0.0.1", 0, null, new AlertsApi(store, () -> T + 30_000));
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    downServer =
        DashboardServer.start(
            "127.0.0.1",
            0,
            null,
            new AlertsApi(
                new OpenSearchAlertStore(
                    OpenSearchReadOptions.of(List.of(URI.create("http://127.0.0.1:" + closed))),
                    AlertStoreNames.DEFAULT_INDEX_PREFIX),
                () -> T + 30_000));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {server, downServer, openSearch}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void firingNowIsEveryAlertWhoseLatestEventFiresOverTheLookback() throws Exception {
    JsonNode body = get("/api/alerts?state=firing");
    assertThat(body.path("state").asText()).isEqualTo("firing");
    assertThat(body.path("now").asLong()).isEqualTo(T + 30_000);
    assertThat(body.path("truncated").asBoolean()).isFalse();
    // the outage resolved; the budget alert fired two days ago and still fires
    assertThat(ids(body)).containsExactly(S.checkoutErrors.alertId, S.searchBudget.alertId);
    assertThat(body.path("services").toString()).isEqualTo("{\"checkout\":1,\"search\":1}");
    JsonNode a = body.path("alerts").path(0);
    assertRow(a, S.checkoutErrors, null);
    assertThat(a.path("status").asText()).isEqualTo("firing");

    JsonNode search = get("/api/alerts?state=firing&service=search");
    assertThat(ids(search)).containsExactly(S.searchBudget.alertId);
    assertRow(search.path("alerts").path(0), S.searchBudget, null);
  }

  @Test
  void theHistoryHasOneRowPerAlertWithItsStartAndEnd() throws Exception {
    JsonNode body = get("/api/alerts?range=1h");
    assertThat(body.path("state").asText()).isEqualTo("all");
    assertThat(body.path("from").asLong()).isEqualTo(T - 59 * MIN);
    assertThat(body.path("to").asLong()).isEqualTo(T + MIN);
    assertThat(body.path("total").asInt()).isEqualTo(2);
    assertThat(ids(body)).containsExactly(S.checkoutErrors.alertId, S.outageFiring.alertId);
    JsonNode outage = body.path("alerts").path(1);
    // what fired (value, threshold, message, reason of the firing event), ended by the resolution
    assertRow(outage, S.outageFiring, T - 40 * MIN);
    assertThat(outage.path("status").asText()).isEqualTo("resolved");
    assertThat(outage.path("reason").asText())
        .isEqualTo("4 failed requests in the kept access logs; status codes: 503×3, 429×1");
    assertThat(outage.path("resolved_message").asText())
        .isEqualTo("provider-outage resolved for service=checkout,provider=openai");
    assertThat(body.path("alerts").path(0).path("end_ms").isNull()).isTrue();

    // the budget alert's start lies in a custom range two days back
    JsonNode older =
        get("/api/alerts?from=" + (T - 2 * 24 * 60 * MIN) + "&to=" + (T - 2 * 24 * 60 * MIN + MIN));
    assertThat(ids(older)).containsExactly(S.searchBudget.alertId);
    // a range longer than the minute cells' 7 days: the events' stream is read whole
    JsonNode quarter = get("/api/alerts?range=90d");
    assertThat(quarter.path("total").asInt()).isEqualTo(3);
    assertThat(ids(quarter)).contains(S.searchBudget.alertId, S.outageFiring.alertId);
  }

  @Test
  void theHistoryIsPagedAndFilteredByService() throws Exception {
    JsonNode second = get("/api/alerts?state=all&range=1h&size=1&page=1");
    assertThat(second.path("total").asInt()).isEqualTo(2);
    assertThat(second.path("page").asInt()).isEqualTo(1);
    assertThat(second.path("size").asInt()).isEqualTo(1);
    assertThat(ids(second)).containsExactly(S.outageFiring.alertId);
    assertThat(ids(get("/api/alerts?range=1h&size=1&page=2"))).isEmpty();
    assertThat(get("/api/alerts?range=1h&service=search").path("total").asInt()).isZero();
    assertThat(get("/api/alerts?range=7d&service=search").path("total").asInt()).isEqualTo(1);
  }

  @Test
  void badParametersAreRefusedWithTheirReason() throws Exception {
    assertError(server, "/api/alerts?state=pending", 400, "state must be firing or all");
    assertError(server, "/api/alerts?range=1x", 400, "range '1x' is not a duration");
    // the history reads the alert events' whole retention (90 days), not the minute cells' 7
    assertError(
        server, "/api/alerts?range=91d", 400, "longer than the alert events' retention of 90 d");
    assertError(server, "/api/alerts?size=0", 400, "size must be between 1 and 500");
    assertError(server, "/api/alerts?page=x", 400, "page must be a whole number");
  }

  @Test
  void aStoreThatIsDownAnswers503() throws Exception {
    assertError(downServer, "/api/alerts?state=firing", 503, "cannot be reached");
    assertError(downServer, "/api/alerts?range=1h", 503, "cannot be reached");
  }

  // --- helpers

  private static void assertRow(JsonNode row, AlertEvent firing, Long endMs) {
    assertThat(row.path("alert_id").asText()).isEqualTo(firing.alertId);
    assertThat(row.path("rule_id").asText()).isEqualTo(firing.ruleId);
    assertThat(row.path("kind").asText()).isEqualTo(firing.kind);
    assertThat(row.path("severity").asText()).isEqualTo(firing.severity);
    assertThat(row.path("entity").asText()).isEqualTo(firing.entity);
    assertThat(row.path("service").asText()).isEqualTo(firing.service);
    assertThat(row.path("start_ms").asLong()).isEqualTo(firing.startMs);
    assertThat(row.path("minute_ms").asLong()).isEqualTo(firing.minuteMs);
    assertThat(row.path("value").asDouble()).isEqualTo(firing.value);
    assertThat(row.path("threshold").asDouble()).isEqualTo(firing.threshold);
    assertThat(row.path("message").asText()).isEqualTo(firing.message);
    if (endMs == null) {
      assertThat(row.path("end_ms").isNull()).isTrue();
    } else {
      assertThat(row.path("end_ms").asLong()).isEqualTo(endMs);
    }
  }

  private static List<String> ids(JsonNode body) {
    List<String> ids = new ArrayList<>();
    body.path("alerts").forEach(a -> ids.add(a.path("alert_id").asText()));
    return ids;
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send(server, path);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void assertError(DashboardServer target, String path, int status, String message)
      throws Exception {
    HttpResponse<String> response = send(target, path);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("error").asText()).contains(message);
  }

  private static HttpResponse<String> send(DashboardServer target, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
