package dev.aigw.insight.dashboard.read.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.emit.opensearch.MinuteCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellIndexTemplate;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long range read from hour cells where they are written and minute cells for the rest gives the
 * same totals and the same sums and averages per whole-hour step as the minute cells alone; the
 * range's partial first hour and the running last hour come from minute cells. The same traffic is
 * written as minute cells and as hour cells (its minutes summed per hour) through the job's
 * converter and index template.
 */
class HourCellsReadITCase {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long HOUR = 3_600_000L;
  private static final long MINUTE = 60_000L;

  /** The first whole hour of the range (UTC). */
  private static final long H = 1_796_551_200_000L;

  /** Whole hours with hour cells written: H .. H + 71 h; H + 72 h is still running. */
  private static final int WRITTEN_HOURS = 72;

  /** The range: from 30 minutes before H to 20 minutes into the running hour (over 2 days). */
  private static final long FROM = H - 30 * MINUTE;

  private static final long TO = H + WRITTEN_HOURS * HOUR + 20 * MINUTE;

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;

  /** Reads hour cells where it can. */
  private static OpenSearchTelemetryStore hours;

  /** Reads minute cells only (no hour index under its prefix). */
  private static OpenSearchTelemetryStore minutes;

  @BeforeAll
  static void start() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    OpenSearchReadOptions options =
        OpenSearchReadOptions.of(List.of(openSearch.httpUri()))
            .withIndexPrefixes("res-cells", "res-logs");
    hours = new OpenSearchTelemetryStore(options, "res-hour-cells");
    minutes = new OpenSearchTelemetryStore(options, "no-hour-cells");
    for (String prefix : List.of("res-cells", "res-hour-cells")) {
      OpenSearchIndexTemplate template = MinuteCellIndexTemplate.of(prefix, 1, 0);
      send("PUT", "/_index_template/" + template.name(), template.bodyJson());
    }
    MinuteCellDocumentConverter minuteDocs = new MinuteCellDocumentConverter("res-cells");
    MinuteCellDocumentConverter hourDocs =
        new MinuteCellDocumentConverter("res-hour-cells", CellResolution.HOUR);
    Map<String, MinuteCell> hourCells = new LinkedHashMap<>();
    List<MinuteCell> cells = new ArrayList<>();
    // the hour before H: one minute before the range (in its hour cell only) and one inside it
    cells.add(cell(H - 50 * MINUTE, "openai", 1));
    cells.add(cell(H - 20 * MINUTE, "openai", 2));
    for (int h = 0; h <= WRITTEN_HOURS; h++) {
      for (int m : new int[] {5, 10, 40}) {
        cells.add(cell(H + h * HOUR + m * MINUTE, "openai", 10 * h + m));
        if (m != 10) {
          cells.add(cell(H + h * HOUR + m * MINUTE, "anthropic", 2 * h + m + 1));
        }
      }
    }
    StringBuilder bulk = new StringBuilder();
    for (MinuteCell c : cells) {
      append(bulk, minuteDocs.toDocument(c));
      long hour = CellResolution.HOUR.startOf(c.windowStartMs);
      if (hour < H + WRITTEN_HOURS * HOUR) { // the running hour has no hour cell yet
        MinuteCell sum =
            hourCells.computeIfAbsent(hour + c.provider, k -> hourCell(hour, c.provider));
        add(sum, c);
      }
    }
    hourCells.values().forEach(c -> append(bulk, hourDocs.toDocument(c)));
    send("POST", "/_bulk?refresh=true", bulk.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    openSearch.close();
  }

  @Test
  void theApiAnswersALongRangeFromHourCellsAsFromMinuteCells() throws Exception {
    // now: 30 s before the range's end, so range=3d ends with TO and starts at H + 20 min
    try (DashboardServer withHours =
            DashboardServer.start("127.0.0.1", 0, null, new QueryApi(hours, () -> TO - 30_000));
        DashboardServer minutesOnly =
            DashboardServer.start("127.0.0.1", 0, null, new QueryApi(minutes, () -> TO - 30_000))) {
      String series =
          "/api/series?range=3d&service=gw&by=provider&fields=requests,input_tokens,latency_avg_ms";
      JsonNode fromHours = get(withHours, series);
      JsonNode fromMinutes = get(minutesOnly, series);
      assertThat(fromHours.path("resolution").asText()).isEqualTo("hour");
      assertThat(fromMinutes.path("resolution").asText()).isEqualTo("minute");
      // started at the first whole hour, steps of one hour
      assertThat(fromHours.path("from").asLong()).isEqualTo(H + HOUR);
      assertThat(fromHours.path("step_ms").asLong()).isEqualTo(HOUR);
      assertThat(fromHours.path("series")).isEqualTo(fromMinutes.path("series"));
      assertThat(fromHours.path("series").size()).isEqualTo(2);

      String summary = "/api/summary?range=3d&service=gw&provider=openai";
      JsonNode total = get(withHours, summary);
      JsonNode minuteTotal = get(minutesOnly, summary);
      assertThat(total.path("resolution").asText()).isEqualTo("hour");
      // the partial first hour (from H + 20 min) from minute cells: the same sums
      ((ObjectNode) total.path("summary")).remove("minutes_with_data");
      ((ObjectNode) minuteTotal.path("summary")).remove("minutes_with_data");
      assertThat(total.path("summary")).isEqualTo(minuteTotal.path("summary"));
      assertThat(total.path("summary").path("requests").asLong()).isPositive();
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

  @Test
  void totalsOfALongRangeEqualTheMinuteCellsTotals() {
    CellQuery query = CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, FROM, TO);
    assertThat(hours.resolution(query, 0)).isEqualTo("hour");
    assertThat(minutes.resolution(query, 0)).isEqualTo("minute");
    List<RangeTotals> fromHours = hours.totals(query, CellTag.PROVIDER, 10);
    List<RangeTotals> fromMinutes = minutes.totals(query, CellTag.PROVIDER, 10);
    assertThat(fromHours).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(fromHours.get(i).key()).isEqualTo(fromMinutes.get(i).key());
      assertThat(fromHours.get(i).integers()).isEqualTo(fromMinutes.get(i).integers());
      assertThat(fromHours.get(i).floats()).isEqualTo(fromMinutes.get(i).floats());
    }
    // openai: the minute at H-20 (the one at H-50 is before the range), 3 minutes an hour, of
    // the running hour 2 (its minute 40 is after the range)
    long openai = 2;
    for (int h = 0; h <= WRITTEN_HOURS; h++) {
      openai += (10 * h + 5) + (10 * h + 10) + (h < WRITTEN_HOURS ? 10 * h + 40 : 0);
    }
    assertThat(fromHours.get(0).group()).isEqualTo("openai");
    assertThat(fromHours.get(0).integer(CellField.REQUESTS)).isEqualTo(openai);
    // minutes with data: 1 head minute, 72 hour cells of 60 minutes, 2 minutes of the last hour
    assertThat(fromHours.get(0).minutes()).isEqualTo(1 + 72 * 60 + 2);
  }

