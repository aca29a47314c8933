package dev.aigw.insight.dashboard.web;

import static dev.aigw.insight.dashboard.read.LongRangeChecks.FROM;
import static dev.aigw.insight.dashboard.read.LongRangeChecks.TO;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.api.AppAttributionApi;
import dev.aigw.insight.dashboard.api.AppsApi;
import dev.aigw.insight.dashboard.api.AttributionApi;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.read.LongRangeFamilies;
import dev.aigw.insight.dashboard.read.LongRangeTraffic;
import dev.aigw.insight.dashboard.read.opensearch.FamiliesOnOpenSearch;
import dev.aigw.insight.dashboard.read.opensearch.LongRangeOnOpenSearch;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spend page, a service's Teams tab and a GenAI application's page with its "By team.id"
 * section over a store holding 40 days of {@link LongRangeFamilies} (attribution, application,
 * application attribution and gateway cells: minutes of 7 days, hours and days): "Last 30 days"
 * shows the 30 days' exact totals and charts of 30 day steps labelled as such; over the last hour
 * the second application's value, which is markup, shows as text. The page's clock and the API's
 * are both fixed at {@link LongRangeTraffic#NOW}. Screenshots of both pages at 30 days are written
 * to target/screenshots (or {@code -Ddashboard.screenshots}).
 */
class FamiliesLongRangePageITCase {

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static DashboardServer server;
  private static Browser browser;
  private static LongRangeTraffic traffic;

  @BeforeAll
  static void start() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    LongRangeFamilies families = new LongRangeFamilies();
    traffic = families.traffic;
    FamiliesOnOpenSearch.write(openSearch.httpUri(), families);
    // the second application's own cells: its page shows its values only when it has calls
    FamiliesOnOpenSearch.writeAppMinutes(openSearch.httpUri(), families.secondAppMinutes);
    // the gateway's own cells of the same traffic, for the service page around the Teams tab
    LongRangeOnOpenSearch.write(
        openSearch.httpUri(),
        traffic,
        CellStoreNames.DEFAULT_INDEX_PREFIX,
        CellResolution.HOUR.defaultIndexPrefix(),
        CellResolution.DAY.defaultIndexPrefix());
    OpenSearchReadOptions options = OpenSearchReadOptions.of(List.of(openSearch.httpUri()));
    server =
        DashboardServer.start(
            "127.0.0.1",
            0,
            null,
            ApiRoutes.all(
                new QueryApi(new OpenSearchTelemetryStore(options), () -> NOW),
                new AttributionApi(
                    FamiliesOnOpenSearch.attributionStore(options),
                    List.of(LongRangeFamilies.ATTRIBUTE),
                    List.of(),
                    () -> NOW),
                new AppsApi(FamiliesOnOpenSearch.appStore(options), () -> NOW),
                new AppAttributionApi(
                    FamiliesOnOpenSearch.appAttributionStore(options),
                    List.of(LongRangeFamilies.ATTRIBUTE),
                    List.of(),
                    () -> NOW)));
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
  void theSpendPageAnswersThirtyDaysInDaySteps() {
    browser.open(page("?page=spend&range=30d&attribute=" + LongRangeFamilies.ATTRIBUTE));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.all("#spend-table tbody tr")).hasSize(2);
    assertThat(browser.text("#spend-table tfoot td[data-col=requests]"))
        .isEqualTo(PageFormats.count(traffic.sum(CellField.REQUESTS, null, FROM, TO)));
    assertThat(browser.text("#spend-table tfoot td[data-col=cost]"))
        .isEqualTo(PageFormats.money(traffic.sum(CellField.COST_PICOS, null, FROM, TO) / 1e12));
    String openai = "#spend-table tbody tr[data-value='team-openai'] td[data-col=requests]";
    assertThat(browser.text(openai))
        .isEqualTo(PageFormats.count(traffic.sum(CellField.REQUESTS, "openai", FROM, TO)));
    assertThat(browser.text("[data-widget=cost-by-value] h3 .step")).isEqualTo("day steps");
    assertThat(points("[data-widget=cost-by-value] .chart")).isEqualTo(30L);
    browser.screenshot(DashboardPageITCase.screenshotFolder().resolve("dashboard-spend-30d.png"));
  }

  @Test
  void theTeamsTabAnswersThirtyDaysInDaySteps() {
    browser.open(
        page(
            "?page=service&tab=teams&range=30d&service="
                + LongRangeTraffic.SERVICE
                + "&attribute="
                + LongRangeFamilies.ATTRIBUTE));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.all("#teams-table tbody tr")).hasSize(2);
    // the values add up to the service: the same 30 days' total as its card
    String total = PageFormats.count(traffic.sum(CellField.REQUESTS, null, FROM, TO));
    assertThat(browser.text("#teams-table tfoot td[data-col=requests]")).isEqualTo(total);
    assertThat(browser.text("[data-card=requests] .card-value")).isEqualTo(total);
    String anthropic = "#teams-table tbody tr[data-value='team-anthropic'] td[data-col=requests]";
    assertThat(browser.text(anthropic))
        .isEqualTo(PageFormats.count(traffic.sum(CellField.REQUESTS, "anthropic", FROM, TO)));
    assertThat(browser.text("[data-widget=cpm-by-value] h3 .step")).isEqualTo("day steps");
    assertThat(points("[data-widget=cpm-by-value] .chart")).isEqualTo(30L);
    browser.screenshot(DashboardPageITCase.screenshotFolder().resolve("dashboard-teams-30d.png"));
  }

  @Test
  void anApplicationPageAnswersThirtyDaysInDaySteps() {
    browser.open(page("?page=app&range=30d&app=" + LongRangeFamilies.APPLICATION));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.text("[data-card=calls] .card-value"))
        .isEqualTo(PageFormats.count(traffic.sum(CellField.REQUESTS, null, FROM, TO)));
    assertThat(browser.text("[data-widget=calls] h3 .step")).isEqualTo("day steps");
    assertThat(points("[data-widget=calls] .chart")).isEqualTo(30L);
    browser.screenshot(DashboardPageITCase.screenshotFolder().resolve("dashboard-app-30d.png"));
  }

  @Test
  void anApplicationShowsItsValuesOverThirtyDays() {
    browser.open(page("?page=app&range=30d&app=" + LongRangeFamilies.APPLICATION));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.text("#app-attribution-attribute")).isEqualTo(LongRangeFamilies.ATTRIBUTE);
    assertThat(browser.all("#app-attribution-table tbody tr")).hasSize(2);
    for (String provider : LongRangeTraffic.PROVIDERS) {
      String row =
          "#app-attribution-table tbody tr[data-value='" + LongRangeFamilies.team(provider) + "'] ";
      long calls = traffic.sum(CellField.REQUESTS, provider, FROM, TO);
      assertThat(browser.text(row + "td[data-col=value] .name-text"))
          .isEqualTo(LongRangeFamilies.team(provider));
      assertThat(browser.text(row + "td[data-col=calls]")).isEqualTo(PageFormats.count(calls));
      assertThat(browser.text(row + "td[data-col=error-share]"))
          .isEqualTo(
              PageFormats.percent(
                  (double) traffic.sum(CellField.ERRORS, provider, FROM, TO) / calls));
      assertThat(browser.text(row + "td[data-col=cost]"))
          .isEqualTo(
              PageFormats.money(traffic.sum(CellField.COST_PICOS, provider, FROM, TO) / 1e12));
      assertThat(browser.text(row + "td[data-col=models] .name-text"))
          .isEqualTo(provider + " / " + LongRangeFamilies.model(provider));
    }
    // the values add up to the application: the same total as its card
    String total = PageFormats.count(traffic.sum(CellField.REQUESTS, null, FROM, TO));
    assertThat(browser.text("#app-attribution-table tfoot td[data-col=calls]")).isEqualTo(total);
    assertThat(browser.text("[data-card=calls] .card-value")).isEqualTo(total);
    assertThat(browser.text("[data-widget=app-cost-by-value] h3 .step")).isEqualTo("day steps");
    assertThat(points("[data-widget=app-cost-by-value] .chart")).isEqualTo(30L);
    assertThat(points("[data-widget=app-calls-by-value] .chart")).isEqualTo(30L);
    browser.screenshot(
        DashboardPageITCase.screenshotFolder().resolve("dashboard-app-attribution.png"));
  }

  @Test
  void aValueThatIsMarkupShowsAsText() {
    browser.open(
        page(
            "?page=app&range=1h&attribute="
                + LongRangeFamilies.ATTRIBUTE
                + "&app="
                + URLEncoder.encode(LongRangeFamilies.SECOND_APPLICATION, StandardCharsets.UTF_8)));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.all("#app-attribution-table tbody tr")).hasSize(1);
    String row = "#app-attribution-table tbody tr ";
    assertThat(browser.text(row + "td[data-col=value] .name-text"))
        .isEqualTo(LongRangeFamilies.MARKUP_VALUE);
    assertThat(browser.text(row + "td[data-col=calls]"))
        .isEqualTo(PageFormats.count(LongRangeFamilies.SECOND_CALLS));
    assertThat(browser.text(row + "td[data-col=error-share]"))
        .isEqualTo(PageFormats.percent(1.0 / 7));
    assertThat(browser.text(row + "td[data-col=cost]"))
        .isEqualTo(PageFormats.money(LongRangeFamilies.SECOND_COST_PICOS / 1e12));
    assertThat(browser.text(row + "td[data-col=cost-share]")).isEqualTo(PageFormats.percent(1.0));
    // the value is text, never markup: no element was made of it
    assertThat(browser.script("return document.querySelectorAll('main img').length")).isEqualTo(0L);
    // the chart's line is named by the value, as text
    assertThat(
            browser.script(
                "return echarts.getInstanceByDom(document.querySelector("
                    + "'[data-widget=app-calls-by-value] .chart')).getOption().series[0].name"))
        .isEqualTo(LongRangeFamilies.MARKUP_VALUE);
    browser.screenshot(
        DashboardPageITCase.screenshotFolder().resolve("dashboard-app-attribution-markup.png"));
  }

  /** The number of points of a chart's first line. */
  private static Object points(String chart) {
    return browser.script(
        "return echarts.getInstanceByDom(document.querySelector(\""
            + chart
            + "\")).getOption().series[0].data.length");
  }

  private static String page(String query) {
    return "http://127.0.0.1:" + server.port() + "/" + query;
  }
}
