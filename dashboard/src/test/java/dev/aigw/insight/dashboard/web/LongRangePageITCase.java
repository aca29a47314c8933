package dev.aigw.insight.dashboard.web;

import static dev.aigw.insight.dashboard.read.LongRangeTraffic.NOW;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.read.LongRangeChecks;
import dev.aigw.insight.dashboard.read.LongRangeTraffic;
import dev.aigw.insight.dashboard.read.opensearch.LongRangeOnOpenSearch;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/**
 * The page over a store holding 40 days of {@link LongRangeTraffic} (minute cells of 7 days, hour
 * and day cells): choosing "Last 30 days" shows the day-resolution note under the summary cards,
 * the 30 days' exact request total and charts labelled with their day steps. The page's clock and
 * the API's are both fixed at {@link LongRangeTraffic#NOW}. A screenshot of the page at 30 days is
 * written to target/screenshots (or {@code -Ddashboard.screenshots}).
 */
class LongRangePageITCase {

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static DashboardServer server;
  private static Browser browser;
  private static LongRangeTraffic traffic;

  @BeforeAll
  static void start() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    traffic = new LongRangeTraffic();
    LongRangeOnOpenSearch.write(
        openSearch.httpUri(),
        traffic,
        CellStoreNames.DEFAULT_INDEX_PREFIX,
        CellResolution.HOUR.defaultIndexPrefix(),
        CellResolution.DAY.defaultIndexPrefix());
    OpenSearchReadOptions options = OpenSearchReadOptions.of(List.of(openSearch.httpUri()));
    server =
        DashboardServer.start(
            "127.0.0.1", 0, null, new QueryApi(new OpenSearchTelemetryStore(options), () -> NOW));
    browser = Browser.start();
    // the page's "now" is the API's
    browser.fixNow(NOW);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {browser, server, openSearch}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void thirtyDaysShowTheDayResolutionAndTheExactTotal() {
    browser.open(page("?page=service&service=" + SERVICE + "&range=24h"));
    assertThat(browser.status()).isEqualTo("ready");
    // a day of minutes: no note, no step label
    assertThat(browser.all("#resolution-note")).isEmpty();
    assertThat(browser.text("[data-card=requests] .card-value"))
        .isEqualTo(
            PageFormats.count(
                traffic.sum(
                    CellField.REQUESTS,
                    null,
                    LongRangeChecks.TO - 86_400_000L,
                    LongRangeChecks.TO)));

    new Select(browser.find("#range")).selectByValue("30d");
    browser.until(d -> browser.search().contains("range=30d") ? true : null);
    browser.awaitSettled();
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.find("#resolution-note").getText()).startsWith("Day resolution:");
    assertThat(browser.text("[data-card=requests] .card-value"))
        .isEqualTo(
            PageFormats.count(
                traffic.sum(CellField.REQUESTS, null, LongRangeChecks.FROM, LongRangeChecks.TO)));
    assertThat(browser.text("[data-widget] h3 .step")).isEqualTo("day steps");
    // one point per day: 30 on the requests chart
    assertThat(
            browser.script(
                "return echarts.getInstanceByDom(document.querySelector('[data-widget] .chart'))"
                    + ".getOption().series[0].data.length"))
        .isEqualTo(30L);
    browser.screenshot(DashboardPageITCase.screenshotFolder().resolve("dashboard-30d.png"));

    new Select(browser.find("#range")).selectByValue("7d");
    browser.until(d -> browser.search().contains("range=7d") ? true : null);
    browser.awaitSettled();
    assertThat(browser.find("#resolution-note").getText()).startsWith("Hour resolution:");
    assertThat(browser.text("[data-widget] h3 .step")).isEqualTo("hour steps");
  }

  @Test
  void theServicesListAnswersThirtyDays() {
    browser.open(page("?range=30d"));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.all("#services-table tbody tr")).hasSize(1);
    assertThat(browser.find("#services-table tbody tr").getAttribute("data-service"))
        .isEqualTo(SERVICE);
    // a sparkline per column that has one
    assertThat(browser.all("#services-table tbody tr canvas")).hasSizeGreaterThan(1);
  }

  private static String page(String query) {
    return "http://127.0.0.1:" + server.port() + "/" + query;
  }
}
