package dev.aigw.insight.dashboard.read;

import static dev.aigw.insight.dashboard.read.LongRangeChecks.FROM;
import static dev.aigw.insight.dashboard.read.LongRangeChecks.TO;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.DAY;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.NOW;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.PROVIDERS;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.SERVICE;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.dashboard.api.AppsApi;
import dev.aigw.insight.dashboard.api.AttributionApi;
import dev.aigw.insight.dashboard.read.apps.AppCellQuery;
import dev.aigw.insight.dashboard.read.apps.AppCellStore;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.read.attribution.AttributionQuery;
import dev.aigw.insight.dashboard.read.attribution.AttributionStore;
import dev.aigw.insight.dashboard.read.attribution.AttributionTag;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.cell.CellField;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * What the attribution and application stores holding {@link LongRangeFamilies} must answer, value
 * by value, as {@link LongRangeChecks} for the gateway cells: 30-day totals, day steps (yesterday
 * and today from hour and minute cells) and the API's answers equal the traffic's exact sums. Each
 * store's ITCase runs these.
 */
public final class LongRangeFamilyChecks {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * Where a range holding all forty days can be read from: the oldest stored hour may be partial (a
   * roll-up that began mid-hour), so its minute cells answer it, and those are no longer kept.
   */
  private static final long OLDEST_READABLE = TODAY - 40 * DAY + LongRangeTraffic.HOUR;

  private static final List<CellField> SUMMED =
      List.of(
          CellField.REQUESTS,
          CellField.ERRORS,
          CellField.INPUT_TOKENS,
          CellField.OUTPUT_TOKENS,
          CellField.COST_PICOS);

  private final AttributionStore attribution;
  private final AppCellStore apps;
  private final LongRangeTraffic traffic;

  public LongRangeFamilyChecks(
      AttributionStore attribution, AppCellStore apps, LongRangeFamilies families) {
    this.attribution = attribution;
    this.apps = apps;
    this.traffic = families.traffic;
  }

  /** 30-day totals per team (whole service and per model) are the traffic's exact sums. */
  public void attributionTotalsAreExact() {
    AttributionQuery query =
        AttributionQuery.of(LongRangeFamilies.ATTRIBUTE, FROM, TO).withService(SERVICE);
    List<RangeTotals> values = attribution.totals(query, List.of(AttributionTag.VALUE), 10);
    assertThat(values)
        .extracting(RangeTotals::group)
        .containsExactly(LongRangeFamilies.team("openai"), LongRangeFamilies.team("anthropic"));
    for (String provider : PROVIDERS) {
      RangeTotals t =
          values.stream()
              .filter(v -> v.group().equals(LongRangeFamilies.team(provider)))
              .findFirst()
              .orElseThrow();
      for (CellField f : SUMMED) {
        assertThat(t.integer(f))
            .as("%s %s", provider, f.storeName())
            .isEqualTo(traffic.sum(f, provider, FROM, TO));
      }
    }
    assertThat(values.get(0).integer(CellField.REQUESTS)).isGreaterThan(10_000);
    List<RangeTotals> models =
        attribution.totals(
            query.byModel(),
            List.of(AttributionTag.VALUE, AttributionTag.PROVIDER, AttributionTag.MODEL),
            10);
    assertThat(models).hasSize(2);
    for (RangeTotals t : models) {
      assertThat(t.key().get(2)).isEqualTo(LongRangeFamilies.model(t.key().get(1)));
      assertThat(t.integer(CellField.COST_PICOS))
          .isEqualTo(traffic.sum(CellField.COST_PICOS, t.key().get(1), FROM, TO));
    }
    // 10 days: hour cells and minutes
    AttributionQuery tenDays = AttributionQuery.of(LongRangeFamilies.ATTRIBUTE, TO - 10 * DAY, TO);
    for (RangeTotals t : attribution.totals(tenDays, List.of(AttributionTag.VALUE), 10)) {
      String provider = t.group().substring("team-".length());
      assertThat(t.integer(CellField.REQUESTS))
          .isEqualTo(traffic.sum(CellField.REQUESTS, provider, TO - 10 * DAY, TO));
    }
  }

  /** Day steps of each team: every day exact, each stored day's p99 the day cell's own. */
  public void attributionDayStepsAreExact() {
    long from = TODAY - 29 * DAY;
    AttributionQuery query = AttributionQuery.of(LongRangeFamilies.ATTRIBUTE, from, TO);
    List<GroupSteps> steps =
        attribution.steps(
            query,
            List.of(AttributionTag.VALUE),
            List.of(CellField.REQUESTS, CellField.LATENCY_P99_MS),
            DAY,
            10);
    assertThat(steps).hasSize(2);
    for (GroupSteps g : steps) {
      String provider = g.key().get(0).substring("team-".length());
      Number[] requests = g.values().get(CellField.REQUESTS);
      Number[] p99 = g.values().get(CellField.LATENCY_P99_MS);
      assertThat(requests).hasSize(30);
      for (int i = 0; i < 30; i++) {
        long start = from + i * DAY;
        assertThat(requests[i] == null ? 0L : requests[i].longValue())
            .as("%s day %d", provider, i)
            .isEqualTo(traffic.sum(CellField.REQUESTS, provider, start, Math.min(TO, start + DAY)));
        if (i < 28) { // the day cells stored: up to the day before yesterday
          assertThat(p99[i].doubleValue()).isEqualTo(LongRangeTraffic.dayP99(start));
        }
      }
    }
  }