  @Test
  void stepsOfWholeHoursSumAsTheMinutesAndTakeTheHoursPercentiles() {
    CellQuery query = CellQuery.of(Scope.SERVICE, Dimension.PROVIDER, H, TO);
    long step = 3 * HOUR;
    List<CellField> fields =
        List.of(CellField.REQUESTS, CellField.INPUT_TOKENS, CellField.LATENCY_AVG_MS);
    assertThat(hours.resolution(query, step)).isEqualTo("hour");
    assertThat(hours.resolution(query, 2 * HOUR + MINUTE)).isEqualTo("minute");
    List<GroupSteps> fromHours = hours.steps(query, List.of(CellTag.PROVIDER), fields, step, 10);
    List<GroupSteps> fromMinutes =
        minutes.steps(query, List.of(CellTag.PROVIDER), fields, step, 10);
    assertThat(fromHours).hasSize(2);
    for (int g = 0; g < 2; g++) {
      assertThat(fromHours.get(g).key()).isEqualTo(fromMinutes.get(g).key());
      for (CellField f : fields) {
        assertThat(fromHours.get(g).values().get(f))
            .as("%s %s", fromHours.get(g).key(), f)
            .containsExactly(fromMinutes.get(g).values().get(f));
      }
    }
    // p99: an hour cell's own percentile (set apart from its minutes'), the highest of the step's
    // hours; the running hour's step from its minutes
    List<GroupSteps> p99 =
        hours.steps(query, List.of(CellTag.PROVIDER), List.of(CellField.LATENCY_P99_MS), step, 1);
    Number[] values = p99.get(0).values().get(CellField.LATENCY_P99_MS);
    assertThat(values).hasSize(25);
    assertThat(values[0].doubleValue()).isEqualTo(hourP99(H + 2 * HOUR));
    assertThat(values[23].doubleValue()).isEqualTo(hourP99(H + 71 * HOUR));
    assertThat(values[24].doubleValue()).isEqualTo(minuteP99(10 * 72 + 10));
  }

  /** An empty hour cell, its minutes are added to it. */
  private static MinuteCell hourCell(long hour, String provider) {
    MinuteCell c = MinuteCell.at(hour, Scope.SERVICE, Dimension.PROVIDER, "gw", "", provider, "");
    c.latencyP99Ms = hourP99(hour);
    return c;
  }

  private static MinuteCell cell(long minute, String provider, long requests) {
    MinuteCell c = MinuteCell.at(minute, Scope.SERVICE, Dimension.PROVIDER, "gw", "", provider, "");
    c.requests = requests;
    c.inputTokens = 100 * requests;
    c.costPicos = 1_000_000 * requests;
    c.latencySumMs = 250.0 * requests + 3;
    c.latencyAvgMs = requests == 0 ? 0 : c.latencySumMs / requests;
    c.latencyP99Ms = minuteP99(requests);
    return c;
  }

  private static double minuteP99(long requests) {
    return 400.0 + requests;
  }

  /** An hour cell's p99, unlike any minute's (the reader must take it as it is). */
  private static double hourP99(long hourMs) {
    return 10_000.0 + (hourMs - H) / HOUR;
  }

  /** Adds a minute's additive values to its hour cell (which keeps its own p99). */
  private static void add(MinuteCell hour, MinuteCell minute) {
    hour.requests += minute.requests;
    hour.inputTokens += minute.inputTokens;
    hour.costPicos += minute.costPicos;
    hour.latencySumMs += minute.latencySumMs;
    hour.latencyAvgMs = hour.latencySumMs / hour.requests;
    hour.latencyP99Ms = hourP99(hour.windowStartMs);
  }

  private static void append(StringBuilder bulk, OpenSearchDocument doc) {
    bulk.append("{\"index\":{\"_index\":\"")
        .append(doc.index())
        .append("\",\"_id\":\"")
        .append(doc.id().replace("\\", "\\\\").replace("\"", "\\\""))
        .append("\"}}\n")
        .append(doc.sourceJson())
        .append('\n');
  }

  private static void send(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(openSearch.httpUri() + path))
                .header("Content-Type", "application/x-ndjson")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isLessThan(300);
    assertThat(response.body()).doesNotContain("\"errors\":true");
  }
}
