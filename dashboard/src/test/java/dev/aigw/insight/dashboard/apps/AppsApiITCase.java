package dev.aigw.insight.dashboard.apps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.dashboard.api.AppsApi;
import dev.aigw.insight.dashboard.read.apps.AppFields;
import dev.aigw.insight.dashboard.read.apps.opensearch.OpenSearchAppCellStore;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.job.testing.AppSpanTraffic.Call;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.source.otlp.testing.FreePort;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GenAI apps API over a real embedded OpenSearch that the real job filled from real
 * OpenTelemetry SDK spans ({@link GenAiAppsOnOpenSearch}): every number of the lists, summaries,
 * series and breakdowns equals what the generated calls imply (sums and Σ/Σ averages from the
 * calls, percentiles the highest among the cells a selection spans), the parameters are validated
 * with a 400 and a store that cannot be reached answers 503.
 */
class AppsApiITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int RANGE_MINUTES = 15;

  @TempDir static Path home;
  private static GenAiAppsOnOpenSearch data;
  private static DashboardServer server;
  private static DashboardServer serverOnDownStore;

  @BeforeAll
  static void fillTheStoreWithTheRealJob(@TempDir Path checkpoints) throws Exception {
    data = GenAiAppsOnOpenSearch.start(home, checkpoints);
    // "now" is within the minute after the traffic: range=15m covers it at index 13
    long now = data.minute() + 90_000;
    OpenSearchReadOptions options = OpenSearchReadOptions.of(List.of(data.httpUri()));
    server =
        DashboardServer.start(
            "127.0.0.1", 0, null, new AppsApi(new OpenSearchAppCellStore(options), () -> now));
    OpenSearchReadOptions down =
        OpenSearchReadOptions.of(List.of(URI.create("http://127.0.0.1:" + FreePort.range(1))));
    serverOnDownStore =
        DashboardServer.start(
            "127.0.0.1", 0, null, new AppsApi(new OpenSearchAppCellStore(down), () -> now));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (serverOnDownStore != null) {
      serverOnDownStore.close();
    }
    if (data != null) {
      data.close();
    }
  }

  @Test
  void applicationsListSummarisesEachApplicationMostCallsFirst() throws Exception {
    JsonNode answer = get("/api/apps/applications?range=15m");
    List<String> expected = ranked(Call::app, c -> true);
    assertThat(expected).hasSize(5).contains(GenAiAppsOnOpenSearch.HOSTILE_APP);
    JsonNode rows = answer.path("applications");
    assertThat(names(rows, "application")).isEqualTo(expected);
    for (JsonNode row : rows) {
      String app = row.path("application").asText();
      assertSummary(
          row.path("summary"),
          data.calls(c -> c.app().equals(app)),
          AppDimension.APPLICATION_MODEL);
    }
  }

  @Test
  void providersListSummarisesEachProvider() throws Exception {
    JsonNode rows = get("/api/apps/providers?range=15m").path("providers");
    assertThat(names(rows, "provider"))
        .isEqualTo(ranked(Call::provider, c -> true))
        .containsExactly("openai", "anthropic", "unknown");
    for (JsonNode row : rows) {
      String provider = row.path("provider").asText();
      assertSummary(
          row.path("summary"),
          data.calls(c -> c.provider().equals(provider)),
          AppDimension.PROVIDER);
    }
  }

  @Test
  void summariesOfAnApplicationAProviderAndAModel() throws Exception {
    JsonNode shop = get("/api/apps/summary?range=15m&application=shop");
    assertThat(shop.path("application").asText()).isEqualTo("shop");
    assertThat(shop.path("provider").isNull()).isTrue();
    assertSummary(
        shop.path("summary"),
        data.calls(c -> c.app().equals("shop")),
        AppDimension.APPLICATION_MODEL);

    JsonNode legacyOpenAi = get("/api/apps/summary?range=15m&application=legacy&provider=openai");
    assertSummary(
        legacyOpenAi.path("summary"),
        data.calls(c -> c.app().equals("legacy") && c.provider().equals("openai")),
        AppDimension.APPLICATION_MODEL);

    JsonNode openai = get("/api/apps/summary?range=15m&provider=openai");
    assertSummary(
        openai.path("summary"),
        data.calls(c -> c.provider().equals("openai")),
        AppDimension.PROVIDER);

    JsonNode gpt4o = get("/api/apps/summary?range=15m&provider=openai&model=gpt-4o");
    assertThat(gpt4o.path("model").asText()).isEqualTo("gpt-4o");
    assertSummary(
        gpt4o.path("summary"),
        data.calls(c -> c.provider().equals("openai") && c.model().equals("gpt-4o")),
        AppDimension.PROVIDER_MODEL);

    JsonNode none = get("/api/apps/summary?range=15m&application=nobody");
    assertThat(none.path("summary").path("calls").asLong()).isZero();
    assertThat(none.path("summary").path("success_rate").isNull()).isTrue();
    assertThat(none.path("summary").path("highest").path("latency_p95_ms").isNull()).isTrue();
  }

  @Test
  void seriesOfEveryFieldOnTheMinuteGrid() throws Exception {
    JsonNode shop = get("/api/apps/series?range=15m&application=shop");
    assertThat(shop.path("step_ms").asLong()).isEqualTo(60_000);
    assertThat(shop.path("minutes")).hasSize(RANGE_MINUTES);
    assertThat(shop.path("minutes").get(13).asLong()).isEqualTo(data.minute());
    assertSeries(
        shop.path("values"),
        data.calls(c -> c.app().equals("shop")),
        AppDimension.APPLICATION_MODEL);

    JsonNode model = get("/api/apps/series?range=15m&provider=anthropic&model=claude-sonnet-4-5");
    assertSeries(
        model.path("values"),
        data.calls(c -> c.model().equals("claude-sonnet-4-5")),
        AppDimension.PROVIDER_MODEL);

    JsonNode some =
        get("/api/apps/series?range=15m&provider=openai&fields=calls,latency_p99_ms,ttft_avg_ms");
    List<String> fields = new ArrayList<>();
    some.path("values").fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("calls", "latency_p99_ms", "ttft_avg_ms");
  }

  @Test
  void aLongRangeFoldsIntoAtMost240StepsPerMinute() throws Exception {
    JsonNode day = get("/api/apps/series?range=24h&provider=openai&fields=calls,latency_avg_ms");
    long step = day.path("step_ms").asLong();
    assertThat(step).isEqualTo(6 * 60_000);
    assertThat(day.path("minutes")).hasSize(240);
    List<Call> calls = data.calls(c -> c.provider().equals("openai"));
    long from = day.path("from").asLong();
    int i = (int) ((data.minute() - from) / step);
    // a count per minute of the six-minute step, rounded as the gateway series are
    assertThat(day.path("values").path("calls").get(i).asDouble())
        .isEqualTo(round(calls.size() / 6.0));
    Map<String, Number> v = GenAiAppsOnOpenSearch.values(calls);
    assertThat(day.path("values").path("latency_avg_ms").get(i).asDouble())
        .isEqualTo(round(v.get("latency_avg_ms").doubleValue()));
    assertThat(day.path("values").path("latency_avg_ms").get(i - 1).isNull()).isTrue();
  }

  @Test
  void breakdownsOfAnApplicationAndAProvider() throws Exception {
    JsonNode legacy = get("/api/apps/breakdown?range=15m&application=legacy&by=model");
    assertGroups(
        legacy.path("groups"),
        c -> c.app().equals("legacy"),
        c -> c.provider() + "|" + c.model(),
        AppDimension.APPLICATION_MODEL,
        "provider",
        "model");
    assertThat(legacy.path("groups").get(0).path("application").asText()).isEqualTo("legacy");

    JsonNode legacyProviders = get("/api/apps/breakdown?range=15m&application=legacy&by=provider");
    assertGroups(
        legacyProviders.path("groups"),
        c -> c.app().equals("legacy"),
        Call::provider,
        AppDimension.APPLICATION_MODEL,
        "provider");

    JsonNode openaiModels = get("/api/apps/breakdown?range=15m&provider=openai&by=model");
    assertGroups(
        openaiModels.path("groups"),
        c -> c.provider().equals("openai"),
        c -> c.provider() + "|" + c.model(),
        AppDimension.PROVIDER_MODEL,
        "provider",
        "model");

    JsonNode openaiApps = get("/api/apps/breakdown?range=15m&provider=openai&by=application");
    assertGroups(
        openaiApps.path("groups"),
        c -> c.provider().equals("openai"),
        Call::app,
        AppDimension.APPLICATION_MODEL,
        "application");

    JsonNode modelApps =
        get("/api/apps/breakdown?range=15m&provider=openai&model=gpt-4o&by=application");
    assertGroups(
        modelApps.path("groups"),
        c -> c.provider().equals("openai") && c.model().equals("gpt-4o"),
        Call::app,
        AppDimension.APPLICATION_MODEL,
        "application");
  }

  @Test
  void hostileNamesAreAnsweredAsData() throws Exception {
    String app = URLEncoder.encode(GenAiAppsOnOpenSearch.HOSTILE_APP, StandardCharsets.UTF_8);
    JsonNode models = get("/api/apps/breakdown?range=15m&by=model&application=" + app);
    assertThat(models.path("groups").get(0).path("model").asText())
        .isEqualTo(GenAiAppsOnOpenSearch.HOSTILE_MODEL);
    assertThat(models.path("groups").get(0).path("summary").path("unpriced_tokens").asLong())
        .isEqualTo(15);
  }

  @Test
  void badParametersAre400WithAMessage() throws Exception {
    assertRefused("/api/apps/summary?range=15m", "application or provider is required");
    assertRefused("/api/apps/summary?range=15m&model=gpt-4o", "model needs its provider");
    assertRefused("/api/apps/summary?range=15m&application=", "application is empty");
    assertRefused(
        "/api/apps/series?range=15m&provider=openai&fields=calls,nope", "unknown field 'nope'");
    assertRefused("/api/apps/breakdown?range=15m&provider=openai", "by is required");
    assertRefused(
        "/api/apps/breakdown?range=15m&by=instance", "by must be application, provider or model");
    assertRefused("/api/apps/breakdown?range=15m&by=provider&model=x&provider=y", "takes no model");
    assertRefused(
        "/api/apps/applications?range=731d", "longer than the day cells' retention of 730 d");
    assertRefused("/api/apps/providers?range=15m&limit=0", "limit must be between 1 and 1000");
  }

  @Test
  void aStoreThatCannotBeReachedAnswers503() throws Exception {
    for (String path :
        List.of(
            "/api/apps/applications?range=15m",
            "/api/apps/providers",
            "/api/apps/summary?provider=openai",
            "/api/apps/series?application=shop",
            "/api/apps/breakdown?by=model")) {
      HttpResponse<String> response = send(serverOnDownStore, path);
      assertThat(response.statusCode()).as(path).isEqualTo(503);
      assertThat(JSON.readTree(response.body()).path("error").asText())
          .as(path)
          .contains("cannot be reached");
    }
  }

  // ---- expectations

  /** Group names of the calls, most calls first then by name (the store's order). */
  private static List<String> ranked(Function<Call, String> group, Predicate<Call> which) {
    Map<String, Long> counts = new LinkedHashMap<>();
    data.calls(which).forEach(c -> counts.merge(group.apply(c), 1L, Long::sum));
    return counts.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                .thenComparing(Map.Entry::getKey))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The groups in order, each with the summary of its calls; key = the JSON fields joined. */
  private static void assertGroups(
      JsonNode groups,
      Predicate<Call> which,
      Function<Call, String> group,
      AppDimension dimension,
      String... keyFields) {
    List<String> got = new ArrayList<>();
    for (JsonNode g : groups) {
      List<String> parts = new ArrayList<>();
      for (String field : keyFields) {
        parts.add(g.path(field).asText());
      }
      String key = String.join("|", parts);
      got.add(key);
      assertSummary(
          g.path("summary"), data.calls(which.and(c -> group.apply(c).equals(key))), dimension);
    }
    assertThat(got).isEqualTo(ranked(group, which));
  }

  /** Every number of a summary against the calls it covers. */
  private static void assertSummary(JsonNode s, List<Call> calls, AppDimension dimension) {
    assertThat(calls).isNotEmpty();
    Map<String, Number> v = GenAiAppsOnOpenSearch.values(calls);
    for (AppCellField f : AppFields.ADDITIVE) {
      assertThat(s.path(f.storeName()).isIntegralNumber()).as(f.storeName()).isTrue();
      assertThat(s.path(f.storeName()).asLong())
          .as(f.storeName())
          .isEqualTo(v.get(f.storeName()).longValue());
    }
    assertThat(s.path("minutes_with_data").asLong()).isEqualTo(1);
    assertThat(s.path("calls_per_minute").asDouble())
        .isEqualTo((double) calls.size() / RANGE_MINUTES);
    for (String derived :
        List.of(
            "success_rate",
            "latency_avg_ms",
            "input_tokens_avg",
            "output_tokens_avg",
            "cache_read_tokens_avg",
            "cache_creation_tokens_avg",
            "reasoning_tokens_avg",
            "estimated_cost",
            "estimated_cost_avg",
            "streaming_share")) {
      assertThat(s.path(derived).asDouble()).as(derived).isEqualTo(v.get(derived).doubleValue());
    }
    assertThat(s.path("cache_savings").asDouble())
        .isEqualTo(v.get("cache_savings_picos").longValue() / 1e12);
    boolean ttft = v.get("ttft_count").longValue() > 0;
    if (ttft) {
      assertThat(s.path("ttft_avg_ms").asDouble()).isEqualTo(v.get("ttft_avg_ms").doubleValue());
    } else {
      assertThat(s.path("ttft_avg_ms").isNull()).isTrue();
    }
    Map<String, Double> highest = GenAiAppsOnOpenSearch.highest(calls, dimension);
    JsonNode h = s.path("highest");
    assertThat(h.size()).isEqualTo(10);
    highest.forEach(
        (field, max) -> {
          if (field.startsWith("ttft") && !ttft) {
            assertThat(h.path(field).isNull()).as(field).isTrue();
          } else {
            assertThat(h.path(field).asDouble()).as(field).isEqualTo(max);
          }
        });
  }

  /** Every field of a series: the traffic's minute (index 13) and the empty one before. */
  private static void assertSeries(JsonNode values, List<Call> calls, AppDimension dimension) {
    assertThat(values.size()).isEqualTo(AppCellField.values().length);
    Map<String, Number> v = GenAiAppsOnOpenSearch.values(calls);
    Map<String, Double> highest = GenAiAppsOnOpenSearch.highest(calls, dimension);
    boolean ttft = v.get("ttft_count").longValue() > 0;
    for (AppCellField f : AppCellField.values()) {
      JsonNode column = values.path(f.storeName());
      assertThat(column).as(f.storeName()).hasSize(RANGE_MINUTES);
      JsonNode at = column.get(13);
      JsonNode before = column.get(12);
      if (AppFields.ADDITIVE.contains(f)) {
        assertThat(at.asLong()).as(f.storeName()).isEqualTo(v.get(f.storeName()).longValue());
        assertThat(before.asLong()).as(f.storeName()).isZero();
      } else if (f == AppCellField.ESTIMATED_COST) {
        assertThat(at.asDouble()).isEqualTo(v.get(f.storeName()).doubleValue());
        assertThat(before.asDouble()).isZero();
      } else {
        assertThat(before.isNull()).as(f.storeName()).isTrue();
        boolean ttftField = f.storeName().startsWith("ttft_");
        if (ttftField && !ttft) {
          assertThat(at.isNull()).as(f.storeName()).isTrue();
        } else if (AppFields.PERCENTILES.contains(f)) {
          assertThat(at.asDouble()).as(f.storeName()).isEqualTo(highest.get(f.storeName()));
        } else {
          assertThat(at.asDouble()).as(f.storeName()).isEqualTo(v.get(f.storeName()).doubleValue());
        }
      }
    }
  }

  /** The API's rounding of a step's computed value (4 significant digits, at least 2 decimals). */
  private static double round(double v) {
    java.math.BigDecimal exact = java.math.BigDecimal.valueOf(v);
    int scale = Math.max(2, 4 - 1 - (exact.precision() - exact.scale() - 1));
    return exact.setScale(scale, java.math.RoundingMode.HALF_UP).doubleValue();
  }

  private static List<String> names(JsonNode rows, String key) {
    List<String> names = new ArrayList<>();
    rows.forEach(r -> names.add(r.path(key).asText()));
    return names;
  }

  private static void assertRefused(String path, String message) throws Exception {
    HttpResponse<String> response = send(server, path);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("error").asText()).as(path).contains(message);
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send(server, path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(DashboardServer to, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