  /** 30-day totals of the application and per provider, and its day steps, are exact. */
  public void appTotalsAndStepsAreExact() {
    AppCellQuery byApp = AppCellQuery.of(AppDimension.APPLICATION_MODEL, FROM, TO);
    List<AppTotals> applications = apps.totals(byApp, List.of(AppCell.APPLICATION), 10);
    assertThat(applications).hasSize(1);
    assertThat(applications.get(0).sum(AppCellField.CALLS))
        .isEqualTo(traffic.sum(CellField.REQUESTS, null, FROM, TO));
    assertThat(applications.get(0).sum(AppCellField.COST_PICOS))
        .isEqualTo(traffic.sum(CellField.COST_PICOS, null, FROM, TO));
    List<AppTotals> providers =
        apps.totals(
            AppCellQuery.of(AppDimension.PROVIDER, FROM, TO), List.of(AppCell.PROVIDER), 10);
    assertThat(providers).extracting(AppTotals::group).containsExactly("openai", "anthropic");
    for (AppTotals t : providers) {
      assertThat(t.sum(AppCellField.CALLS))
          .isEqualTo(traffic.sum(CellField.REQUESTS, t.group(), FROM, TO));
      assertThat(t.sum(AppCellField.INPUT_TOKENS))
          .isEqualTo(traffic.sum(CellField.INPUT_TOKENS, t.group(), FROM, TO));
      assertThat(t.sum(AppCellField.ERRORS))
          .isEqualTo(traffic.sum(CellField.ERRORS, t.group(), FROM, TO));
    }
    long from = TODAY - 29 * DAY;
    AppCellQuery openai = new AppCellQuery(AppDimension.PROVIDER, from, TO, null, "openai", null);
    AppSteps steps = apps.steps(openai, DAY);
    Number[] calls = steps.of(AppCellField.CALLS);
    Number[] p99 = steps.of(AppCellField.LATENCY_P99_MS);
    assertThat(calls).hasSize(30);
    for (int i = 0; i < 30; i++) {
      long start = from + i * DAY;
      assertThat(calls[i] == null ? 0L : calls[i].longValue())
          .as("day %d", i)
          .isEqualTo(traffic.sum(CellField.REQUESTS, "openai", start, Math.min(TO, start + DAY)));
      if (i < 28) {
        assertThat(p99[i].doubleValue()).isEqualTo(LongRangeTraffic.dayP99(start));
      }
    }
  }

  /** The attribution and GenAI apps endpoints answer 30 days exactly, series in day steps. */
  public void thirtyDayAnswersOfTheApis() throws Exception {
    try (DashboardServer server =
        DashboardServer.start(
            "127.0.0.1",
            0,
            null,
            ApiRoutes.all(
                new AttributionApi(attribution, List.of(), List.of(), () -> NOW),
                new AppsApi(apps, () -> NOW)))) {
      JsonNode spend = get(server, "/api/attribution/spend?range=30d&attribute=team.id");
      assertThat(spend.path("from").asLong()).isEqualTo(FROM);
      assertThat(spend.path("total").path("requests").asLong())
          .isEqualTo(traffic.sum(CellField.REQUESTS, null, FROM, TO));
      assertThat(spend.path("total").path("cost_picos").asLong())
          .isEqualTo(traffic.sum(CellField.COST_PICOS, null, FROM, TO));
      for (JsonNode row : spend.path("values")) {
        String provider = row.path("value").asText().substring("team-".length());
        assertThat(row.path("summary").path("requests").asLong())
            .isEqualTo(traffic.sum(CellField.REQUESTS, provider, FROM, TO));
        assertThat(row.path("models").get(0).path("model").asText())
            .isEqualTo(LongRangeFamilies.model(provider));
      }
      JsonNode breakdown =
          get(server, "/api/attribution/breakdown?range=90d&attribute=team.id&service=" + SERVICE);
      assertThat(breakdown.path("total").path("requests").asLong())
          .isEqualTo(traffic.sum(CellField.REQUESTS, null, OLDEST_READABLE, TO));
      JsonNode series =
          get(server, "/api/attribution/series?range=30d&attribute=team.id&fields=requests");
      assertThat(series.path("step_ms").asLong()).isEqualTo(DAY);
      assertThat(series.path("from").asLong()).isEqualTo(TODAY - 29 * DAY);
      assertThat(series.path("minutes").size()).isEqualTo(30);
      long day = TODAY - 10 * DAY;
      JsonNode first = series.path("series").get(0);
      String provider = first.path("value").asText().substring("team-".length());
      double perMinute = traffic.sum(CellField.REQUESTS, provider, day, day + DAY) / 1440.0;
      assertThat(first.path("values").path("requests").get(19).asDouble())
          .isCloseTo(perMinute, within(perMinute * 1e-3));

      JsonNode applications = get(server, "/api/apps/applications?range=30d");
      assertThat(applications.path("applications").get(0).path("summary").path("calls").asLong())
          .isEqualTo(traffic.sum(CellField.REQUESTS, null, FROM, TO));
      JsonNode appSeries =
          get(
              server,
              "/api/apps/series?range=30d&fields=calls&application="
                  + LongRangeFamilies.APPLICATION);
      assertThat(appSeries.path("step_ms").asLong()).isEqualTo(DAY);
      assertThat(appSeries.path("minutes").size()).isEqualTo(30);
      double appPerMinute = traffic.sum(CellField.REQUESTS, null, day, day + DAY) / 1440.0;
      assertThat(appSeries.path("values").path("calls").get(19).asDouble())
          .isCloseTo(appPerMinute, within(appPerMinute * 1e-3));
      JsonNode year = get(server, "/api/apps/summary?range=365d&provider=openai");
      assertThat(year.path("summary").path("calls").asLong())
          .isEqualTo(traffic.sum(CellField.REQUESTS, "openai", OLDEST_READABLE, TO));
    }
  }

  /** The 200 answer of a GET of {@code path} on the server, as JSON. */
  static JsonNode get(DashboardServer server, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
