package dev.aigw.insight.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.dashboard.api.AppsApi;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.apps.GenAiAppsOnOpenSearch;
import dev.aigw.insight.dashboard.read.apps.opensearch.OpenSearchAppCellStore;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.job.testing.AppSpanTraffic.Call;
import dev.aigw.insight.schema.app.AppDimension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The "GenAI apps" pages in Debian's headless Chromium (Selenium, /usr/bin/chromedriver) over the
 * real API and a real embedded OpenSearch that the real job filled from real OpenTelemetry SDK
 * spans ({@link GenAiAppsOnOpenSearch}): the numbers of the applications and providers lists and of
 * an application's page, sorting and navigation in the URL, the hostile application and model names
 * shown as text, and the empty state. Writes the screenshots of docs/dashboard.md.
 */
class GenAiAppsPageITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final Path IMAGES = screenshotFolder();

  @TempDir static Path home;
  private static GenAiAppsOnOpenSearch data;
  private static DashboardServer server;
  private static DashboardServer emptyServer;
  private static Browser browser;

  @BeforeAll
  static void fillTheStoreAndStartTheBrowser(@TempDir Path checkpoints) throws Exception {
    data = GenAiAppsOnOpenSearch.start(home, checkpoints);
    OpenSearchReadOptions options = OpenSearchReadOptions.of(List.of(data.httpUri()));
    server = start(options, new OpenSearchAppCellStore(options));
    emptyServer = start(options, new OpenSearchAppCellStore(options, "no-app-cells"));
    browser = Browser.start();
  }

  private static DashboardServer start(OpenSearchReadOptions options, OpenSearchAppCellStore apps) {
    QueryApi gateway = new QueryApi(new OpenSearchTelemetryStore(options));
    AppsApi appsApi = new AppsApi(apps);
    return DashboardServer.start(
        "127.0.0.1",
        0,
        null,
        routes -> {
          gateway.register(routes);
          appsApi.register(routes);
        });
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {browser, server, emptyServer, data}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void theListsShowEachApplicationsAndProvidersNumbers() {
    browser.open(page(server, "?page=apps&range=15m"));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(names("#apps-table")).isEqualTo(ranked(Call::app, c -> true));
    for (String app : List.of("shop", "legacy", "gateway")) {
      assertRow(
          "#apps-table", app, data.calls(c -> c.app().equals(app)), AppDimension.APPLICATION_MODEL);
    }
    assertThat(names("#providers-table")).containsExactly("openai", "anthropic", "unknown");
    for (String provider : List.of("openai", "anthropic")) {
      assertRow(
          "#providers-table",
          provider,
          data.calls(c -> c.provider().equals(provider)),
          AppDimension.PROVIDER);
    }
    assertThat(row("#providers-table", "unknown").getText())
        .contains("unnamed")
        .contains("unpriced");
    assertNoInjectedMarkup();
    browser.screenshot(IMAGES.resolve("dashboard-genai-apps.png"));

    // a header sorts, in the URL
    browser.find("#apps-table th a[data-sort=name]").click();
    browser.until(d -> browser.search().contains("asort=name") ? true : null);
    browser.awaitSettled();
    assertThat(browser.search()).contains("adir=asc").contains("range=15m");
    List<String> byName = names("#apps-table");
    assertThat(byName.stream().filter(n -> !n.startsWith("<")).toList())
        .containsExactly("bad", "gateway", "legacy", "shop");
    assertThat(byName).hasSize(5);
  }

  @Test
  void anApplicationsPageShowsItsNumbersAndLeadsToItsModelAndProvider() {
    browser.open(page(server, "?page=apps&range=15m"));
    row("#apps-table", "shop")
        .findElement(org.openqa.selenium.By.cssSelector("td[data-col=calls]"))
        .click();
    browser.until(d -> browser.search().contains("page=app&") ? true : null);
    browser.awaitSettled();
    assertThat(browser.search()).contains("app=shop").contains("range=15m");
    assertThat(browser.text("#apps-title .name-text")).isEqualTo("shop");
    List<Call> shop = data.calls(c -> c.app().equals("shop"));
    Map<String, Number> v = GenAiAppsOnOpenSearch.values(shop);
    assertThat(card("calls")).isEqualTo("3");
    assertThat(card("success-rate")).isEqualTo(percent(2 / 3.0)).isEqualTo("66.7 %");
    assertThat(card("latency-avg")).isEqualTo(ms(v.get("latency_avg_ms").doubleValue()));
    assertThat(card("input-tokens")).isEqualTo("1,800");
    assertThat(card("output-tokens")).isEqualTo("350");
    assertThat(card("cost")).isEqualTo(money(v.get("estimated_cost").doubleValue()));
    assertThat(card("ttft-avg")).isEqualTo("250 ms");
    assertThat(card("streaming")).isEqualTo(percent(1 / 3.0));
    assertThat(browser.text("[data-widget=calls] .widget-last")).isEqualTo("3");
    assertThat(browser.find("[data-widget=calls] .widget-last").getAttribute("data-minute"))
        .isEqualTo(Long.toString(data.minute()));
    assertThat(browser.text("[data-widget=latency] .widget-last"))
        .isEqualTo(ms(v.get("latency_avg_ms").doubleValue()));
    assertThat(browser.all(".widget")).hasSize(7);
    assertThat(browser.all(".widget canvas")).isNotEmpty();
    assertThat(names("#app-models")).containsExactly("openai / gpt-4o");
    assertThat(names("#app-providers")).containsExactly("openai");
    browser.screenshot(IMAGES.resolve("dashboard-genai-app.png"));

    browser.find("#app-models tbody td[data-col=name] a").click();
    browser.until(d -> browser.search().contains("page=llm-model") ? true : null);
    browser.awaitSettled();
    assertThat(browser.search()).contains("llm_provider=openai").contains("llm_model=gpt-4o");
    assertThat(browser.text("#apps-title .name-text")).isEqualTo("gpt-4o");
    List<Call> gpt4o = data.calls(c -> c.provider().equals("openai") && c.model().equals("gpt-4o"));
    assertThat(card("calls")).isEqualTo(Integer.toString(gpt4o.size()));
    assertThat(names("#model-apps"))
        .isEqualTo(
            ranked(Call::app, c -> c.provider().equals("openai") && c.model().equals("gpt-4o")));
    browser.screenshot(IMAGES.resolve("dashboard-genai-model.png"));

    browser.find("#model-provider").click();
    browser.until(d -> browser.search().contains("page=llm-provider") ? true : null);
    browser.awaitSettled();
    assertThat(browser.text("#apps-title .name-text")).isEqualTo("openai");
    assertThat(card("calls"))
        .isEqualTo(Long.toString(data.calls(c -> c.provider().equals("openai")).size()));
    assertThat(names("#provider-models"))
        .isEqualTo(ranked(Call::model, c -> c.provider().equals("openai")))
        .contains(GenAiAppsOnOpenSearch.HOSTILE_MODEL);
    assertThat(names("#provider-apps")).contains(GenAiAppsOnOpenSearch.HOSTILE_APP);
    assertNoInjectedMarkup();
    browser.screenshot(IMAGES.resolve("dashboard-genai-provider.png"));

    // the crumbs lead back to the lists
    browser.find("#crumbs a").click();
    browser.until(d -> browser.search().contains("page=apps") ? true : null);
    browser.awaitSettled();
    assertThat(browser.find("#apps-table")).isNotNull();
  }

  @Test
  void theHostileApplicationAndModelNamesAreText() {
    String app = URLEncoder.encode(GenAiAppsOnOpenSearch.HOSTILE_APP, StandardCharsets.UTF_8);
    browser.open(page(server, "?page=app&range=15m&app=" + app));
    assertThat(browser.status()).isEqualTo("ready");
    assertThat(browser.text("#apps-title .name-text")).isEqualTo(GenAiAppsOnOpenSearch.HOSTILE_APP);
    assertThat(browser.text("#crumbs .crumb-instance"))
        .isEqualTo(GenAiAppsOnOpenSearch.HOSTILE_APP);
    WebElement model = browser.find("#app-models tbody tr");
    assertThat(model.getText()).contains(GenAiAppsOnOpenSearch.HOSTILE_MODEL).contains("unpriced");
    assertThat(card("calls")).isEqualTo("1");
    assertThat(card("streaming")).isEqualTo("100 %");
    assertNoInjectedMarkup();
  }

  @Test
  void theTopNavLeadsHereKeepingTheRange() {
    browser.open(page(server, "?range=6h"));
    browser.find("#nav-apps").click();
    browser.until(d -> browser.search().contains("page=apps") ? true : null);
    browser.awaitSettled();
    assertThat(browser.search()).contains("range=6h");
    assertThat(browser.find("#nav-apps").getAttribute("class")).contains("active");
    assertThat(names("#apps-table")).hasSize(5);
  }

  @Test
  void withoutApplicationCellsThePageSaysHowToSendSpans() {
    browser.open(page(emptyServer, "?page=apps&range=15m"));
    assertThat(browser.status()).isEqualTo("empty");
    String text = browser.text("#apps-empty-state");
    assertThat(text).contains("4317").contains("4318").contains("/v1/traces");
    browser.screenshot(IMAGES.resolve("dashboard-genai-empty.png"));
  }

  // ---- helpers

  /** Group names of the calls, most calls first then by name (the API's order). */
  private static List<String> ranked(Function<Call, String> group, Predicate<Call> which) {
    Map<String, Long> counts = new TreeMap<>();
    data.calls(which).forEach(c -> counts.merge(group.apply(c), 1L, Long::sum));
    return counts.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static void assertRow(
      String table, String name, List<Call> calls, AppDimension dimension) {
    Map<String, Number> v = GenAiAppsOnOpenSearch.values(calls);
    WebElement row = row(table, name);
    assertThat(col(row, "calls")).isEqualTo(String.format("%,d", calls.size()));
    assertThat(col(row, "success")).isEqualTo(percent(v.get("success_rate").doubleValue()));
    assertThat(col(row, "latency-avg")).isEqualTo(ms(v.get("latency_avg_ms").doubleValue()));
    assertThat(col(row, "latency-p95"))
        .isEqualTo(ms(GenAiAppsOnOpenSearch.highest(calls, dimension).get("latency_p95_ms")));
    assertThat(col(row, "input"))
        .isEqualTo(String.format("%,d", v.get("input_tokens").longValue()));
    assertThat(col(row, "output"))
        .isEqualTo(String.format("%,d", v.get("output_tokens").longValue()));
    assertThat(col(row, "cost")).isEqualTo(money(v.get("estimated_cost").doubleValue()));
    assertThat(col(row, "ttft"))
        .isEqualTo(
            v.get("ttft_count").longValue() == 0 ? "–" : ms(v.get("ttft_avg_ms").doubleValue()));
  }

  private static WebElement row(String table, String name) {
    Predicate<WebElement> named =
        r ->
            r.findElement(org.openqa.selenium.By.cssSelector("td[data-col=name] .name-text"))
                .getText()
                .equals(name);
    browser.find(table + " tbody tr");
    return browser.all(table + " tbody tr").stream().filter(named).findFirst().orElseThrow();
  }

  private static String col(WebElement row, String col) {
    return row.findElement(org.openqa.selenium.By.cssSelector("td[data-col=" + col + "]"))
        .getText();
  }

  private static String card(String id) {
    return browser.text("[data-card=" + id + "] .card-value");
  }

  /** The names of a table's rows in order (a model row: "provider / model" where it has both). */
  private static List<String> names(String table) {
    browser.find(table + " tbody tr");
    return browser.all(table + " tbody td[data-col=name]").stream()
        .map(
            td ->
                String.join(
                    " / ",
                    td.findElements(org.openqa.selenium.By.cssSelector(".name-text")).stream()
                        .map(WebElement::getText)
                        .toList()))
        .toList();
  }

  private static void assertNoInjectedMarkup() {
    assertThat(browser.script("return document.querySelectorAll('main img, main script').length"))
        .isEqualTo(0L);
  }

  private static String page(DashboardServer to, String query) {
    return "http://127.0.0.1:" + to.port() + "/" + query;
  }

  /** Milliseconds as format.js writes them: whole from 100, else one decimal at most. */
  private static String ms(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(
          "%,d ms", BigDecimal.valueOf(v).setScale(0, RoundingMode.HALF_UP).longValue());
    }
    return BigDecimal.valueOf(v)
            .setScale(1, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + " ms";
  }

  /** A ratio as format.js writes it: one decimal at most, then " %". */
  private static String percent(double ratio) {
    BigDecimal d =
        BigDecimal.valueOf(ratio * 100).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.toPlainString() + " %";
  }

  /** Money as format.js writes it: 2 decimals from 1, 4 below, 6 below a cent, zeros trimmed. */
  private static String money(double v) {
    double a = Math.abs(v);
    int digits = a == 0 ? 2 : a < 0.01 ? 6 : a < 1 ? 4 : 2;
    BigDecimal d =
        BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP).stripTrailingZeros();
    if (d.scale() < 2) {
      d = d.setScale(2, RoundingMode.UNNECESSARY);
    }
    return "$" + String.format("%,." + d.scale() + "f", d);
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
