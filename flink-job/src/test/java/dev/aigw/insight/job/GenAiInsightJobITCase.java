package dev.aigw.insight.job;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.OpenSearchCells;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * The whole job as {@link GenAiInsightJob#build} wires it, with its own defaults (RocksDB,
 * checkpoints, generic types off): the OpenTelemetry SDK sends gateway metrics (one DELTA and one
 * CUMULATIVE gateway) and access logs to the OTLP receiver; the minute cells and the sampled logs
 * land in a real in-process OpenSearch, and both are compared with what the traffic implies.
 */
class GenAiInsightJobITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MS = 1_000_000L;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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
  void metricsAndLogsFromTheGatewayEndUpAsExactCellsAndSampledLogs(@TempDir Path checkpoints)
      throws Exception {
    int port = FreePort.range(1);
    Configuration jobConf = wholeJob.configuration(port, checkpoints);
    assertThat(jobConf.toMap())
        .containsEntry("state.backend.type", "rocksdb")
        .containsEntry("pipeline.generic-types", "false");

    JobClient job = wholeJob.start(jobConf, port, "whole-job");
    try {
      // Points of the minute that just ended on the wall clock, so the idle watermark closes it.
      long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
      long exportNanos = (minuteEndMs - 1_000) * MS;
      long startedAt = exportNanos - 40_000 * MS;
      List<GatewaySimulator> gateways = new ArrayList<>();
      gateways.add(WholeJobOnOpenSearch.gateway(port, "gw-delta", Temporality.DELTA, startedAt));
      gateways.add(
          WholeJobOnOpenSearch.gateway(port, "gw-cumulative", Temporality.CUMULATIVE, startedAt));
      for (GatewaySimulator gw : gateways) {
        WholeJobOnOpenSearch.submitMix(gw, exportNanos - 30_000 * MS, 10_000 * MS);
        gw.exportAt(exportNanos);
      }
      WholeJobOnOpenSearch.sendAccessLogs(port, "gw-delta", minuteEndMs - 5_000);
      Set<String> keptRequestIds = new TreeSet<>(WholeJobOnOpenSearch.KEPT_REQUEST_IDS);

      Map<String, ExpectedCell> expected =
          Expectation.of(PriceTable.loadDefault())
              .add(gateways.toArray(new GatewaySimulator[0]))
              .cells();
      gateways.forEach(GatewaySimulator::close);

      List<MinuteCell> cells = awaitCells(expected.size());
      assertMatches(cells, expected, PercentileMethod.INTERPOLATED);
      assertThat(awaitLogRequestIds(keptRequestIds.size())).isEqualTo(keptRequestIds);
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
  }

  private static List<MinuteCell> awaitCells(int expected) throws Exception {
    OpenSearchCells store = wholeJob.cells();
    return Await.value(
        Duration.ofSeconds(90),
        expected + " cells in OpenSearch",
        store::all,
        cells -> cells.size() >= expected);
  }

  private static Set<String> awaitLogRequestIds(int expected) throws Exception {
    return Await.value(
        Duration.ofSeconds(60),
        expected + " kept access logs",
        () -> {
          Set<String> ids = new TreeSet<>();
          for (JsonNode hit : search("aigw-access-logs-*", 100)) {
            ids.add(hit.path("_source").path("request_id").asText());
          }
          return ids;
        },
        ids -> ids.size() >= expected);
  }

  private static JsonNode search(String indices, int size) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        openSearch.httpUri()
                            + "/"
                            + indices
                            + "/_search?size="
                            + size
                            + "&ignore_unavailable=true&allow_no_indices=true"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).path("hits").path("hits");
  }
}
