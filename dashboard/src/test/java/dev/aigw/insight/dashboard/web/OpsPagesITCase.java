package dev.aigw.insight.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.dashboard.api.AlertsApi;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.pipeline.PipelineApi;
import dev.aigw.insight.dashboard.pipeline.PipelineReader;
import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.alerts.AlertStore;
import dev.aigw.insight.dashboard.read.alerts.JobWrittenAlerts;
import dev.aigw.insight.dashboard.read.alerts.OpenSearchAlertStore;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import dev.aigw.insight.schema.alert.AlertStoreNames;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alerts and Pipeline pages in a real headless Chromium. A real embedded OpenSearch holds alert
 * events written by the job's own alert sink and the cells of two services that the real job, still
 * running on a MiniCluster of its own, made from OpenTelemetry SDK traffic; the dashboard reads the
 * job's health from that MiniCluster's Flink REST API. Checked: firing now and the history
 * (telemetry text shown as text), the link to the service at the alert's minute, the firing badge
 * on the services list, the Pipeline page's ingest (exactly the points and log records sent) and
 * its messages without a Flink REST address or with one that does not answer. Screenshots as {@link
 * DashboardPageITCase}'s.
 */
class OpsPagesITCase {

  private static final long MS = WholeJobOnOpenSearch.MS;
  private static final long MIN = 60_000;
  private static final String SERVICE = "gw-ops";
  private static final String CALM = "gw-calm";
  private static final String XSS = "<img src=x onerror=alert(1)>";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * What the gateways export once each: gw-ops 2 answered requests (a duration and input and output
   * tokens each: 3 points) and 1 failed (a duration only), gw-calm 1 answered: 10 points; and the 4
   * access logs of {@link WholeJobOnOpenSearch#sendAccessLogs}.
   */
  private static final int POINTS_SENT = 10;

  private static final int LOG_RECORDS_SENT = 4;

  private static final Path IMAGES = screenshotFolder();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static JobClient job;
  private static OpenSearchTelemetryStore store;
  private static AlertStore alerts;
  private static DashboardServer server;
  private static DashboardServer noFlinkServer;
  private static DashboardServer flinkDownServer;
  private static Browser browser;
  private static URI flinkRest;

  /**
   * The two gateways stay open until the job has stopped: an SDK closing exports once more, which
   * would add to what the test counts as sent.
   */
  private static GatewaySimulator ops;

  private static GatewaySimulator calm;
  private static AlertEvent firing;
  private static AlertEvent calmResolved;
  private static AlertEvent teamBudget;

  @BeforeAll
  static void startTheJobSendTrafficAndWriteAlerts(@TempDir Path checkpoints) throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
    writeAlerts(minuteEndMs);

    int port = FreePort.range(1);
    WholeJobOnOpenSearch whole = new WholeJobOnOpenSearch(openSearch);
    job = whole.start(withRestApi(whole.configuration(port, checkpoints)), port, "ops-pages");
    long exportNanos = (minuteEndMs - 1_000) * MS;
    ops = WholeJobOnOpenSearch.gateway(port, SERVICE, Temporality.DELTA, exportNanos - 40_000 * MS);
    ops.submit(
            WholeJobOnOpenSearch.secondsBefore(exportNanos, 30, "openai", "gpt-4o")
                .latency(0.75)
                .tokens(1200, 300))
        .submit(
            WholeJobOnOpenSearch.secondsBefore(exportNanos, 20, "anthropic", "claude-sonnet-4-5")
                .latency(2.5)
                .tokens(4000, 512))
        .submit(
            WholeJobOnOpenSearch.secondsBefore(exportNanos, 10, "openai", "gpt-4o-mini")
                .latency(0.0625)
                .failed());
    ops.exportAt(exportNanos);
    calm = WholeJobOnOpenSearch.gateway(port, CALM, Temporality.DELTA, exportNanos - 40_000 * MS);
    calm.submit(
        WholeJobOnOpenSearch.secondsBefore(exportNanos, 15, "openai", "gpt-4o")
            .latency(0.5)
            .tokens(100, 50));
    calm.exportAt(exportNanos);
    WholeJobOnOpenSearch.sendAccessLogs(port, SERVICE, minuteEndMs - 5_000);

    store = new OpenSearchTelemetryStore(OpenSearchReadOptions.of(List.of(openSearch.httpUri())));
    awaitServices(minuteEndMs - MIN);
    alerts =
        new OpenSearchAlertStore(
            OpenSearchReadOptions.of(List.of(openSearch.httpUri())),
            AlertStoreNames.DEFAULT_INDEX_PREFIX);
    Await.value(
        Duration.ofSeconds(60),
        "the 4 alert events searchable",
        () -> alerts.events(minuteEndMs - 60 * MIN, minuteEndMs + MIN, null, 10).size(),
        n -> n == 4);

    QueryApi query = new QueryApi(store);
    AlertsApi alertsApi = new AlertsApi(alerts);
    PipelineApi pipeline = new PipelineApi(PipelineReader.of(flinkRest, Duration.ofSeconds(5)));
    server =
        DashboardServer.start(
            "127.0.0.1",
            0,
            null,
            routes -> {
              query.register(routes);
              alertsApi.register(routes);
              pipeline.register(routes);
            });
    noFlinkServer = DashboardServer.start("127.0.0.1", 0, null, new PipelineApi(null));
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    flinkDownServer =
        DashboardServer.start(
            "127.0.0.1",
            0,
            null,
            new PipelineApi(
                PipelineReader.of(
                    URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(2))));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (job != null) {
        WholeJobOnOpenSearch.stop(job);
      }
    } finally {
      for (GatewaySimulator gateway : new GatewaySimulator[] {ops, calm}) {
        if (gateway != null) {
          gateway.close();
        }
      }
      for (AutoCloseable c :
          new AutoCloseable[] {
            browser, server, noFlinkServer, flinkDownServer, store, alerts, openSearch
          }) {
        if (c != null) {
          c.close();
        }
      }
    }
  }

  @Test
  void theAlertsPageShowsWhatFiresNowAndTheHistoryAsText() {
    browser.open(page(server, "?page=alerts&range=1h"));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.find("#nav-alerts").getAttribute("class")).contains("active");
    String row = "#firing-table tr[data-alert-id='" + firing.alertId + "'] ";
    assertThat(browser.all("#firing-table tbody tr")).hasSize(2);
    assertThat(browser.text(row + "td[data-col=rule]")).isEqualTo("checkout-errors");
    assertThat(browser.text(row + "td[data-col=kind]")).isEqualTo("threshold");
    assertThat(browser.text(row + "td[data-col=entity]")).isEqualTo("service=" + SERVICE);
    assertThat(browser.text(row + "td[data-col=severity] .badge")).isEqualTo("page");
    assertThat(browser.text(row + "td[data-col=severity] .status")).isEqualTo("firing");
    assertThat(browser.text(row + "td[data-col=start]")).isEqualTo(minute(firing.startMs));
    assertThat(browser.text(row + "td[data-col=end]")).isEqualTo("firing");
    assertThat(browser.text(row + "td[data-col=value]")).isEqualTo("0.25 / 0.1");
    // the hostile text of the message is shown, never parsed
    assertThat(browser.text(row + "td[data-col=message]")).isEqualTo(firing.message);
    assertThat(browser.all("#main img")).isEmpty();

    String calm = "#history-table tr[data-alert-id='" + calmResolved.alertId + "'] ";
    assertThat(browser.all("#history-table tbody tr")).hasSize(3);
    assertThat(browser.text(calm + "td[data-col=severity] .badge")).isEqualTo("ticket");
    assertThat(browser.text(calm + "td[data-col=severity] .status")).isEqualTo("resolved");
    assertThat(browser.text(calm + "td[data-col=end]")).isEqualTo(minute(calmResolved.eventTimeMs));
    assertThat(browser.text(calm + "td[data-col=value]")).isEqualTo("3,000 / 2,000");
    assertThat(browser.text(calm + "td[data-col=message]"))
        .isEqualTo(
            "slow-first-token firing for service=gw-calm,model=gpt-4o\n"
                + "first tokens of gpt-4o slow since the deploy");
    assertThat(browser.text("#alerts-count")).isEqualTo("3 alerts");
    browser.screenshot(IMAGES.resolve("dashboard-alerts.png"));

    // the alert's service, half an hour either side of its minute
    browser.find(row + "a.service-at").click();
    browser.awaitSettled();
    assertThat(browser.search())
        .contains("page=service")
        .contains("service=" + SERVICE)
        .contains("range=custom")
        .contains("from=" + isoMinute(firing.minuteMs - 30 * MIN).replace(":", "%3A"));
    assertThat(browser.text("#service-name")).isEqualTo(SERVICE);
  }

  @Test
  void anAlertAcrossServicesLinksToTheSpendOfItsAttribute() {
    browser.open(page(server, "?page=alerts&range=1h"));
    assertThat(browser.status()).isEqualTo("ready");
    String row = "#firing-table tr[data-alert-id='" + teamBudget.alertId + "'] ";
    assertThat(browser.text(row + "td[data-col=entity]")).isEqualTo("team.id=pay,ments");
    assertThat(browser.all(row + "a.service-at")).isEmpty();
    // the value (telemetry text, with a comma) is shown whole, after the attribute's name
    assertThat(browser.text(row + "a.spend-at"))
        .isEqualTo("team.id pay,ments @ " + minute(teamBudget.minuteMs).substring(11));

    browser.find(row + "a.spend-at").click();
    browser.awaitSettled();
    assertThat(browser.search())
        .contains("page=spend")
        .contains("attribute=team.id")
        .contains("range=custom")
        .contains("from=" + isoMinute(teamBudget.minuteMs - 30 * MIN).replace(":", "%3A"))
        .doesNotContain("service=");
    assertThat(browser.find("#nav-spend").getAttribute("class")).contains("active");
  }

  @Test
  void theServicesListMarksTheServiceWithAFiringAlert() {
    browser.open(page(server, "?range=15m"));
    assertThat(browser.status()).isEqualTo("ready");
    String ops = "#services-table tr[data-service='" + SERVICE + "'] ";
    assertThat(browser.text(ops + ".alert-badge")).isEqualTo("1 firing");
    assertThat(browser.find(ops + ".alert-badge").getAttribute("href")).contains("page=alerts");
    // gw-calm's alert resolved: no badge
    assertThat(browser.all("#services-table tr[data-service='" + CALM + "'] .alert-badge"))
        .isEmpty();
    assertThat(browser.text("#services-table tr[data-service='" + CALM + "'] td[data-col=service]"))
        .isEqualTo(CALM);
    browser.screenshot(IMAGES.resolve("dashboard-services-alert-badge.png"));
    browser.find(ops + ".alert-badge").click();
    browser.awaitSettled();
    assertThat(browser.search()).contains("page=alerts").contains("range=15m");
  }

  @Test
  void thePipelinePageShowsTheIngestOfTheTrafficSent() throws Exception {
    // the API first: exactly what the gateways sent, read through Flink's REST API
    JsonNode answer =
        Await.value(
            Duration.ofSeconds(90),
            "Flink's REST API to count every point and log record sent",
            () -> get(server, "/api/pipeline"),
            p ->
                p.path("metrics").path("pointsReceived").path("value").asLong() >= POINTS_SENT
                    && p.path("metrics").path("logRecordsReceived").path("value").asLong()
                        >= LOG_RECORDS_SENT);
    assertThat(answer.path("status").asText()).isEqualTo("ok");
    assertThat(answer.path("job").path("name").asText()).isEqualTo("ops-pages");
    assertThat(answer.path("job").path("state").asText()).isEqualTo("RUNNING");
    assertThat(answer.path("metrics").path("pointsReceived").path("value").asLong())
        .as("%s", answer)
        .isEqualTo(POINTS_SENT);
    assertThat(answer.path("metrics").path("logRecordsReceived").path("value").asLong())
        .isEqualTo(LOG_RECORDS_SENT);
    assertThat(answer.path("metrics").path("genaiPointsDecoded").path("value").asLong())
        .isEqualTo(POINTS_SENT);
    assertThat(answer.path("metrics").path("genaiWatermarkLagMs").path("value").isNumber())
        .isTrue();
    assertThat(answer.path("checkpoints").path("completed").asLong()).isPositive();
    assertThat(answer.path("vertices").size()).isPositive();

    browser.open(page(server, "?page=pipeline"));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.text("[data-metric=pointsReceived] .card-value")).isEqualTo("10");
    assertThat(browser.text("[data-metric=logRecordsReceived] .card-value")).isEqualTo("4");
    assertThat(browser.text("[data-metric=checkpoint] .card-value")).isNotEqualTo("none yet");
    assertThat(browser.text("#pipeline-job")).startsWith("ops-pages · RUNNING");
    assertThat(browser.all("#vertices-table tbody tr")).isNotEmpty();
    // the API's rates: the change since an earlier read at least 5 s before that has the counter
    // (no traffic since: 0); the test's first reads may predate Flink's first report of it
    JsonNode again =
        Await.value(
            Duration.ofSeconds(30),
            "a read of /api/pipeline with the rate of pointsReceived",
            () -> get(server, "/api/pipeline"),
            p -> p.path("metrics").path("pointsReceived").path("rate").isNumber());
    assertThat(again.path("rate_window_s").asDouble()).as("%s", again).isGreaterThanOrEqualTo(5);
    assertThat(again.path("metrics").path("pointsReceived").path("rate").isNumber())
        .as("%s", again)
        .isTrue();
    assertThat(again.path("metrics").path("pointsReceived").path("rate").asDouble()).isZero();
    // the page reads again by itself every 10 s; its next read shows the rate
    String[] seen = {"nothing"};
    boolean rated =
        Await.upTo(
            Duration.ofSeconds(60),
            () -> {
              try {
                String sub = browser.text("[data-metric=pointsReceived] .card-sub");
                seen[0] =
                    sub
                        + " after "
                        + browser.script("return document.body.dataset.renders;")
                        + " renders";
                return sub.endsWith("/ s");
              } catch (org.openqa.selenium.WebDriverException rendering) {
                seen[0] = rendering.toString();
                return false;
              }
            });
    assertThat(rated).as("the rate on the page, last seen: %s", seen[0]).isTrue();
    assertThat(browser.text("[data-metric=pointsReceived] .card-sub")).isEqualTo("0 / s");
    browser.screenshot(IMAGES.resolve("dashboard-pipeline.png"));
  }

  @Test
  void withoutAFlinkRestAddressOrWhenItIsDownThePipelineSaysSo() {
    browser.open(page(noFlinkServer, "?page=pipeline"));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.find("#pipeline-message").getAttribute("data-status"))
        .isEqualTo("not-configured");
    assertThat(browser.text("#pipeline-message h2")).isEqualTo("No Flink REST address configured");
    assertThat(browser.text("#pipeline-message")).contains("--dashboard.flink-rest");
    browser.screenshot(IMAGES.resolve("dashboard-pipeline-not-configured.png"));

    browser.open(page(flinkDownServer, "?page=pipeline"));
    assertThat(browser.find("#pipeline-message").getAttribute("data-status"))
        .isEqualTo("unreachable");
    assertThat(browser.text("#pipeline-message .error-text")).contains("cannot be reached");
  }

  // --- setup

  /**
   * A firing alert of gw-ops (its message carries a hostile model name) and a ticket of gw-calm
   * that fired and resolved, all in the last hour, through the job's own alert sink.
   */
  private static void writeAlerts(long minuteEndMs) throws Exception {
    firing =
        JobWrittenAlerts.event(
            "checkout-errors",
            "threshold",
            "page",
            SERVICE,
            "service=" + SERVICE,
            AlertStatus.FIRING,
            minuteEndMs - 10 * MIN,
            minuteEndMs - 10 * MIN,
            0.25,
            0.1,
            "checkout-errors firing for service=" + SERVICE + ": error_rate of " + XSS + " 0.25",
            null);
    String entity = "service=" + CALM + ",model=gpt-4o";
    AlertEvent calmFiring =
        JobWrittenAlerts.event(
            "slow-first-token",
            "threshold",
            "ticket",
            CALM,
            entity,
            AlertStatus.FIRING,
            minuteEndMs - 40 * MIN,
            minuteEndMs - 40 * MIN,
            3000,
            2000,
            "slow-first-token firing for " + entity,
            "first tokens of gpt-4o slow since the deploy");
    calmResolved =
        JobWrittenAlerts.event(
            "slow-first-token",
            "threshold",
            "ticket",
            CALM,
            entity,
            AlertStatus.RESOLVED,
            minuteEndMs - 40 * MIN,
            minuteEndMs - 30 * MIN,
            1500,
            2000,
            "slow-first-token resolved for " + entity,
            null);
    // a team's budget across all services: its entity names no service
    teamBudget =
        JobWrittenAlerts.event(
            "team-budget",
            "budget",
            "ticket",
            "",
            "team.id=pay,ments",
            AlertStatus.FIRING,
            minuteEndMs - 5 * MIN,
            minuteEndMs - 5 * MIN,
            0.8,
            0.8,
            "team-budget firing for team.id=pay,ments: 80 % of the month's budget",
            null);
    JobWrittenAlerts.toOpenSearch(
        openSearch.httpUri(), List.of(firing, calmFiring, calmResolved, teamBudget));
  }

  /** Waits until both services' cells of the traffic's minute are stored. */
  private static void awaitServices(long minute) throws InterruptedException {
    Await.value(
        Duration.ofSeconds(120),
        "the cells of both services",
        () -> {
          try {
            return store
                .totals(
                    CellQuery.of(Scope.SERVICE, Dimension.ALL, minute, minute + MIN),
                    CellTag.SERVICE,
                    10)
                .stream()
                .map(RangeTotals::group)
                .sorted()
                .toList();
          } catch (StoreUnavailableException e) {
            return List.of(e.getMessage());
          }
        },
        services -> services.equals(List.of(CALM, SERVICE)));
  }

  /**
   * The job runs on a MiniCluster of its own: its REST API on a free loopback port (the address a
   * job's operator gives the dashboard), the web monitor's copy of the metrics refreshed every
   * second (default 10 s).
   */
  private static Configuration withRestApi(Configuration conf) {
    int restPort = FreePort.range(1);
    conf.setString("rest.address", "127.0.0.1");
    conf.setString("rest.bind-address", "127.0.0.1");
    conf.setString("rest.port", Integer.toString(restPort));
    conf.setString("rest.bind-port", Integer.toString(restPort));
    conf.setString("metrics.fetcher.update-interval", "1 s");
    flinkRest = URI.create("http://127.0.0.1:" + restPort);
    return conf;
  }

  private static String page(DashboardServer target, String query) {
    return "http://127.0.0.1:" + target.port() + "/" + query;
  }

  private static JsonNode get(DashboardServer target, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** A minute as format.js writes it: 2026-12-06 11:05 (UTC). */
  private static String minute(long ms) {
    return isoMinute(ms).replace('T', ' ').replace("Z", "");
  }

  /** A minute as state.js puts it in the URL: 2026-12-06T11:05Z. */
  private static String isoMinute(long ms) {
    return java.time.Instant.ofEpochMilli(ms).toString().substring(0, 16) + "Z";
  }

  private static Path screenshotFolder() {
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    String asked = System.getProperty("dashboard.screenshots");
    if (asked == null || asked.isBlank()) {
      return module.resolve("target/screenshots");
    }
    return module.resolve("..").resolve(asked).normalize();
  }
}
