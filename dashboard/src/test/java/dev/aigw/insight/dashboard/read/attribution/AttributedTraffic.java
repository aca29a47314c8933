package dev.aigw.insight.dashboard.read.attribution;

import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * Fills an embedded OpenSearch with the real job (attribution by {@value #ATTRIBUTE}) from
 * OpenTelemetry SDK traffic of known teams, and says which cells that traffic implies ({@link
 * Expectation}, independent of the job), for the dashboard's attribution tests.
 *
 * <p>Two gateways: {@value #SERVICE_A} (DELTA) sends the requests of every team, {@value
 * #SERVICE_B} (CUMULATIVE) those of the first team and of requests without a team. Team {@code i}
 * (in the given order; null = no team) sends an OpenAI request whose tokens grow with {@code i},
 * from the second team on an Anthropic streaming one, from the third a failed one; requests without
 * a team send all three. All in the minute that just ended, so that the job's idle watermark closes
 * it.
 */
public final class AttributedTraffic {

  /** The attribute the job aggregates by. */
  public static final String ATTRIBUTE = "team.id";

  public static final String SERVICE_A = "gw-teams-a";
  public static final String SERVICE_B = "gw-teams-b";

  private static final long MS = WholeJobOnOpenSearch.MS;

  /** The minute of the traffic (epoch ms). */
  public final long minute;

  /** The teams as sent (null = requests without the attribute). */
  public final List<String> teams;

  private final Map<String, ExpectedCell> all;
  private final Map<String, Map<String, ExpectedCell>> byValue = new LinkedHashMap<>();

  private AttributedTraffic(
      long minute,
      List<String> teams,
      Map<String, ExpectedCell> all,
      Map<String, Map<String, ExpectedCell>> byValue) {
    this.minute = minute;
    this.teams = teams;
    this.all = all;
    this.byValue.putAll(byValue);
  }

  /**
   * Runs the job on {@code openSearch} with {@code attribution.attributes} = {@value #ATTRIBUTE},
   * sends the teams' traffic and returns once every expected cell and attribution cell is stored.
   */
  public static AttributedTraffic fill(
      EmbeddedOpenSearch openSearch, Path checkpoints, List<String> teams, String jobName)
      throws Exception {
    int port = FreePort.range(1);
    WholeJobOnOpenSearch whole = new WholeJobOnOpenSearch(openSearch);
    Configuration conf = whole.configuration(port, checkpoints);
    conf.setString("attribution.attributes", ATTRIBUTE);
    JobClient job = whole.start(conf, port, jobName);
    try {
      long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
      long exportNanos = (minuteEndMs - 1_000) * MS;
      GatewaySimulator a =
          WholeJobOnOpenSearch.gateway(
              port, SERVICE_A, Temporality.DELTA, exportNanos - 40_000 * MS);
      GatewaySimulator b =
          WholeJobOnOpenSearch.gateway(
              port, SERVICE_B, Temporality.CUMULATIVE, exportNanos - 40_000 * MS);
      long t = exportNanos - 36_000 * MS;
      long spacing = 30_000 * MS / teams.size();
      for (int i = 0; i < teams.size(); i++) {
        String team = teams.get(i);
        for (SimulatedRequest r : requests(t, i, team)) {
          a.submit(r);
        }
        if (i == 0 || team == null) {
          for (SimulatedRequest r : requests(t + 1_000 * MS, i, team)) {
            b.submit(r);
          }
        }
        t += spacing;
      }
      a.exportAt(exportNanos);
      b.exportAt(exportNanos);
      PriceTable prices = PriceTable.loadDefault();
      Map<String, ExpectedCell> all = Expectation.of(prices).add(a, b).cells();
      Map<String, Map<String, ExpectedCell>> byValue = new LinkedHashMap<>();
      for (String team : teams) {
        byValue.put(
            team == null ? AttributionCell.NONE : team,
            Expectation.of(prices)
                .add(a, b)
                .only(e -> Objects.equals(e.request.attribute(ATTRIBUTE), team))
                .cells());
      }
      a.close();
      b.close();
      AttributedTraffic traffic =
          new AttributedTraffic(
              minuteEndMs - 60_000,
              Collections.unmodifiableList(new ArrayList<>(teams)),
              all,
              byValue);
      traffic.awaitStored(openSearch);
      return traffic;
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
  }

  /** Team {@code i}'s requests from {@code t} (see the class comment). */
  private static List<SimulatedRequest> requests(long t, int i, String team) {
    List<SimulatedRequest> requests = new ArrayList<>();
    requests.add(
        SimulatedRequest.at(t)
            .provider("openai")
            .model("gpt-4o")
            .latency(0.25 + 0.25 * i)
            .tokens(1000 + 500L * i, 200 + 100L * i)
            .cache(256, 0));
    if (i >= 1 || team == null) {
      requests.add(
          SimulatedRequest.at(t + 1_500 * MS)
              .provider("anthropic")
              .model("claude-sonnet-4-5")
              .latency(2.5)
              .streaming(0.25, 0.03125)
              .tokens(4000, 512));
    }
    if (i >= 2 || team == null) {
      requests.add(
          SimulatedRequest.at(t + 3_000 * MS)
              .provider("openai")
              .model("non-existent-model")
              .latency(0.0625)
              .failed());
    }
    if (team != null) {
      requests.forEach(r -> r.attribute(ATTRIBUTE, team));
    }
    return requests;
  }

  /** The expected whole-service cell of all requests of {@code service}. */
  public MinuteCell serviceCell(String service) {
    return cell(all, service, Dimension.ALL, "", "");
  }

  /** The expected whole-service cell of one value's requests in {@code service}, or null. */
  public MinuteCell valueCell(String value, String service) {
    return cell(byValue.get(value), service, Dimension.ALL, "", "");
  }

  /** The expected per-model cell of one value's requests, or null. */
  public MinuteCell valueModelCell(String value, String service, String provider, String model) {
    return cell(byValue.get(value), service, Dimension.MODEL, provider, model);
  }

  /** The values as stored: the teams, {@code none} for requests without one. */
  public List<String> values() {
    return List.copyOf(byValue.keySet());
  }

  /** Every expected attribution cell of one value (whole service and per model). */
  public List<MinuteCell> valueCells(String value) {
    List<MinuteCell> cells = new ArrayList<>();
    for (ExpectedCell e : byValue.get(value).values()) {
      if (e.cell.scope == Scope.SERVICE && e.cell.dimension != Dimension.PROVIDER) {
        cells.add(e.cell);
      }
    }
    return cells;
  }

  private MinuteCell cell(
      Map<String, ExpectedCell> cells,
      String service,
      Dimension dimension,
      String provider,
      String model) {
    ExpectedCell e =
        cells.get(
            MinuteCell.cellKey(minute, Scope.SERVICE, dimension, service, "", provider, model));
    return e == null ? null : e.cell;
  }

  private int expectedAttributionCells() {
    return byValue.keySet().stream().mapToInt(v -> valueCells(v).size()).sum();
  }

  /** Waits until every expected cell and attribution cell of the minute is searchable. */
  private void awaitStored(EmbeddedOpenSearch openSearch) throws Exception {
    OpenSearchReadOptions options = OpenSearchReadOptions.of(List.of(openSearch.httpUri()));
    OpenSearchTelemetryStore cells = new OpenSearchTelemetryStore(options);
    OpenSearchAttributionStore attributed =
        new OpenSearchAttributionStore(options, AttributionStoreNames.DEFAULT_INDEX_PREFIX);
    int expectedCells = all.size();
    int expectedAttributed = expectedAttributionCells();
    AtomicReference<String> seen = new AtomicReference<>("nothing yet");
    try {
      Await.until(
          Duration.ofSeconds(120),
          "the job stores " + expectedCells + " cells and " + expectedAttributed + " attributed",
          () -> {
            try {
              int stored = 0;
              for (Scope scope : Scope.values()) {
                for (Dimension dimension : Dimension.values()) {
                  stored +=
                      cells.cells(CellQuery.of(scope, dimension, minute, minute + 60_000)).size();
                }
              }
              AttributionQuery q = AttributionQuery.of(ATTRIBUTE, minute, minute + 60_000);
              int storedAttributed =
                  attributed.cells(q).size() + attributed.cells(q.byModel()).size();
              seen.set(stored + " cells and " + storedAttributed + " attribution cells");
              return stored >= expectedCells && storedAttributed >= expectedAttributed;
            } catch (StoreUnavailableException e) {
              seen.set(e.getMessage()); // a daily index whose shard has not started yet
              return false;
            }
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last seen: " + seen.get(), e);
    } finally {
      cells.close();
      attributed.close();
    }
  }
}
