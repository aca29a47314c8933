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
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * The whole job with both receivers: the OpenTelemetry SDK sends the same gateway traffic once with
 * its OTLP/gRPC exporter and once with its OTLP/HTTP exporter (as two services); the minute cells
 * of the two are equal value by value, and both equal what the traffic implies.
 */
class OtlpHttpWholeJobITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MS = 1_000_000L;

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
  void sdkHttpExporterGivesTheCellsOfTheGrpcExporterValueByValue(@TempDir Path checkpoints)
      throws Exception {
    int grpcPort = FreePort.range(1);
    int httpPort = FreePort.range(1);
    Configuration jobConf = wholeJob.configuration(grpcPort, checkpoints);
    jobConf.setString("otlp.http.port", Integer.toString(httpPort));
    JobClient job = wholeJob.start(jobConf, grpcPort, "whole-job-http");
    try {
      Await.listening(Duration.ofSeconds(60), "127.0.0.1", httpPort);
      long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
      long exportNanos = (minuteEndMs - 1_000) * MS;
      long startedAt = exportNanos - 40_000 * MS;
      List<GatewaySimulator> gateways = new ArrayList<>();
      for (Temporality temporality : Temporality.values()) {
        String suffix = "-" + temporality.name().toLowerCase();
        gateways.add(
            gateway("http://127.0.0.1:" + grpcPort, "grpc" + suffix, temporality, startedAt)
                .build());
        gateways.add(
            gateway("http://127.0.0.1:" + httpPort, "http" + suffix, temporality, startedAt)
                .http()
                .build());
      }
      for (GatewaySimulator gw : gateways) {
        WholeJobOnOpenSearch.submitMix(gw, exportNanos - 30_000 * MS, 10_000 * MS);
        gw.exportAt(exportNanos);
      }
      Map<String, ExpectedCell> expected =
          Expectation.of(PriceTable.loadDefault())
              .add(gateways.toArray(new GatewaySimulator[0]))
              .cells();
      gateways.forEach(GatewaySimulator::close);

      List<MinuteCell> cells =
          Await.value(
              Duration.ofSeconds(90),
              expected.size() + " cells in OpenSearch",
              wholeJob.cells()::all,
              all -> all.size() >= expected.size());
      assertMatches(cells, expected, PercentileMethod.INTERPOLATED);

      Map<String, MinuteCell> overGrpc = new TreeMap<>();
      Map<String, MinuteCell> overHttp = new TreeMap<>();
      for (MinuteCell cell : cells) {
        if (cell.service.startsWith("grpc-")) {
          overGrpc.put(cell.cellKey(), cell);
        } else if (cell.service.startsWith("http-")) {
          // the HTTP service's cell under the gRPC service's name, to compare every value
          cell.service = cell.service.replace("http-", "grpc-");
          cell.instance = cell.instance.replace("http-", "grpc-");
          overHttp.put(cell.cellKey(), cell);
        }
      }
      assertThat(overGrpc).isNotEmpty();
      assertThat(overHttp.keySet()).containsExactlyElementsOf(overGrpc.keySet());
      for (Map.Entry<String, MinuteCell> e : overGrpc.entrySet()) {
        assertThat(overHttp.get(e.getKey()))
            .as("cell %s over HTTP", e.getKey())
            .usingRecursiveComparison()
            .isEqualTo(e.getValue());
      }
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
  }

  private static GatewaySimulator.Builder gateway(
      String endpoint, String service, Temporality temporality, long startedAt) {
    return GatewaySimulator.builder(endpoint)
        .service(service)
        .instance(service + "-pod-1")
        .temporality(temporality)
        .startedAt(startedAt);
  }
}
