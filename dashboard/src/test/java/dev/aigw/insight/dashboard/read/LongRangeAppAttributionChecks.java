package dev.aigw.insight.dashboard.read;

import static dev.aigw.insight.dashboard.read.LongRangeChecks.FROM;
import static dev.aigw.insight.dashboard.read.LongRangeChecks.TO;
import static dev.aigw.insight.dashboard.read.LongRangeFamilies.APPLICATION;
import static dev.aigw.insight.dashboard.read.LongRangeFamilies.ATTRIBUTE;
import static dev.aigw.insight.dashboard.read.LongRangeFamilies.MARKUP_VALUE;
import static dev.aigw.insight.dashboard.read.LongRangeFamilies.SECOND_APPLICATION;
import static dev.aigw.insight.dashboard.read.LongRangeFamilies.SECOND_CALLS;
import static dev.aigw.insight.dashboard.read.LongRangeFamilies.SECOND_COST_PICOS;
import static dev.aigw.insight.dashboard.read.LongRangeFamilies.SECOND_ERRORS;
import static dev.aigw.insight.dashboard.read.LongRangeFamilies.SECOND_INPUT_TOKENS;
import static dev.aigw.insight.dashboard.read.LongRangeFamilies.team;
import static dev.aigw.insight.dashboard.read.LongRangeFamilyChecks.get;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.DAY;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.HOUR;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.MINUTE;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.NOW;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.PROVIDERS;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.dashboard.api.AppAttributionApi;
import dev.aigw.insight.dashboard.read.apps.AppAttributionQuery;
import dev.aigw.insight.dashboard.read.apps.AppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.cell.CellField;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What an application attribution store holding {@link LongRangeFamilies} must answer, value by
 * value: 30-day and 10-day totals per value (whole application and per model; hour and day cells
 * with minutes), day steps, one hour from minute cells of two applications, and the {@code
 * /api/apps/attribution/} endpoints' answers and refusals, all equal to the exact sums of the
 * traffic. Each store's ITCase runs these.
 */
