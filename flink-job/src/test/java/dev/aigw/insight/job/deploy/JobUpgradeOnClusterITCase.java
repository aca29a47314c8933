package dev.aigw.insight.job.deploy;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.OpenSearchCells;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.job.testing.StandaloneFlinkCluster;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.source.otlp.testing.FreePort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job as users upgrade it: the cluster jar is submitted with Flink's CLI to a real standalone
 * cluster (JobManager and TaskManager in their own JVMs), receives CUMULATIVE gateway traffic over
 * OTLP/gRPC and writes minute cells to a real OpenSearch; it is stopped with a savepoint ({@code
 * flink stop --savepointPath}) and a changed build is started from it ({@code flink run -s}). The
 * same cumulative series continue across the upgrade, and every cell read back from OpenSearch must
 * equal the simulator's expectation: a cell whose minute spans the upgrade holds the values of both
 * runs exactly once, and the series' first points after the upgrade count as deltas of their
 * savepointed totals (with lost state they would only set a new baseline and the cells would miss
 * them).
 *
 * <p>The "changed build" is the same jar with a changed job configuration, because that is the
 * cheapest change that still exercises what a code upgrade relies on, namely operator state matched
 * by uid into a different job graph: access-log sampling is switched on (new operators, with uids
 * the savepoint does not know, start empty), the price table is replaced (post-upgrade values must
 * carry the new prices, which proves the new build runs), the job gets a new name, and the receiver
 * acknowledges on receipt instead of on checkpoints.
 */
class JobUpgradeOnClusterITCase {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String CELL_PREFIX = "aigw-cells";
  private static final String SOURCE_VERTEX = "OTLP/gRPC receiver";
  private static final long S = 1_000_000_000L;

  private static StandaloneFlinkCluster cluster;
  private static EmbeddedOpenSearch openSearch;
  private static Path clusterJar;

  @BeforeAll
  static void start() throws IOException {
    clusterJar = Path.of(System.getProperty("aigw.clusterJar", "target/missing-cluster.jar"));
    assertThat(clusterJar).as("cluster jar (run through Maven: mvn verify)").isRegularFile();
    Path work = Path.of("target", "flink-cluster", JobUpgradeOnClusterITCase.class.getSimpleName());
    openSearch = EmbeddedOpenSearch.builder().httpPort(0).start();
    cluster =
        StandaloneFlinkCluster.builder(work)
            // the test waits for records to reach the receiver through the REST metrics
            .config("metrics.fetcher.update-interval", "500 ms")
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (openSearch != null) {
      openSearch.close();
    }
  }

