package dev.aigw.insight.job.emit.banyandb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.job.aggregate.GenAiMetricsPipeline;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.CellAssertions;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import dev.aigw.insight.source.otlp.AckMode;
import dev.aigw.insight.source.otlp.OtlpReceiverSource;
import dev.aigw.insight.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end: the gateway simulator (real OpenTelemetry SDK over OTLP/gRPC) → the OTLP receiver
 * source → the GenAI analysis → the BanyanDB sink → the stand-in; then every cell is read back with
 * the client's query API and compared with what the scripted traffic implies (the dashboard's
 * BanyanDB store and query command are tested in the dashboard module).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayToBanyanDbTestBase {
  private static final long S = 1_000_000_000L;
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * S;

  /** The receiver's clock: just after the simulated traffic (which ends before T0 + 5 min). */
  private static final JobClock RECEIVER_CLOCK = JobClock.fixed(T0 / 1_000_000 + 5 * 60_000);

  private static final PriceTable PRICES = PriceTable.loadDefault();

  private String group;
  private String target;
  private Map<String, ExpectedCell> expected;

  /** Starts the BanyanDB to write to and returns its gRPC target. */
  protected abstract String startBanyanDb() throws Exception;

  /** A group name not used before on that BanyanDB. */
  protected abstract String newGroup();

  /** Stops what {@link #startBanyanDb()} started. */
  protected void stopBanyanDb() throws Exception {}

  @BeforeAll
  void runTheJob() throws Exception {
    target = startBanyanDb();
    group = newGroup();
    Configuration storage = new Configuration();
    storage.set(GenAiStorageOptions.MINUTE_GROUP, group);
    int port = freePort();
    AnalysisConfig config =
        AnalysisConfig.builder()
            .outOfOrderness(Duration.ofSeconds(1))
            .idleTimeout(Duration.ofSeconds(1))
            .combineFlushInterval(Duration.ofMillis(200))
            .build();

    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    OtlpReceiverSource<ResourcePoints> source =
        OtlpReceiverSource.<ResourcePoints>builder()
            .setDecoder(ResourcePointsDecoder.create(config, RECEIVER_CLOCK))
            .setBindAddress("127.0.0.1")
            .setPort(port)
            // no OTLP/HTTP: its fixed default port would clash with another test run
            .setHttpEnabled(false)
            .setAckMode(AckMode.ON_RECEIVE)
            .build();
    GenAiMetricsPipeline.build(
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "otlp-receiver")
                .uid("otlp-receiver"),
            config)
        .sinkTo(
            BanyanDbSink.<MinuteCell>builder()
                .setTargets(target)
                .setSchema(GenAiMeasures.schema(storage))
                .setEmitter(new MinuteCellEmitter(group))
                .setFlushInterval(Duration.ofMillis(200))
                .build())
        .name("BanyanDB")
        .uid("banyandb-sink");
    JobClient job = env.executeAsync("gateway-to-banyandb");
    try {
      awaitListening(port);
      expected = sendTraffic("http://127.0.0.1:" + port);
      awaitStoredRows(expected.size());
    } finally {
      job.cancel().get();
    }
  }

  @AfterAll
  void stop() throws Exception {
    stopBanyanDb();
  }

  @Test
  void everyCellReadBackFromBanyanDbHasTheScriptsValues() throws Exception {
    List<MinuteCell> cells = readBack();
    assertThat(expected).hasSizeGreaterThan(50);
    CellAssertions.assertMatches(cells, expected, PercentileMethod.INTERPOLATED);
  }

  /**
   * Two gateway pods, four minutes of DELTA traffic, exports every 20 s up to a minute boundary.
   */
  private static Map<String, ExpectedCell> sendTraffic(String endpoint) {
    GatewaySimulator a = simulator(endpoint, "pod-a");
    GatewaySimulator b = simulator(endpoint, "pod-b");
    Random random = new Random(2026);
    for (int i = 0; i < 80; i++) {
      long start = T0 + (long) (random.nextDouble() * 170 * S);
      (i % 2 == 0 ? a : b).submit(request(random, start));
    }
    // A delta point is stamped with its export time, so an export at a minute boundary starts the
    // next minute. Ending with a request at 230 s exported at 239.5 s lets the idle watermark
    // close the last minute within seconds instead of a minute.
    a.submit(
        SimulatedRequest.at(T0 + 230 * S)
            .provider("openai")
            .model("gpt-4o-mini")
            .latency(0.5)
            .tokens(1000, 100));
    for (long t = 20; t <= 220; t += 20) {
      a.exportAt(T0 + t * S);
      b.exportAt(T0 + t * S);
    }
    a.exportAt(T0 + 239 * S + S / 2);
    a.close();
    b.close();
    return Expectation.of(PRICES).add(a, b).cells();
  }

  private static SimulatedRequest request(Random random, long start) {
    SimulatedRequest r =
        SimulatedRequest.at(start).latency((20 + random.nextInt(20 * 1024 - 20)) / 1024.0);
    switch (random.nextInt(4)) {
      case 0 -> {
        r.provider("openai").model("gpt-4o-mini").responseModel("gpt-4o-mini-2024-07-18");
        r.tokens(100 + random.nextInt(900), 10 + random.nextInt(300));
      }
      case 1 -> {
        r.provider("anthropic")
            .model("claude-sonnet-4-5")
            .responseModel("claude-sonnet-4-5-20250929");
        long cached = random.nextInt(500);
        r.tokens(cached + 1 + random.nextInt(200), 50 + random.nextInt(500)).cache(cached, 0);
        r.streaming((10 + random.nextInt(2038)) / 1024.0, (8 + random.nextInt(504)) / 1024.0);
      }
      case 2 -> {
        r.provider("openai").model("llama-3.3-70b");
        r.tokens(1 + random.nextInt(400), 1 + random.nextInt(100));
      }
      default -> r.provider("openai").model("gpt-5-turbo-nonexistent").failed();
    }
    return r;
  }

  private static GatewaySimulator simulator(String endpoint, String instance) {
    return GatewaySimulator.builder(endpoint)
        .service("gw")
        .instance(instance)
        .temporality(Temporality.DELTA)
        .startedAt(T0)
        .build();
  }

  private void awaitStoredRows(int rows) throws Exception {
    Await.until(
        Duration.ofSeconds(90),
        rows + " stored cells",
        () -> storedRows() >= rows,
        this::storedRows);
  }

  private int storedRows() {
    try {
      return readBack().size();
    } catch (Exception e) {
      return 0; // the sink has not created the measures yet
    }
  }

  private List<MinuteCell> readBack() throws Exception {
    try (BanyanDbQueryClient connection = BanyanDbQueryClient.open(target)) {
      return StoredCells.read(
          connection.client(),
          group,
          Instant.ofEpochSecond(T0 / S),
          Instant.ofEpochSecond(T0 / S + 600));
    }
  }

  private static void awaitListening(int port) throws InterruptedException {
    Await.listening(Duration.ofSeconds(60), "127.0.0.1", port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
