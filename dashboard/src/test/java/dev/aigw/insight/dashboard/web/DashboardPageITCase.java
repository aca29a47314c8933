package dev.aigw.insight.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.LogQuery;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard page in a real headless Chromium, over the real query API and a real embedded
 * OpenSearch that the real job filled from OpenTelemetry SDK traffic with known values: the numbers
 * the page shows, its tabs, time range and refresh in the URL, a chart point opening the logs of
 * its minute, a hostile model name shown as text, the empty state and the store-down message
 * (through a port that goes down and comes back). Once per class; the screenshots in docs/images
 * come from here (written to target/screenshots unless {@code
 * -Ddashboard.screenshots=docs/images}).
 */
class DashboardPageITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MS = WholeJobOnOpenSearch.MS;
  private static final String SERVICE = "gw-web";
  private static final String XSS = "<img src=x onerror=alert(1)>";

  /**
   * Where the screenshots go: target/screenshots, or the folder the system property {@code
   * dashboard.screenshots} names, relative to the repository root ({@code
   * -Ddashboard.screenshots=docs/images} refreshes the docs' images).
   */
  private static final Path IMAGES = screenshotFolder();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static TcpForwarder storePort;
  private static OpenSearchTelemetryStore store;
  private static OpenSearchTelemetryStore emptyStore;
  private static DashboardServer server;
  private static DashboardServer emptyServer;
  private static Browser browser;
  private static MinuteCell serviceCell;
  private static long minute;

  @BeforeAll
  static void fillTheStoreWithTheRealJobAndStartTheBrowser(@TempDir Path checkpoints)
      throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    int port = FreePort.range(1);
    WholeJobOnOpenSearch whole = new WholeJobOnOpenSearch(openSearch);
    JobClient job = whole.start(whole.configuration(port, checkpoints), port, "dashboard-page");
    try {
      long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
      minute = minuteEndMs - 60_000;
      long exportNanos = (minuteEndMs - 1_000) * MS;
      GatewaySimulator gw =
          WholeJobOnOpenSearch.gateway(port, SERVICE, Temporality.DELTA, exportNanos - 40_000 * MS);
      gw.submit(
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
              WholeJobOnOpenSearch.secondsBefore(exportNanos, 15, "openai", XSS)
                  .latency(0.5)
                  .tokens(100, 50))
          .submit(
              WholeJobOnOpenSearch.secondsBefore(exportNanos, 10, "openai", "non-existent-model")
                  .latency(0.0625)
                  .failed());
      gw.exportAt(exportNanos);
      WholeJobOnOpenSearch.sendAccessLogs(port, SERVICE, minuteEndMs - 5_000);
      Map<String, ExpectedCell> expected = Expectation.of(PriceTable.loadDefault()).add(gw).cells();
      serviceCell =
          expected.values().stream()
              .map(e -> e.cell)
              .filter(c -> c.scope == Scope.SERVICE && c.dimension == Dimension.ALL)
              .findFirst()
              .orElseThrow();
      gw.close();
      OpenSearchTelemetryStore direct =
          new OpenSearchTelemetryStore(OpenSearchReadOptions.of(List.of(openSearch.httpUri())));
      awaitStored(direct, expected.size());
      direct.close();
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
    // the page reads the store through a port that the store-down test takes away
    storePort = TcpForwarder.to(openSearch.httpPort());
    store =
        new OpenSearchTelemetryStore(
            OpenSearchReadOptions.of(List.of(URI.create("http://127.0.0.1:" + storePort.port()))));
    server = DashboardServer.start("127.0.0.1", 0, null, new QueryApi(store));
    emptyStore =
        new OpenSearchTelemetryStore(
            OpenSearchReadOptions.of(List.of(openSearch.httpUri()))
                .withIndexPrefixes("no-cells", "no-logs"));
    emptyServer = DashboardServer.start("127.0.0.1", 0, null, new QueryApi(emptyStore));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c :
        new AutoCloseable[] {
          browser, server, emptyServer, store, emptyStore, storePort, openSearch
        }) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void theServicesRowShowsTheTrafficsNumbers() {
    // 5 requests (1 failed) in the range of 15 minutes; latencies 750, 250, 2500, 500, 62.5 ms
    assertThat(serviceCell.requests).isEqualTo(5);
    assertThat(serviceCell.errors).isEqualTo(1);
    assertThat(serviceCell.inputTokens).isEqualTo(6100);
    assertThat(serviceCell.outputTokens).isEqualTo(962);
    browser.open(page("?range=15m"));
    assertThat(browser.status()).isEqualTo("ready");
    String row = "#services-table tr[data-service='" + SERVICE + "'] ";
    assertThat(browser.text(row + "td[data-col=service]")).isEqualTo(SERVICE);
    assertThat(browser.text(row + "td[data-col=cpm] .value")).isEqualTo("0.3");
    assertThat(browser.text(row + "td[data-col=error-rate]")).isEqualTo("20 %");
    assertThat(browser.text(row + "td[data-col=latency-avg]")).isEqualTo("813 ms");
    assertThat(browser.text(row + "td[data-col=input-tpm]")).isEqualTo("407");
    assertThat(browser.text(row + "td[data-col=output-tpm]")).isEqualTo("64.1");
    assertThat(browser.text(row + "td[data-col=cost-per-hour]"))
        .isEqualTo(money(serviceCell.costPicos / 1e12 / 15 * 60));
    assertThat(browser.all(row + ".spark canvas")).hasSize(2);
    browser.screenshot(IMAGES.resolve("dashboard-services.png"));

    browser.find(row + "td[data-col=error-rate]").click();
    browser.awaitSettled();
    assertThat(browser.search()).contains("page=service").contains("service=" + SERVICE);
  }

  @Test
  void theOverviewShowsTheSummaryAndEachWidgetsLastPoint() {
    browser.open(page("?page=service&service=" + SERVICE + "&range=15m"));
    assertThat(browser.text("#service-name")).isEqualTo(SERVICE);
    assertThat(browser.text("[data-card=requests] .card-value")).isEqualTo("5");
    assertThat(browser.text("[data-card=error-rate] .card-value")).isEqualTo("20 %");
    assertThat(browser.text("[data-card=input-tokens] .card-value")).isEqualTo("6,100");
    assertThat(browser.text("[data-card=output-tokens] .card-value")).isEqualTo("962");
    assertThat(browser.text("[data-card=cost] .card-value"))
        .isEqualTo(money(serviceCell.costPicos / 1e12));
    assertThat(browser.text("[data-card=unpriced] .card-value"))
        .isEqualTo(String.format("%,d", serviceCell.unpricedTokens));
    assertThat(serviceCell.unpricedTokens).as("the hostile model is unpriced").isEqualTo(150);
    // the last point of the minute's charts
    assertThat(widgetLast("cpm")).isEqualTo("5");
    assertThat(widgetLast("error-rate")).isEqualTo("20 %");
    assertThat(widgetLast("latency-avg")).isEqualTo("813 ms");
    assertThat(widgetLast("input-tokens")).isEqualTo("6,100");
    assertThat(widgetLast("output-tokens")).isEqualTo("962");
    assertThat(widgetLast("ttft-avg")).isEqualTo("250 ms");
    assertThat(widgetLast("tpot-avg")).isEqualTo("31.3 ms");
    assertThat(widgetLast("cache-share"))
        .isEqualTo(percent((double) serviceCell.cachedInputTokens / serviceCell.inputTokens));
    assertThat(browser.find("[data-widget=cpm] .widget-last").getAttribute("data-minute"))
        .isEqualTo(Long.toString(minute));
    assertThat(browser.all(".widget")).hasSize(14);
    browser.screenshot(IMAGES.resolve("dashboard-overview.png"));
  }

  @Test
  void tabsSwitchAndTheHostileModelNameIsText() {
    browser.open(page("?page=service&service=" + SERVICE + "&range=15m"));
    clickTab("providers");
    assertThat(browser.search()).contains("tab=providers");
    assertThat(names("#providers-table", "provider")).containsExactly("openai", "anthropic");
    browser.screenshot(IMAGES.resolve("dashboard-providers.png"));

    clickTab("models");
    assertThat(browser.search()).contains("tab=models");
    assertThat(names("#models-table", "model")).contains("gpt-4o", "claude-sonnet-4-5", XSS);
    WebElement hostile =
        browser.all("#models-table tbody tr").stream()
            .filter(r -> r.getText().contains(XSS))
            .findFirst()
            .orElseThrow();
    assertThat(hostile.findElement(By.cssSelector("td[data-col=model] .name-text")).getText())
        .isEqualTo(XSS);
    assertThat(hostile.getText()).contains("unpriced");
    assertThat(browser.script("return document.querySelectorAll('main img').length")).isEqualTo(0L);
    browser.screenshot(IMAGES.resolve("dashboard-models.png"));

    clickTab("instances");
    assertThat(browser.search()).contains("tab=instances");
    String row = "#instances-table tr[data-instance='" + SERVICE + "-pod-1'] ";
    assertThat(browser.text(row + "td[data-col=errors]")).isEqualTo("1");
    assertThat(browser.text(row + "td[data-col=error-rate]")).isEqualTo("20 %");
    browser.screenshot(IMAGES.resolve("dashboard-instances.png"));
    browser.find(row + "td[data-col=cpm]").click();
    browser.awaitSettled();
    assertThat(browser.search()).contains("page=instance").contains("instance=gw-web-pod-1");
    assertThat(browser.text("#instance-name")).isEqualTo(SERVICE + "-pod-1");
    assertThat(widgetLast("cpm")).isEqualTo("5");
    browser.screenshot(IMAGES.resolve("dashboard-instance.png"));
  }

  @Test
  void theLogTableShowsTheKeptLogs() {
    browser.open(page("?page=service&service=" + SERVICE + "&tab=logs&range=15m"));
    List<WebElement> rows = browser.all("#logs-table tr.log-row");
    // sampling keeps the 404, the expensive request and the one without token counts
    assertThat(rows).hasSize(3);
    assertThat(browser.text("#logs-count")).isEqualTo("1–3 of 3 kept logs");
    assertThat(rows.stream().map(r -> r.findElement(By.cssSelector("[data-col=status]")).getText()))
        .containsExactlyInAnyOrder("404", "200", "200");
    WebElement expensive =
        rows.stream().filter(r -> r.getText().contains("9,000")).findFirst().orElseThrow();
    assertThat(expensive.findElement(By.cssSelector("[data-col=output]")).getText())
        .isEqualTo("1,500");
    assertThat(expensive.findElement(By.cssSelector("[data-col=duration]")).getText())
        .isEqualTo("250 ms");
    assertThat(expensive.findElement(By.cssSelector("[data-col=reason]")).getText())
        .isEqualTo("expensive");
    assertThat(expensive.findElement(By.cssSelector("[data-col=model]")).getText())
        .isEqualTo("gpt-4o");
    browser.screenshot(IMAGES.resolve("dashboard-logs.png"));

    new Select(browser.find("#log-filters select[name=status]")).selectByValue("4xx");
    browser.find("#log-filters button[type=submit]").click();
    browser.until(d -> browser.search().contains("status=4xx") ? true : null);
    browser.awaitSettled();
    assertThat(browser.all("#logs-table tr.log-row")).hasSize(1);
    assertThat(browser.text("#logs-table tr.log-row [data-col=reason]")).isEqualTo("error status");
  }

  @Test
  void timeRangeAndRefreshLiveInTheUrlAndChangeTheQuery() {
    browser.open(page("?range=15m"));
    assertThat(windowMinutes()).isEqualTo(15);
    new Select(browser.find("#range")).selectByValue("6h");
    browser.until(d -> browser.search().contains("range=6h") ? true : null);
    browser.awaitSettled();
    assertThat(windowMinutes()).isEqualTo(360);

    new Select(browser.find("#refresh")).selectByValue("10s");
    browser.until(d -> browser.search().contains("refresh=10s") ? true : null);
    long renders = renders();
    // the page asks again on its own within the period
    browser.until(d -> renders() > renders ? true : null);

    // a shared link restores both
    browser.open(page("?range=24h&refresh=30s"));
    assertThat(new Select(browser.find("#range")).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("24h");
    assertThat(new Select(browser.find("#refresh")).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("30s");
    assertThat(windowMinutes()).isEqualTo(1440);
  }

  @Test
  void clickingAChartPointOpensTheLogsOfItsMinute() {
    browser.open(page("?page=service&service=" + SERVICE + "&range=15m"));
    clickPoint("[data-widget=cpm] .chart", minute, 0);
    browser.until(d -> browser.search().contains("tab=logs") ? true : null);
    browser.awaitSettled();
    assertThat(browser.search()).contains("minute=" + minute);
    assertThat(browser.find("#minute-filter").getText()).startsWith("Minute ");
    assertThat(browser.all("#logs-table tr.log-row")).hasSize(3);

    // on a chart with one line per provider, the provider of the clicked line comes along
    browser.open(page("?page=service&service=" + SERVICE + "&tab=providers&range=15m"));
    clickPoint("[data-widget=cpm] .chart", minute, 1);
    browser.until(d -> browser.search().contains("tab=logs") ? true : null);
    assertThat(browser.search()).contains("minute=" + minute).contains("provider=anthropic");
  }

  @Test
  void anEmptyStoreSaysWhereToSendTheTelemetry() {
    browser.open("http://127.0.0.1:" + emptyServer.port() + "/?range=15m");
    assertThat(browser.status()).isEqualTo("empty");
    assertThat(browser.text("#empty-state"))
        .contains("No gateway telemetry in this range yet")
        .contains("OTEL_EXPORTER_OTLP_ENDPOINT=http://<job-host>:4317");
    assertThat(browser.all("canvas")).isEmpty();
    browser.screenshot(IMAGES.resolve("dashboard-empty.png"));
  }

  @Test
  void aStoreThatIsDownIsSaidAndThePageRecoversWhenItIsBack() throws Exception {
    browser.open(page("?range=15m"));
    assertThat(browser.status()).isEqualTo("ready");
    storePort.down();
    try {
      browser.find("#reload").click();
      browser.until(d -> "store-down".equals(browser.status()) ? true : null);
      assertThat(browser.text("#banner")).contains("The telemetry store cannot be reached");
      browser.screenshot(IMAGES.resolve("dashboard-store-down.png"));
    } finally {
      storePort.up();
    }
    // the page retries on its own (refresh is off) and shows the data again
    browser.until(d -> "ready".equals(browser.status()) ? true : null);
    assertThat(browser.find("#banner").isDisplayed()).isFalse();
    assertThat(browser.all("#services-table tr[data-service='" + SERVICE + "']")).hasSize(1);
  }

  // --- page helpers

  private static String page(String query) {
    return "http://127.0.0.1:" + server.port() + "/" + query;
  }

  private static String widgetLast(String widget) {
    return browser.text("[data-widget=" + widget + "] .widget-last");
  }

  private static void clickTab(String tab) {
    browser.find("a.tab[data-tab=" + tab + "]").click();
    browser.until(d -> browser.search().contains("tab=" + tab) ? true : null);
    browser.awaitSettled();
  }

  private static List<String> names(String table, String col) {
    return browser.all(table + " tbody td[data-col=" + col + "] .name-text").stream()
        .map(WebElement::getText)
        .toList();
  }

  private static long windowMinutes() {
    String[] window = browser.find("body").getAttribute("data-window").split("-", 2);
    return (Long.parseLong(window[1]) - Long.parseLong(window[0])) / 60_000;
  }

  private static long renders() {
    return Long.parseLong(browser.find("body").getAttribute("data-renders"));
  }

  /** Clicks where line {@code series} of the chart in {@code css} is drawn at {@code minuteMs}. */
  private static void clickPoint(String css, long minuteMs, int series) {
    WebElement chart = browser.find(css);
    @SuppressWarnings("unchecked")
    List<Number> xy =
        (List<Number>)
            browser.script(
                "const c = echarts.getInstanceByDom(arguments[0]);"
                    + "const s = c.getOption().series[arguments[2]];"
                    + "const p = s.data.find(d => d[0] === arguments[1]);"
                    + "return c.convertToPixel({seriesIndex: arguments[2]}, p);",
                chart,
                minuteMs,
                series);
    int x = (int) Math.round(xy.get(0).doubleValue() - chart.getSize().getWidth() / 2.0);
    int y = (int) Math.round(xy.get(1).doubleValue() - chart.getSize().getHeight() / 2.0);
    new Actions(browser.driver()).moveToElement(chart, x, y).click().perform();
  }

  // --- the page's number formats (format.js), for values computed here

  /** US dollars as format.js writes them: 2 to 6 decimals by size, rounded half up. */
  private static String money(double v) {
    double a = Math.abs(v);
    int digits = a == 0 ? 2 : a < 0.01 ? 6 : a < 1 ? 4 : 2;
    BigDecimal d = BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP);
    d = d.stripTrailingZeros();
    if (d.scale() < 2) {
      d = d.setScale(2, RoundingMode.UNNECESSARY);
    }
    return "$" + String.format("%,." + d.scale() + "f", d);
  }

  /** A ratio as format.js writes it: one decimal at most, then " %". */
  private static String percent(double ratio) {
    BigDecimal d =
        BigDecimal.valueOf(ratio * 100).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.toPlainString() + " %";
  }

  // --- the traffic

  /** Waits until the job has stored every expected cell of the minute and the 3 kept logs. */
  private static void awaitStored(OpenSearchTelemetryStore direct, int cells) throws Exception {
    AtomicReference<String> seen = new AtomicReference<>("nothing yet");
    try {
      Await.until(
          Duration.ofSeconds(120),
          "the job stores the " + cells + " expected cells and 3 kept logs",
          () -> {
            try {
              int storedCells = storedCells(direct);
              long storedLogs = storedLogs(direct);
              seen.set(storedCells + " cells and " + storedLogs + " logs");
              return storedCells >= cells && storedLogs >= 3;
            } catch (StoreUnavailableException e) {
              seen.set(e.getMessage()); // e.g. a day index whose shard has not started yet
              return false;
            }
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last seen: " + seen.get(), e);
    }
  }

  private static int storedCells(OpenSearchTelemetryStore direct) {
    int stored = 0;
    for (Scope scope : Scope.values()) {
      for (Dimension dimension : Dimension.values()) {
        stored += direct.cells(CellQuery.of(scope, dimension, minute, minute + 60_000)).size();
      }
    }
    return stored;
  }

  private static long storedLogs(OpenSearchTelemetryStore direct) {
    return direct
        .logs(
            new LogQuery(
                minute, minute + 120_000, SERVICE, null, null, null, null, null, null, 0, 10))
        .total();
  }

  static Path screenshotFolder() {
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    String asked = System.getProperty("dashboard.screenshots");
    if (asked == null || asked.isBlank()) {
      return module.resolve("target/screenshots");
    }
    return module.resolve("..").resolve(asked).normalize();
  }
}