  @Test
  void cellsSpanningASavepointUpgradeAreExactAndCumulativeStateSurvives() throws Exception {
    int port = FreePort.range(1);
    Path newPrices = cluster.workDir().resolve("prices-v2.yml").toAbsolutePath();
    Files.writeString(newPrices, PRICES_V2, StandardCharsets.UTF_8);
    OpenSearchCells store = new OpenSearchCells(openSearch.httpUri(), CELL_PREFIX);

    // Event time is simulated: minute M lies five minutes back, so exports can walk through
    // several minutes in a few seconds while the watermark (1 s out-of-orderness) follows them.
    long m = (System.currentTimeMillis() / 60_000 - 5) * 60_000;
    long mNanos = m * 1_000_000L;
    GatewaySimulator gw =
        GatewaySimulator.builder("http://127.0.0.1:" + port)
            .service("gw")
            .instance("pod-a")
            .temporality(Temporality.CUMULATIVE)
            .startedAt(mNanos + 5 * S)
            // on-checkpoint: an answer may wait for the savepoint of "flink stop"
            .exportTimeout(Duration.ofSeconds(60))
            .build();
    try {
      // ---- version 1: acknowledges on checkpoints, which the test triggers itself ----
      String v1 =
          cluster
              .cli()
              .run(
                  clusterJar,
                  null,
                  jobArgs(
                      port,
                      "--job.name",
                      "insight-v1",
                      "--logs.enabled",
                      "false",
                      "--otlp.receiver.ack-mode",
                      "on-checkpoint"));
      cluster.awaitAllTasksRunning(v1, TIMEOUT);
      awaitPort(port);

      // minute M: the gateway started 10 s before this export, within the first-point grace
      gw.submit(request(mNanos + 6 * S, "gpt-4o", 0.5, 1200, 300));
      gw.submit(request(mNanos + 9 * S, "gpt-4o", 1.25, 800, 150));
      exportAnsweredByTriggeredCheckpoint(v1, gw, mNanos + 15 * S);
      // minute M+1; its export moves the watermark past minute M
      gw.submit(request(mNanos + 62 * S, "gpt-4o", 0.75, 400, 90));
      exportAnsweredByTriggeredCheckpoint(v1, gw, mNanos + 75 * S);
      // minute M+2, to be continued after the upgrade; its export closes minute M+1
      gw.submit(request(mNanos + 121 * S, "gpt-4o", 2.25, 2000, 500));
      long before = cluster.rest().recordsOut(v1, SOURCE_VERTEX);
      CompletableFuture<Void> lastExportOfV1 =
          CompletableFuture.runAsync(() -> gw.exportAt(mNanos + 130 * S));
      cluster.await(
          "the last export of v1 to reach the job",
          () -> cluster.rest().recordsOut(v1, SOURCE_VERTEX) > before,
          TIMEOUT);

      Map<String, ExpectedCell> closedByV1 =
          Expectation.of(PriceTable.loadDefault()).only(e -> e.exportIndex <= 1).add(gw).cells();
      awaitCells(store, closedByV1.keySet().size(), c -> c.windowStartMs < m + 120_000);
      assertMatches(
          store.all().stream().filter(c -> c.windowStartMs < m + 120_000).toList(),
          closedByV1,
          PercentileMethod.INTERPOLATED);
      assertThat(lastExportOfV1).as("answered before any checkpoint covered it").isNotDone();

      String savepoint = cluster.cli().stopWithSavepoint(v1, cluster.savepointDir());
      cluster.awaitJobState(v1, "FINISHED", TIMEOUT);
      // the savepoint is the checkpoint that covers the request: answered, not failed, on stop
      lastExportOfV1.get(30, TimeUnit.SECONDS);
      assertThat(cluster.rest().completedCheckpoints(v1)).isEqualTo(3);

      // ---- version 2: restored from the savepoint, changed graph and configuration ----
      String v2 =
          cluster
              .cli()
              .run(
                  clusterJar,
                  savepoint,
                  jobArgs(
                      port,
                      "--job.name",
                      "insight-v2",
                      "--logs.enabled",
                      "true",
                      "--analysis.price-table.path",
                      newPrices.toString(),
                      "--otlp.receiver.ack-mode",
                      "on-receive"));
      cluster.awaitAllTasksRunning(v2, TIMEOUT);
      assertThat(cluster.rest().restoredFrom(v2)).contains(savepoint);
      assertThat(cluster.rest().jobName(v2)).contains("insight-v2");
      awaitPort(port);

      // minute M+2 again: the cumulative series continues, and a new model starts in the same
      // gateway incarnation (counted in full only because the incarnation was restored)
      gw.submit(request(mNanos + 135 * S, "gpt-4o", 0.25, 600, 120));
      gw.submit(
          SimulatedRequest.at(mNanos + 141 * S)
              .provider("anthropic")
              .model("claude-sonnet-4")
              .latency(1.5)
              .tokens(3000, 700));
      gw.exportAt(mNanos + 160 * S);
      // minute M+3
      gw.submit(request(mNanos + 185 * S, "gpt-4o", 0.5, 100, 20));
      gw.submit(
          SimulatedRequest.at(mNanos + 190 * S)
              .provider("anthropic")
              .model("claude-sonnet-4")
              .latency(3.0)
              .failed());
      gw.exportAt(mNanos + 200 * S);
      // minute M+4: one more request, so that its export moves the watermark past minute M+3 at
      // once (an export with nothing new moves no watermark; only the idle advance would, ~50 s
      // later); minute M+4 itself stays open and out of the comparison
      gw.submit(request(mNanos + 242 * S, "gpt-4o", 0.5, 10, 2));
      gw.exportAt(mNanos + 245 * S);
      // every export of v2 was answered although v2 completed no checkpoint: on-receive
      assertThat(cluster.rest().completedCheckpoints(v2)).isZero();

      Map<String, ExpectedCell> expected =
          Expectation.of(PriceTable.loadDefault())
              .priceWith(PriceTable.load(newPrices), e -> e.exportIndex >= 3)
              .only(e -> e.timeNanos < mNanos + 240 * S)
              .add(gw)
              .cells();
      awaitCells(store, expected.size(), c -> c.windowStartMs < m + 240_000);
      List<MinuteCell> cells =
          store.all().stream().filter(c -> c.windowStartMs < m + 240_000).toList();
      assertMatches(cells, expected, PercentileMethod.INTERPOLATED);

      // Spelled out for the reader (assertMatches already covers it): the minute spanning the
      // upgrade holds one request from v1 and two from v2, each once, and the post-upgrade tokens
      // of the continuing gpt-4o series are its delta (600), not its cumulative total (5000).
      MinuteCell spanning = cell(cells, m + 120_000, Dimension.ALL, null);
      assertThat(spanning.requests).isEqualTo(3);
      assertThat(cell(cells, m + 120_000, Dimension.MODEL, "gpt-4o").inputTokens)
          .isEqualTo(2000 + 600);
      assertThat(cell(cells, m + 120_000, Dimension.MODEL, "claude-sonnet-4").inputTokens)
          .isEqualTo(3000);
      assertThat(cell(cells, m + 180_000, Dimension.ALL, null).errors).isEqualTo(1);
      cluster.cli().cancel(v2);
      cluster.awaitJobState(v2, "CANCELED", TIMEOUT);
    } finally {
      gw.close();
    }
  }

