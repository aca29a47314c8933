package dev.aigw.insight.job;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.GatewaySimulator.Event;
import dev.aigw.insight.job.testing.OpenSearchCells;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attribution through the whole job: the OpenTelemetry SDK sends the traffic of three teams and of
 * requests without a team (one DELTA and one CUMULATIVE gateway, each request carrying {@code
 * team.id} and {@code api.key} as the gateway copies them from headers) to the OTLP receiver; the
 * attribution cells in OpenSearch are exactly those of each team's requests alone, the requests
 * without a team are under {@code none}, the cells of every attribute add up to the service cells
 * value by value, and the API keys are stored only as their keyed hash.
 */
class AttributionITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MS = 1_000_000L;
  private static final String KEY = "attribution-test-key-0123456789";
  private static final List<String> TEAMS = Arrays.asList("red", "green", "blue", null);

  /** The cell values that add up across attribute values (the rest are averages, percentiles). */
  private static final List<CellField> ADDITIVE =
      Arrays.stream(CellField.values())
          .filter(
              f ->
                  f.type() == CellField.Type.INTEGER
                      || f == CellField.LATENCY_SUM_MS
                      || f == CellField.TTFT_SUM_MS
                      || f == CellField.TPOT_SUM_MS)
          .toList();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static WholeJobOnOpenSearch wholeJob;

  @BeforeAll
  static void startOpenSearch() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    wholeJob = new WholeJobOnOpenSearch(openSearch);
  }

  @AfterAll
  static void stopOpenSearch() throws Exception {
    openSearch.close();
  }

  @Test
  void perTeamCellsAreExactAndAddUpToTheServiceCells(@TempDir Path dir) throws Exception {
    int port = FreePort.range(1);
    Path keyFile = dir.resolve("attribution-key");
    Files.writeString(keyFile, KEY + "\n");
    Configuration jobConf = wholeJob.configuration(port, dir.resolve("checkpoints"));
    jobConf.setString("attribution.attributes", "team.id,api.key");
    jobConf.setString("attribution.secret-attributes", "api.key");
    jobConf.setString("attribution.hmac-secret-file", keyFile.toString());

    JobClient job = wholeJob.start(jobConf, port, "attribution");
    try {
      long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
      long exportNanos = (minuteEndMs - 1_000) * MS;
      long startedAt = exportNanos - 40_000 * MS;
      List<GatewaySimulator> gateways =
          List.of(
              WholeJobOnOpenSearch.gateway(port, "gw-delta", Temporality.DELTA, startedAt),
              WholeJobOnOpenSearch.gateway(
                  port, "gw-cumulative", Temporality.CUMULATIVE, startedAt));
      for (GatewaySimulator gw : gateways) {
        long t = exportNanos - 36_000 * MS;
        for (String team : TEAMS) {
          for (SimulatedRequest r : mix(t, team)) {
            gw.submit(r);
          }
          t += 8_000 * MS;
        }
        gw.exportAt(exportNanos);
      }
      PriceTable prices = PriceTable.loadDefault();
      Map<String, ExpectedCell> serviceCells =
          Expectation.of(prices).add(gateways.toArray(new GatewaySimulator[0])).cells();
      // expected attribution cells: (attribute, value) -> the service cells of its requests alone
      Map<String, Map<String, ExpectedCell>> expected = new LinkedHashMap<>();
      for (String team : TEAMS) {
        Map<String, ExpectedCell> teamCells =
            serviceScope(
                Expectation.of(prices)
                    .add(gateways.toArray(new GatewaySimulator[0]))
                    .only(e -> Objects.equals(team(e), team))
                    .cells());
        expected.put(key("team.id", team == null ? "none" : team), teamCells);
        expected.put(key("api.key", team == null ? "none" : hmac("sk-" + team)), teamCells);
      }
      gateways.forEach(GatewaySimulator::close);
      int expectedCount = expected.values().stream().mapToInt(Map::size).sum();

      List<MinuteCell> cells = awaitCells(wholeJob.cells(), serviceCells.size());
      assertMatches(cells, serviceCells, PercentileMethod.INTERPOLATED);
      OpenSearchCells store = new OpenSearchCells(openSearch.httpUri(), "aigw-attribution-cells");
      List<AttributionCell> attributed =
          Await.value(
              Duration.ofSeconds(90),
              expectedCount + " attribution cells",
              store::attributionCells,
              found -> found.size() >= expectedCount);

      // exact per value (percentiles included, as for any cell)
      Map<String, List<MinuteCell>> byValue =
          attributed.stream()
              .collect(
                  Collectors.groupingBy(
                      a -> key(a.attribute, a.value),
                      LinkedHashMap::new,
                      Collectors.mapping(a -> a.cell, Collectors.toList())));
      assertThat(byValue.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (Map.Entry<String, Map<String, ExpectedCell>> e : expected.entrySet()) {
        assertMatches(byValue.get(e.getKey()), e.getValue(), PercentileMethod.INTERPOLATED);
      }
      // no raw key is stored
      assertThat(attributed).noneMatch(a -> a.value.contains("sk-"));

      // every attribute's cells add up to the service cells, value by value
      Map<String, MinuteCell> service = new HashMap<>();
      for (MinuteCell c : cells) {
        if (c.scope == Scope.SERVICE && c.dimension != Dimension.PROVIDER) {
          service.put(c.cellKey(), c);
        }
      }
      for (String attribute : List.of("team.id", "api.key")) {
        Map<String, long[]> sums = new HashMap<>();
        Map<String, double[]> doubleSums = new HashMap<>();
        for (AttributionCell a : attributed) {
          if (!a.attribute.equals(attribute)) {
            continue;
          }
          long[] s = sums.computeIfAbsent(a.cell.cellKey(), k -> new long[ADDITIVE.size()]);
          double[] d =
              doubleSums.computeIfAbsent(a.cell.cellKey(), k -> new double[ADDITIVE.size()]);
          for (int i = 0; i < ADDITIVE.size(); i++) {
            if (ADDITIVE.get(i).type() == CellField.Type.INTEGER) {
              s[i] += ADDITIVE.get(i).value(a.cell).longValue();
            } else {
              d[i] += ADDITIVE.get(i).doubleValue(a.cell);
            }
          }
        }
        assertThat(sums.keySet()).as(attribute).isEqualTo(service.keySet());
        for (Map.Entry<String, MinuteCell> s : service.entrySet()) {
          for (int i = 0; i < ADDITIVE.size(); i++) {
            CellField f = ADDITIVE.get(i);
            if (f.type() == CellField.Type.INTEGER) {
              assertThat(sums.get(s.getKey())[i])
                  .as("%s %s of %s", attribute, f.storeName(), s.getKey())
                  .isEqualTo(f.value(s.getValue()).longValue());
            } else {
              assertThat(doubleSums.get(s.getKey())[i])
                  .as("%s %s of %s", attribute, f.storeName(), s.getKey())
                  .isEqualTo(f.doubleValue(s.getValue()));
            }
          }
        }
      }
    } finally {
      // until the job has stopped: its checkpoints are written into the test's temporary folder,
      // which JUnit deletes right after the test
      WholeJobOnOpenSearch.stop(job);
    }
  }

  /** A team's requests from {@code t}: cached input, streaming, and a failure (none: no team). */
  private static List<SimulatedRequest> mix(long t, String team) {
    List<SimulatedRequest> requests = new ArrayList<>();
    requests.add(
        SimulatedRequest.at(t)
            .provider("openai")
            .model("gpt-4o")
            .latency(0.75)
            .tokens(1200, 300)
            .cache(256, 0));
    requests.add(
        SimulatedRequest.at(t + 2_000 * MS)
            .provider("anthropic")
            .model("claude-sonnet-4-5")
            .latency(2.5)
            .streaming(0.25, 0.03125)
            .tokens(4000, 512));
    requests.add(
        SimulatedRequest.at(t + 4_000 * MS)
            .provider("openai")
            .model("non-existent-model")
            .latency(0.0625)
            .failed());
    if (team != null) {
      for (SimulatedRequest r : requests) {
        r.attribute("team.id", team).attribute("api.key", "sk-" + team);
      }
    }
    return requests;
  }

  private static String team(Event e) {
    return e.request.attribute("team.id");
  }

  private static String key(String attribute, String value) {
    return attribute + "=" + value;
  }

  /** The expected service-scope cells of all providers and per model: the attribution cells. */
  private static Map<String, ExpectedCell> serviceScope(Map<String, ExpectedCell> cells) {
    Map<String, ExpectedCell> kept = new LinkedHashMap<>();
    cells.forEach(
        (k, c) -> {
          if (c.cell.scope == Scope.SERVICE && c.cell.dimension != Dimension.PROVIDER) {
            kept.put(k, c);
          }
        });
    return kept;
  }

  private static List<MinuteCell> awaitCells(OpenSearchCells store, int expected) throws Exception {
    return Await.value(
        Duration.ofSeconds(90),
        expected + " cells in OpenSearch",
        store::all,
        found -> found.size() >= expected);
  }

  private static String hmac(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
