package dev.aigw.insight.dashboard.web;

import static dev.aigw.insight.dashboard.read.attribution.AttributedTraffic.ATTRIBUTE;
import static dev.aigw.insight.dashboard.read.attribution.AttributedTraffic.SERVICE_A;
import static dev.aigw.insight.dashboard.read.attribution.AttributedTraffic.SERVICE_B;
import static dev.aigw.insight.dashboard.web.PageFormats.count;
import static dev.aigw.insight.dashboard.web.PageFormats.money;
import static dev.aigw.insight.dashboard.web.PageFormats.ms;
import static dev.aigw.insight.dashboard.web.PageFormats.percent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.api.AttributionApi;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.read.attribution.AttributedTraffic;
import dev.aigw.insight.dashboard.read.attribution.OpenSearchAttributionStore;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The service page's Teams tab (named after the attribute, {@code team.id}) and the Spend page in a
 * real headless Chromium, over the real query and attribution APIs and a real embedded OpenSearch
 * that the real job filled from OpenTelemetry SDK traffic of known teams ({@link
 * AttributedTraffic}), one of them named like an HTML tag: the numbers of every row, the total row
 * equal to the service, the order by cost, the links between both pages and the hostile name shown
 * as text. Writes dashboard-teams.png and dashboard-spend.png as {@link DashboardPageITCase} writes
 * its screenshots.
 */
class TeamsPageITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final String XSS = "<img src=x onerror=alert(1)>";
  private static final List<String> TEAMS = Arrays.asList("red", "green", "blue", XSS, null);
  private static final Path IMAGES = DashboardPageITCase.screenshotFolder();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static DashboardServer server;
  private static Browser browser;
  private static AttributedTraffic traffic;

  @BeforeAll
  static void fillTheStoreWithTheRealJobAndStartTheBrowser(@TempDir Path checkpoints)
      throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    traffic = AttributedTraffic.fill(openSearch, checkpoints, TEAMS, "dashboard-teams-page");
    OpenSearchReadOptions options = OpenSearchReadOptions.of(List.of(openSearch.httpUri()));
    server =
        DashboardServer.start(
            "127.0.0.1",
            0,
            null,
            ApiRoutes.all(
                new QueryApi(new OpenSearchTelemetryStore(options)),
                new AttributionApi(
                    new OpenSearchAttributionStore(
                        options, AttributionStoreNames.DEFAULT_INDEX_PREFIX),
                    List.of(ATTRIBUTE),
                    List.of())));
    browser = Browser.start();
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
  void theTeamsTabShowsEachValuesNumbersAndTheServiceAsTheirTotal() {
    browser.open(page("?page=service&service=" + SERVICE_A + "&range=15m"));
    WebElement tab = browser.find("a.tab[data-tab=teams]");
    assertThat(tab.getText()).isEqualTo(ATTRIBUTE);
    tab.click();
    browser.until(d -> browser.search().contains("tab=teams") ? true : null);
    browser.awaitSettled();
    assertThat(browser.status()).isEqualTo("ready");

    List<WebElement> rows = browser.all("#teams-table tbody tr");
    List<String> expectedOrder = new ArrayList<>(traffic.values());
    expectedOrder.sort(
        Comparator.comparingLong((String v) -> -traffic.valueCell(v, SERVICE_A).costPicos));
    assertThat(rows.stream().map(r -> cellText(r, "value .name-text")).toList())
        .containsExactlyElementsOf(expectedOrder);
    long serviceCost = traffic.serviceCell(SERVICE_A).costPicos;
    for (WebElement row : rows) {
      String value = cellText(row, "value .name-text");
      assertRow(row, traffic.valueCell(value, SERVICE_A));
      assertThat(cellText(row, "cost-share"))
          .isEqualTo(percent((double) traffic.valueCell(value, SERVICE_A).costPicos / serviceCost));
    }
    // requests without a team are marked, and every value together is the service
    WebElement none = row(rows, "none");
    assertThat(none.findElement(By.cssSelector("td[data-col=value] .badge")).getText())
        .isEqualTo("no team.id");
    WebElement total = browser.find("#teams-table tfoot tr");
    assertThat(cellText(total, "value")).isEqualTo("All values");
    assertRow(total, traffic.serviceCell(SERVICE_A));
    assertThat(browser.text("[data-card=requests] .card-value"))
        .isEqualTo(count(traffic.serviceCell(SERVICE_A).requests));
    assertThat(browser.text("[data-card=cost] .card-value")).isEqualTo(money(serviceCost / 1e12));
    // the hostile team name is text, never markup
    assertThat(cellText(row(rows, XSS), "value .name-text")).isEqualTo(XSS);
    assertThat(browser.script("return document.querySelectorAll('main img').length")).isEqualTo(0L);
    // one cost and one requests chart, a line per value
    assertThat(browser.all("[data-widget=cost-by-value] canvas")).isNotEmpty();
    assertThat(browser.all("[data-widget=cpm-by-value] canvas")).isNotEmpty();
    assertThat(
            browser.script(
                "return echarts.getInstanceByDom(document.querySelector("
                    + "'[data-widget=cost-by-value] .chart')).getOption().series.length"))
        .isEqualTo((long) traffic.values().size());
    browser.screenshot(IMAGES.resolve("dashboard-teams.png"));

    // a shared link restores the tab (with its attribute)
    browser.open(
        page("?page=service&service=" + SERVICE_B + "&tab=teams&attribute=team.id" + "&range=15m"));
    assertThat(browser.all("#teams-table tbody tr")).hasSize(2);
    assertRow(browser.find("#teams-table tfoot tr"), traffic.serviceCell(SERVICE_B));
  }

  @Test
  void theSpendPageListsTheValuesAcrossServicesByCost() {
    browser.open(page("?range=15m"));
    browser.find("#nav-spend").click();
    browser.until(d -> browser.search().contains("page=spend") ? true : null);
    browser.awaitSettled();
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.search()).contains("range=15m");
    assertThat(browser.text("#spend-attribute")).isEqualTo(ATTRIBUTE);

    List<WebElement> rows = browser.all("#spend-table tbody tr");
    assertThat(rows).hasSize(traffic.values().size());
    double previous = Double.MAX_VALUE;
    long allCost =
        traffic.serviceCell(SERVICE_A).costPicos + traffic.serviceCell(SERVICE_B).costPicos;
    for (WebElement row : rows) {
      String value = cellText(row, "value .name-text");
      long cost = 0;
      long requests = 0;
      long input = 0;
      List<String> services = new ArrayList<>();
      for (String service : List.of(SERVICE_A, SERVICE_B)) {
        MinuteCell c = traffic.valueCell(value, service);
        if (c != null) {
          cost += c.costPicos;
          requests += c.requests;
          input += c.inputTokens;
          services.add(service);
        }
      }
      assertThat(cellText(row, "cost")).isEqualTo(money(cost / 1e12));
      assertThat(cellText(row, "cost-share")).isEqualTo(percent((double) cost / allCost));
      assertThat(cellText(row, "requests")).isEqualTo(count(requests));
      assertThat(cellText(row, "input-tokens")).isEqualTo(count(input));
      assertThat(
              row.findElements(By.cssSelector("td[data-col=services] a")).stream()
                  .map(WebElement::getText)
                  .toList())
          .containsExactlyInAnyOrderElementsOf(services);
      assertThat((double) cost).isLessThanOrEqualTo(previous);
      previous = cost;
    }
    assertThat(cellText(row(rows, XSS), "value .name-text")).isEqualTo(XSS);
    assertThat(browser.script("return document.querySelectorAll('main img').length")).isEqualTo(0L);
    assertThat(cellText(browser.find("#spend-table tfoot tr"), "cost"))
        .isEqualTo(money(allCost / 1e12));
    assertThat(browser.all("[data-widget=cost-by-value] canvas")).isNotEmpty();
    browser.screenshot(IMAGES.resolve("dashboard-spend.png"));

    // a service of a value opens that service's Teams tab
    row(rows, "red").findElement(By.linkText(SERVICE_B)).click();
    browser.until(d -> browser.search().contains("page=service") ? true : null);
    browser.awaitSettled();
    assertThat(browser.search()).contains("service=" + SERVICE_B).contains("tab=teams");
    assertThat(browser.all("#teams-table tbody tr")).hasSize(2);
  }

  /** The row's requests, errors, error rate, tokens, cost, savings and averages of {@code cell}. */
  private static void assertRow(WebElement row, MinuteCell cell) {
    assertThat(cellText(row, "requests")).isEqualTo(count(cell.requests));
    assertThat(cellText(row, "errors")).isEqualTo(count(cell.errors));
    assertThat(cellText(row, "error-rate"))
        .isEqualTo(percent((double) cell.errors / cell.requests));
    assertThat(cellText(row, "input-tokens")).isEqualTo(count(cell.inputTokens));
    assertThat(cellText(row, "output-tokens")).isEqualTo(count(cell.outputTokens));
    assertThat(cellText(row, "cost")).isEqualTo(money(cell.costPicos / 1e12));
    assertThat(cellText(row, "cache-savings")).isEqualTo(money(cell.cacheSavingsPicos / 1e12));
    assertThat(cellText(row, "latency-avg")).isEqualTo(ms(cell.latencySumMs / cell.requests));
    assertThat(cellText(row, "ttft-avg"))
        .isEqualTo(cell.ttftCount == 0 ? "–" : ms(cell.ttftSumMs / cell.ttftCount));
  }

  private static WebElement row(List<WebElement> rows, String value) {
    return rows.stream()
        .filter(r -> cellText(r, "value .name-text").equals(value))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + value));
  }

  private static String cellText(WebElement row, String col) {
    String[] parts = col.split(" ", 2);
    String css = "td[data-col=" + parts[0] + "]" + (parts.length > 1 ? " " + parts[1] : "");
    return row.findElement(By.cssSelector(css)).getText();
  }

  private static String page(String query) {
    return "http://127.0.0.1:" + server.port() + "/" + query;
  }
}