  /**
   * Exports once and proves the on-checkpoint answer: once the request reached the job the export
   * is still unanswered (no periodic checkpoints run), and a triggered checkpoint answers it.
   */
  private static void exportAnsweredByTriggeredCheckpoint(
      String jobId, GatewaySimulator gw, long timeNanos) throws Exception {
    long before = cluster.rest().recordsOut(jobId, SOURCE_VERTEX);
    CompletableFuture<Void> export = CompletableFuture.runAsync(() -> gw.exportAt(timeNanos));
    cluster.await(
        "the export at " + timeNanos + " to reach the job",
        () -> cluster.rest().recordsOut(jobId, SOURCE_VERTEX) > before,
        TIMEOUT);
    assertThat(export).as("answered before a checkpoint").isNotDone();
    long completed = cluster.rest().completedCheckpoints(jobId);
    cluster.rest().triggerCheckpoint(jobId);
    cluster.awaitCompletedCheckpoints(jobId, completed + 1, TIMEOUT);
    export.get(30, TimeUnit.SECONDS);
  }

  /** Waits for the cells to arrive; on timeout the comparison that follows names what is wrong. */
  private static void awaitCells(OpenSearchCells store, int count, Predicate<MinuteCell> which) {
    try {
      cluster.await(
          count + " cells in OpenSearch",
          () -> store.all().stream().filter(which).count() >= count,
          TIMEOUT);
    } catch (IllegalStateException timedOut) {
      System.err.println(timedOut.getMessage());
    }
  }

  private static MinuteCell cell(
      List<MinuteCell> cells, long minute, Dimension dimension, String model) {
    List<MinuteCell> found =
        cells.stream()
            .filter(c -> c.windowStartMs == minute && c.scope == Scope.SERVICE)
            .filter(c -> c.dimension == dimension)
            .filter(c -> model == null || model.equals(c.model))
            .toList();
    assertThat(found).as("%s cell of minute %d (%s)", dimension, minute, model).hasSize(1);
    return found.get(0);
  }

  private static SimulatedRequest request(
      long startNanos, String model, double latencySeconds, long input, long output) {
    return SimulatedRequest.at(startNanos)
        .provider("openai")
        .model(model)
        .latency(latencySeconds)
        .tokens(input, output);
  }

  private static List<String> jobArgs(int port, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--cells.store",
                "OPENSEARCH",
                "--cells.index-prefix",
                CELL_PREFIX,
                "--opensearch.hosts",
                "http://127.0.0.1:" + openSearch.httpPort(),
                "--otlp.receiver.port",
                String.valueOf(port),
                "--otlp.http.enabled",
                "false",
                "--otlp.receiver.bind-address",
                "127.0.0.1",
                // Checkpoints only when the test triggers one (or stops with a savepoint). Flink
                // delays the first periodic checkpoint by a random time between the minimum pause
                // and the interval: a minimum pause of the whole interval makes that exactly 1 h.
                "--execution.checkpointing.interval",
                "1 h",
                "--execution.checkpointing.min-pause",
                "1 h",
                "--analysis.watermark.out-of-orderness",
                "1 s",
                "--analysis.cumulative.first-point-grace",
                "30 s"));
    args.addAll(List.of(more));
    return args;
  }

  private static void awaitPort(int port) {
    cluster.await(
        "the receiver to listen on port " + port,
        () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
          } catch (IOException e) {
            return false;
          }
        },
        TIMEOUT);
  }

  /** The upgrade's price table: other prices for gpt-4o, and Claude Sonnet 4 priced as well. */
  private static final String PRICES_V2 =
      String.join(
          "\n",
          "last-updated: 2026-01-01",
          "providers:",
          "  - provider: openai",
          "    models:",
          "      - name: gpt-4o",
          "        input-estimated-cost-per-m: 5",
          "        output-estimated-cost-per-m: 20",
          "  - provider: anthropic",
          "    models:",
          "      - name: claude-sonnet-4",
          "        input-estimated-cost-per-m: 6",
          "        output-estimated-cost-per-m: 30",
          "");
}
