package dev.aigw.insight.dashboard.read;

import static dev.aigw.insight.dashboard.read.LongRangeTraffic.DAY;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.HOUR;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.MINUTE;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.NOW;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.SERVICE;
import static dev.aigw.insight.dashboard.read.LongRangeTraffic.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * What a store holding {@link LongRangeTraffic} must answer, value by value: 30-day totals, steps
 * and API answers equal the traffic's exact sums though they are read from day, hour and minute
 * cells, and the answers say which resolution was read. Each store's ITCase runs these.
 */
public final class LongRangeChecks {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The range {@code range=30d} gives at {@link LongRangeTraffic#NOW}. */
  public static final long FROM = TODAY + 10 * HOUR + 21 * MINUTE - 30 * DAY;

  public static final long TO = TODAY + 10 * HOUR + 21 * MINUTE;

  private static final List<CellField> SUMMED =
      List.of(
          CellField.REQUESTS,
          CellField.ERRORS,
          CellField.INPUT_TOKENS,
          CellField.OUTPUT_TOKENS,
          CellField.COST_PICOS);

  private final TelemetryStore store;
  private final LongRangeTraffic traffic;

  public LongRangeChecks(TelemetryStore store, LongRangeTraffic traffic) {
    this.store = store;
    this.traffic = traffic;
  }

  /** 30-day totals of the service and per provider are the traffic's exact sums. */
  public void thirtyDayTotalsAreExact() {
    CellQuery service = CellQuery.of(Scope.SERVICE, Dimension.ALL, FROM, TO).withService(SERVICE);
    assertThat(store.resolution(service, 0)).isEqualTo("day");
    RangeTotals total = store.totals(service, CellTag.SERVICE, 1).get(0);
    for (CellField f : SUMMED) {
      assertThat(total.integer(f)).as(f.storeName()).isEqualTo(traffic.sum(f, null, FROM, TO));
    }
    assertThat(total.integer(CellField.REQUESTS)).isGreaterThan(10_000);
    CellQuery byProvider =
        CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, FROM, TO).withService(SERVICE);
    List<RangeTotals> providers = store.totals(byProvider, CellTag.PROVIDER, 10);
    assertThat(providers).extracting(RangeTotals::group).containsExactly("openai", "anthropic");
    for (RangeTotals t : providers) {
      for (CellField f : SUMMED) {
        assertThat(t.integer(f))
            .as("%s %s", t.group(), f.storeName())
            .isEqualTo(traffic.sum(f, t.group(), FROM, TO));
      }
    }
    // a range over 2 days and up to 14 reads hour cells (and minutes), never days
    CellQuery tenDays =
        CellQuery.of(Scope.SERVICE, Dimension.ALL, TO - 10 * DAY, TO).withService(SERVICE);
    assertThat(store.resolution(tenDays, 0)).isEqualTo("hour");
    assertThat(store.totals(tenDays, CellTag.SERVICE, 1).get(0).integer(CellField.REQUESTS))
        .isEqualTo(traffic.sum(CellField.REQUESTS, null, TO - 10 * DAY, TO));
  }

  /**
   * Day steps from the first whole day: each day's sum exact (yesterday and today from hour and
   * minute cells), each whole stored day's p99 the day cell's own.
   */
  public void dayStepsAreExact() {
    long from = TODAY - 29 * DAY;
    CellQuery query =
        CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, from, TO).withService(SERVICE);
    assertThat(store.resolution(query, DAY)).isEqualTo("day");
    // steps not of whole days: hour cells at most
    assertThat(store.resolution(query, 6 * HOUR)).isEqualTo("hour");
    List<GroupSteps> steps =
        store.steps(
            query,
            List.of(CellTag.PROVIDER),
            List.of(CellField.REQUESTS, CellField.LATENCY_P99_MS),
            DAY,
            10);
    assertThat(steps).hasSize(2);
    for (GroupSteps g : steps) {
      Number[] requests = g.values().get(CellField.REQUESTS);
      Number[] p99 = g.values().get(CellField.LATENCY_P99_MS);
      assertThat(requests).hasSize(30);
      for (int i = 0; i < 30; i++) {
        long start = from + i * DAY;
        long expected =
            traffic.sum(CellField.REQUESTS, g.key().get(0), start, Math.min(TO, start + DAY));
        assertThat(requests[i] == null ? 0L : requests[i].longValue())
            .as("%s day %d", g.key().get(0), i)
            .isEqualTo(expected);
        if (i < 28) { // the day cells stored: up to the day before yesterday
          assertThat(p99[i].doubleValue()).isEqualTo(LongRangeTraffic.dayP99(start));
        }
      }
    }
  }

  /** The API's 30-day summary, breakdown and series over the store. */
  public void thirtyDayAnswersOfTheApi() throws Exception {
    try (DashboardServer server =
        DashboardServer.start("127.0.0.1", 0, null, new QueryApi(store, () -> NOW))) {
      JsonNode summary = get(server, "/api/summary?range=30d&service=" + SERVICE);
      assertThat(summary.path("from").asLong()).isEqualTo(FROM);
      assertThat(summary.path("resolution").asText()).isEqualTo("day");
      for (CellField f : SUMMED) {
        assertThat(summary.path("summary").path(f.storeName()).asLong())
            .as(f.storeName())
            .isEqualTo(traffic.sum(f, null, FROM, TO));
      }
      JsonNode breakdown = get(server, "/api/breakdown?range=30d&by=provider&service=" + SERVICE);
      assertThat(breakdown.path("groups").size()).isEqualTo(2);
      for (JsonNode g : breakdown.path("groups")) {
        String provider = g.path("provider").asText();
        assertThat(g.path("summary").path("requests").asLong())
            .as(provider)
            .isEqualTo(traffic.sum(CellField.REQUESTS, provider, FROM, TO));
      }
      JsonNode series =
          get(
              server,
              "/api/series?range=30d&by=provider&fields=requests,latency_p99_ms&service="
                  + SERVICE);
      assertThat(series.path("resolution").asText()).isEqualTo("day");
      assertThat(series.path("step_ms").asLong()).isEqualTo(DAY);
      assertThat(series.path("from").asLong()).isEqualTo(TODAY - 29 * DAY);
      assertThat(series.path("minutes").size()).isEqualTo(30);
      JsonNode openai = series.path("series").get(0);
      assertThat(openai.path("provider").asText()).isEqualTo("openai");
      long day = TODAY - 10 * DAY;
      // per minute of the step (rounded to 4 significant digits)
      double perMinute = traffic.sum(CellField.REQUESTS, "openai", day, day + DAY) / 1440.0;
      assertThat(openai.path("values").path("requests").get(19).asDouble())
          .isCloseTo(perMinute, within(perMinute * 1e-3));
      assertThat(openai.path("values").path("latency_p99_ms").get(19).asDouble())
          .isEqualTo(LongRangeTraffic.dayP99(day));
      JsonNode week = get(server, "/api/summary?range=7d&service=" + SERVICE);
      assertThat(week.path("resolution").asText()).isEqualTo("hour");
      JsonNode hours = get(server, "/api/summary?range=48h&service=" + SERVICE);
      assertThat(hours.path("resolution").asText()).isEqualTo("minute");
      assertThat(hours.path("summary").path("requests").asLong())
          .isEqualTo(traffic.sum(CellField.REQUESTS, null, TO - 2 * DAY, TO));
    }
  }

  private static JsonNode get(DashboardServer server, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