public final class LongRangeAppAttributionChecks {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The last hour: 09:21 to 10:21 today (the second application's two minutes and 09:50). */
  private static final long HOUR_FROM = TO - HOUR;

  /** Where a range of all forty days can be read from ({@link LongRangeFamilyChecks}). */
  private static final long OLDEST_READABLE = TODAY - 40 * DAY + HOUR;

  private static final List<AppCellField> SUMMED =
      List.of(
          AppCellField.CALLS,
          AppCellField.ERRORS,
          AppCellField.INPUT_TOKENS,
          AppCellField.OUTPUT_TOKENS,
          AppCellField.COST_PICOS);

  private final AppAttributionStore store;
  private final LongRangeTraffic traffic;

  public LongRangeAppAttributionChecks(AppAttributionStore store, LongRangeFamilies families) {
    this.store = store;
    this.traffic = families.traffic;
  }

  /**
   * The gateway field that a summed application field was made from in {@link LongRangeFamilies}.
   */
  private static CellField source(AppCellField f) {
    return switch (f) {
      case CALLS -> CellField.REQUESTS;
      case ERRORS -> CellField.ERRORS;
      case INPUT_TOKENS -> CellField.INPUT_TOKENS;
      case OUTPUT_TOKENS -> CellField.OUTPUT_TOKENS;
      case COST_PICOS -> CellField.COST_PICOS;
      default -> throw new IllegalArgumentException(f.name());
    };
  }

  /** 30 and 10-day totals per value of the application, whole and per model, are exact. */
  public void totalsAreExact() {
    assertThat(store.attributes(FROM, TO)).containsExactly(ATTRIBUTE);
    AppAttributionQuery query =
        AppAttributionQuery.of(ATTRIBUTE, FROM, TO).withApplication(APPLICATION);
    List<AppTotals> values = store.totals(query, List.of(AppAttributionStoreNames.VALUE), 10);
    assertThat(values)
        .extracting(AppTotals::group)
        .containsExactly(team("openai"), team("anthropic"));
    for (AppTotals t : values) {
      String provider = t.group().substring("team-".length());
      for (AppCellField f : SUMMED) {
        assertThat(t.sum(f))
            .as("%s %s", provider, f)
            .isEqualTo(traffic.sum(source(f), provider, FROM, TO));
      }
    }
    assertThat(values.get(0).sum(AppCellField.CALLS)).isGreaterThan(10_000);
    List<AppTotals> models =
        store.totals(
            query.perModel(),
            List.of(AppAttributionStoreNames.VALUE, AppCell.PROVIDER, AppCell.MODEL),
            10);
    assertThat(models).hasSize(2);
    for (AppTotals t : models) {
      assertThat(t.key().get(0)).isEqualTo(team(t.key().get(1)));
      assertThat(t.key().get(2)).isEqualTo(LongRangeFamilies.model(t.key().get(1)));
      assertThat(t.sum(AppCellField.COST_PICOS))
          .isEqualTo(traffic.sum(CellField.COST_PICOS, t.key().get(1), FROM, TO));
    }
    // 10 days of every application: hour cells and minutes, the second application's minutes too
    AppAttributionQuery tenDays = AppAttributionQuery.of(ATTRIBUTE, TO - 10 * DAY, TO);
    Map<String, AppTotals> byValue =
        byGroup(store.totals(tenDays, List.of(AppAttributionStoreNames.VALUE), 10));
    assertThat(byValue).containsOnlyKeys(team("openai"), team("anthropic"), MARKUP_VALUE);
    for (String provider : PROVIDERS) {
      assertThat(byValue.get(team(provider)).sum(AppCellField.CALLS))
          .isEqualTo(traffic.sum(CellField.REQUESTS, provider, TO - 10 * DAY, TO));
    }
    assertThat(byValue.get(MARKUP_VALUE).sum(AppCellField.CALLS)).isEqualTo(SECOND_CALLS);
  }

  /** The last hour, from minute cells: each application's values exact, the other one apart. */
  public void lastHourIsExact() {
    AppAttributionQuery hour = AppAttributionQuery.of(ATTRIBUTE, HOUR_FROM, TO);
    Map<String, AppTotals> all =
        byGroup(store.totals(hour, List.of(AppAttributionStoreNames.VALUE), 10));
    assertThat(all).containsOnlyKeys(team("openai"), team("anthropic"), MARKUP_VALUE);
    AppTotals markup = all.get(MARKUP_VALUE);
    assertThat(markup.sum(AppCellField.CALLS)).isEqualTo(SECOND_CALLS);
    assertThat(markup.sum(AppCellField.ERRORS)).isEqualTo(SECOND_ERRORS);
    assertThat(markup.sum(AppCellField.INPUT_TOKENS)).isEqualTo(SECOND_INPUT_TOKENS);
    assertThat(markup.sum(AppCellField.COST_PICOS)).isEqualTo(SECOND_COST_PICOS);
    assertThat(markup.minutes()).isEqualTo(2);
    for (String provider : PROVIDERS) {
      assertThat(all.get(team(provider)).sum(AppCellField.CALLS))
          .isEqualTo(traffic.sum(CellField.REQUESTS, provider, HOUR_FROM, TO))
          .isPositive();
    }
    List<AppTotals> second =
        store.totals(
            hour.withApplication(SECOND_APPLICATION), List.of(AppAttributionStoreNames.VALUE), 10);
    assertThat(second).extracting(AppTotals::group).containsExactly(MARKUP_VALUE);
    List<AppTotals> byApp =
        store.totals(
            hour.withValue(MARKUP_VALUE),
            List.of(AppAttributionStoreNames.VALUE, AppCell.APPLICATION),
            10);
    assertThat(byApp).extracting(t -> t.key().get(1)).containsExactly(SECOND_APPLICATION);
    AppSteps minutes = store.steps(hour.withValue(MARKUP_VALUE), MINUTE);
    Number[] calls = minutes.of(AppCellField.CALLS);
    assertThat(calls).hasSize(60);
    int first = (int) ((LongRangeFamilies.SECOND_MINUTES.get(0) - HOUR_FROM) / MINUTE);
    int last = (int) ((LongRangeFamilies.SECOND_MINUTES.get(1) - HOUR_FROM) / MINUTE);
    for (int i = 0; i < 60; i++) {
      Long expected = i == first ? Long.valueOf(3) : i == last ? Long.valueOf(4) : null;
      assertThat(calls[i] == null ? null : Long.valueOf(calls[i].longValue()))
          .as("minute %d", i)
          .isEqualTo(expected);
    }
  }

  /** Day steps of a value: every day exact, each stored day's p99 the day cell's own. */
  public void dayStepsAreExact() {
    long from = TODAY - 29 * DAY;
    AppAttributionQuery query =
        AppAttributionQuery.of(ATTRIBUTE, from, TO)
            .withApplication(APPLICATION)
            .withValue(team("openai"));
    AppSteps steps = store.steps(query, DAY);
    Number[] calls = steps.of(AppCellField.CALLS);
    Number[] p99 = steps.of(AppCellField.LATENCY_P99_MS);
    assertThat(calls).hasSize(30);
    for (int i = 0; i < 30; i++) {
      long start = from + i * DAY;
      assertThat(calls[i] == null ? 0L : calls[i].longValue())
          .as("day %d", i)
          .isEqualTo(traffic.sum(CellField.REQUESTS, "openai", start, Math.min(TO, start + DAY)));
      if (i < 28) { // the day cells stored: up to the day before yesterday
        assertThat(p99[i].doubleValue()).isEqualTo(LongRangeTraffic.dayP99(start));
      }
    }
  }

  /** The endpoints answer 1 hour, 30 days and 365 days exactly, and refuse bad parameters. */
  public void answersOfTheApi() throws Exception {
    try (DashboardServer server =
        DashboardServer.start(
            "127.0.0.1",
            0,
            null,
            new AppAttributionApi(store, List.of(ATTRIBUTE, "tenant.id"), List.of(), () -> NOW))) {
      JsonNode attributes = get(server, "/api/apps/attribution/attributes?range=30d");
      assertThat(attributes.path("seen").toString()).isEqualTo("[\"team.id\"]");
      assertThat(attributes.path("attributes").toString()).isEqualTo("[\"team.id\",\"tenant.id\"]");

      // 30 days of every application: the application's traffic and the second's two minutes
      JsonNode spend =
          LongRangeFamilyChecks.get(
              server, "/api/apps/attribution/spend?range=30d&attribute=team.id");
      assertThat(spend.path("from").asLong()).isEqualTo(FROM);
      long calls = traffic.sum(CellField.REQUESTS, null, FROM, TO) + SECOND_CALLS;
      long errors = traffic.sum(CellField.ERRORS, null, FROM, TO) + SECOND_ERRORS;
      long cost = traffic.sum(CellField.COST_PICOS, null, FROM, TO) + SECOND_COST_PICOS;
      assertThat(spend.path("total").path("calls").asLong()).isEqualTo(calls);
      assertThat(spend.path("total").path("errors").asLong()).isEqualTo(errors);
      assertThat(spend.path("total").path("cost_picos").asLong()).isEqualTo(cost);
      assertThat(spend.path("values")).hasSize(3);
      for (JsonNode row : spend.path("values")) {
        String value = row.path("value").asText();
        JsonNode s = row.path("summary");
        if (value.equals(MARKUP_VALUE)) {
          assertThat(s.path("calls").asLong()).isEqualTo(SECOND_CALLS);
          assertThat(row.path("error_share").asDouble()).isEqualTo(1.0 / 7);
          assertThat(row.path("cost_share").asDouble())
              .isEqualTo((double) SECOND_COST_PICOS / cost);
          assertThat(row.path("applications").get(0).path("application").asText())
              .isEqualTo(SECOND_APPLICATION);
          assertThat(row.path("models").get(0).path("model").asText())
              .isEqualTo(LongRangeFamilies.SECOND_MODEL);
          continue;
        }
        String provider = value.substring("team-".length());
        long valueCalls = traffic.sum(CellField.REQUESTS, provider, FROM, TO);
        assertThat(s.path("calls").asLong()).isEqualTo(valueCalls);
        assertThat(s.path("input_tokens").asLong())
            .isEqualTo(traffic.sum(CellField.INPUT_TOKENS, provider, FROM, TO));
        assertThat(row.path("error_share").asDouble())
            .isEqualTo((double) traffic.sum(CellField.ERRORS, provider, FROM, TO) / valueCalls);
        assertThat(row.path("placeholder").isNull()).isTrue();
        assertThat(row.path("applications").get(0).path("application").asText())
            .isEqualTo(APPLICATION);
        assertThat(row.path("models").get(0).path("model").asText())
            .isEqualTo(LongRangeFamilies.model(provider));
      }
      // most cost first
      for (int i = 1; i < 3; i++) {
        assertThat(spend.path("values").get(i).path("summary").path("cost_picos").asLong())
            .isLessThanOrEqualTo(
                spend.path("values").get(i - 1).path("summary").path("cost_picos").asLong());
      }

      // one application over a year: no applications lists, only its cells
      JsonNode year =
          get(
              server,
              "/api/apps/attribution/spend?range=365d&attribute=team.id&application="
                  + APPLICATION);
      assertThat(year.path("application").asText()).isEqualTo(APPLICATION);
      assertThat(year.path("total").path("calls").asLong())
          .isEqualTo(traffic.sum(CellField.REQUESTS, null, OLDEST_READABLE, TO));
      assertThat(year.path("values")).hasSize(2);
      assertThat(year.path("values").get(0).has("applications")).isFalse();

      // one value's series over 30 days: day steps, each the day's calls per minute
      JsonNode series =
          get(
              server,
              "/api/apps/attribution/series?range=30d&attribute=team.id&fields=calls&application="
                  + APPLICATION
                  + "&value="
                  + team("openai"));
      assertThat(series.path("step_ms").asLong()).isEqualTo(DAY);
      assertThat(series.path("from").asLong()).isEqualTo(TODAY - 29 * DAY);
      assertThat(series.path("minutes").size()).isEqualTo(30);
      assertThat(series.path("series")).hasSize(1);
      long day = TODAY - 10 * DAY;
      double perMinute = traffic.sum(CellField.REQUESTS, "openai", day, day + DAY) / 1440.0;
      assertThat(series.path("series").get(0).path("values").path("calls").get(19).asDouble())
          .isCloseTo(perMinute, within(perMinute * 1e-3));

      // the busiest values' series over an hour: minute steps, the cells' own values
      JsonNode hour =
          LongRangeFamilyChecks.get(
              server, "/api/apps/attribution/series?range=1h&attribute=team.id&limit=5");
      assertThat(hour.path("step_ms").asLong()).isEqualTo(MINUTE);
      assertThat(hour.path("series")).hasSize(3);
      JsonNode markup = null;
      for (JsonNode s : hour.path("series")) {
        if (s.path("value").asText().equals(MARKUP_VALUE)) {
          markup = s;
        }
      }
      assertThat(markup).isNotNull();
      int first = (int) ((LongRangeFamilies.SECOND_MINUTES.get(0) - HOUR_FROM) / MINUTE);
      assertThat(markup.path("values").path("calls").get(first).asLong()).isEqualTo(3);
      assertThat(markup.path("values").path("errors").get(first).asLong()).isEqualTo(1);
      assertThat(markup.path("values").path("estimated_cost").get(first).asDouble()).isEqualTo(2.0);

      assertError(server, "/api/apps/attribution/spend?range=1h", "attribute is required");
      assertError(
          server,
          "/api/apps/attribution/spend?range=1h&attribute=team.id&application=",
          "application is empty");
      assertError(
          server, "/api/apps/attribution/spend?range=1h&attribute=team.id&limit=0", "limit");
      assertError(server, "/api/apps/attribution/spend?range=1h&attribute=team.id&top=21", "top");
      assertError(
          server,
          "/api/apps/attribution/series?range=1h&attribute=team.id&fields=requests",
          "unknown field 'requests'");
      assertError(
          server, "/api/apps/attribution/series?range=1h&attribute=team.id&limit=51", "limit");
      assertError(
          server,
          "/api/apps/attribution/series?range=1h&attribute=team.id&value=",
          "value is empty");
      assertError(
          server,
          "/api/apps/attribution/spend?range=800d&attribute=team.id",
          "longer than the day cells' retention");
      assertError(
          server,
          "/api/apps/attribution/spend?range=1h&attribute="
              + URLEncoder.encode("x".repeat(257), StandardCharsets.UTF_8),
          "at most 256");
    }
  }

  private static Map<String, AppTotals> byGroup(List<AppTotals> totals) {
    Map<String, AppTotals> out = new java.util.LinkedHashMap<>();
    totals.forEach(t -> out.put(t.group(), t));
    return out;
  }

  private static void assertError(DashboardServer server, String path, String message)
      throws Exception {
    HttpResponse<String> response = send(server, path);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(400);
    assertThat(new ObjectMapper().readTree(response.body()).path("error").asText())
        .as(path)
        .contains(message);
  }

  private static HttpResponse<String> send(DashboardServer server, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
