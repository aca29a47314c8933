package dev.aigw.insight.job.aggregate;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static dev.aigw.insight.job.testing.CellAssertions.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.DecodingFlatMap;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.OtlpCapture;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on a MiniCluster: scripted gateway traffic goes through the real OpenTelemetry Java
 * SDK and OTLP/gRPC into the decoder and the whole analysis; every value of every cell is compared
 * with what the script implies, for DELTA and CUMULATIVE input alike.
 */
class GenAiMetricsPipelineITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final long S = 1_000_000_000L;
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * S;

  /** The receiver's clock: just after the simulated traffic (which ends before T0 + 5 min). */
  private static final JobClock RECEIVER_CLOCK = JobClock.fixed(T0 / 1_000_000 + 5 * 60_000);

  private static final PriceTable PRICES = PriceTable.loadDefault();

  private static OtlpCapture capture;

  @BeforeAll
  static void startReceiver() throws Exception {
    capture = OtlpCapture.start();
  }

  @AfterAll
  static void stopReceiver() throws Exception {
    capture.close();
  }

  @Test
  void deltaAndCumulativeGiveTheScriptsCellsWithInterpolatedPercentiles() throws Exception {
    Traffic delta = traffic(Temporality.DELTA);
    Traffic cumulative = traffic(Temporality.CUMULATIVE);
    AnalysisConfig config = AnalysisConfig.defaults();

    List<MinuteCell> fromDelta = run(delta.exports, config, 2);
    List<MinuteCell> fromCumulative = run(cumulative.exports, config, 2);

    assertMatches(fromDelta, delta.expected, PercentileMethod.INTERPOLATED);
    assertMatches(fromCumulative, cumulative.expected, PercentileMethod.INTERPOLATED);
    // cumulative input cannot tell a minute's min/max, so only the clamp may differ
    assertSameValues(fromDelta, fromCumulative, false);
    assertThat(delta.expected).hasSizeGreaterThan(50);
    assertScriptFeatures(byKey(fromDelta));
  }

  @Test
  void deltaAndCumulativeGiveIdenticalCellsWithSkyWalkingPercentiles() throws Exception {
    Traffic delta = traffic(Temporality.DELTA);
    Traffic cumulative = traffic(Temporality.CUMULATIVE);
    AnalysisConfig config =
        AnalysisConfig.builder().percentileMethod(PercentileMethod.SKYWALKING).build();

    List<MinuteCell> fromDelta = run(delta.exports, config, 2);
    List<MinuteCell> fromCumulative = run(cumulative.exports, config, 2);

    assertMatches(fromDelta, delta.expected, PercentileMethod.SKYWALKING);
    assertMatches(fromCumulative, cumulative.expected, PercentileMethod.SKYWALKING);
    assertSameValues(fromDelta, fromCumulative, true);
  }

  @Test
  void retriedExportsAreCountedOnce() throws Exception {
    for (Temporality t : Temporality.values()) {
      Traffic traffic = traffic(t);
      List<ExportMetricsServiceRequest> twice = new ArrayList<>();
      for (ExportMetricsServiceRequest r : traffic.exports) {
        twice.add(r);
        twice.add(r); // the client retried an export the job had already received
      }
      assertMatches(
          run(twice, AnalysisConfig.defaults(), 2),
          traffic.expected,
          PercentileMethod.INTERPOLATED);
    }
  }

  @Test
  void cumulativeCounterResetWhenTheGatewayRestarts() throws Exception {
    GatewaySimulator before = simulator(Temporality.CUMULATIVE, "pod-a", T0);
    GatewaySimulator after = simulator(Temporality.CUMULATIVE, "pod-a", T0 + 110 * S);
    Random random = new Random(7);
    for (int i = 0; i < 30; i++) {
      before.submit(randomRequest(random, T0 + i * 3 * S, false));
      after.submit(randomRequest(random, T0 + 112 * S + i * 3 * S, false));
    }
    for (long t = 20; t <= 100; t += 20) {
      before.exportAt(T0 + t * S);
    }
    before.close(); // the old process exits (its shutdown export repeats the last one)
    for (long t = 120; t <= 240; t += 20) {
      after.exportAt(T0 + t * S);
    }
    after.close();
    List<ExportMetricsServiceRequest> exports = capture.drain();
    Map<String, ExpectedCell> expected = Expectation.of(PRICES).add(before, after).cells();
    assertMatches(
        run(exports, AnalysisConfig.defaults(), 2), expected, PercentileMethod.INTERPOLATED);
  }

  @Test
  void joiningARunningCumulativeGatewayCountsWhatFollowsItsFirstExport() throws Exception {
    long started = T0 - 10 * 60 * S; // long before the job sees anything
    GatewaySimulator gw = simulator(Temporality.CUMULATIVE, "pod-a", started);
    Random random = new Random(11);
    for (int i = 0; i < 40; i++) {
      gw.submit(randomRequest(random, started + i * 14 * S, false));
    }
    // a model first used after the job joined: counted from its first point (rule a)
    gw.submit(
        SimulatedRequest.at(T0 + 65 * S)
            .provider("openai")
            .model("gpt-4.1-nano")
            .latency(0.25)
            .tokens(1000, 100));
    for (long t = started + 20 * S; t <= T0 + 120 * S; t += 20 * S) {
      gw.exportAt(t);
    }
    gw.close();
    List<ExportMetricsServiceRequest> all = capture.drain();
    int joinedAt = gw.exportTimes().indexOf(T0); // the job starts receiving here
    List<ExportMetricsServiceRequest> seen = all.subList(joinedAt, all.size());
    Map<String, ExpectedCell> expected =
        Expectation.of(PRICES).add(gw).only(e -> e.exportIndex > joinedAt).cells();
    List<MinuteCell> cells = run(seen, AnalysisConfig.defaults(), 2);
    assertMatches(cells, expected, PercentileMethod.INTERPOLATED);
    assertThat(byKey(cells).values())
        .anyMatch(c -> c.dimension == Dimension.MODEL && c.model.equals("gpt-4.1-nano"));
  }

  @Test
  void floodOfModelNamesIsFoldedIntoOther() throws Exception {
    GatewaySimulator gw = simulator(Temporality.DELTA, "pod-a", T0);
    for (int i = 0; i < 8; i++) {
      gw.submit(
          SimulatedRequest.at(T0 + i * 20 * S + S)
              .provider("openai")
              .model("random-model-" + i)
              .latency(0.5)
              .tokens(10 + i, 1));
      gw.exportAt(T0 + (i + 1) * 20 * S);
    }
    gw.close();
    List<ExportMetricsServiceRequest> exports = capture.drain();
    AnalysisConfig config = AnalysisConfig.builder().maxModelsPerService(3).build();
    Map<String, ExpectedCell> expected =
        Expectation.of(PRICES)
            .add(gw)
            .mapModels(m -> m.compareTo("random-model-3") < 0 ? m : "other")
            .cells();
    assertMatches(run(exports, config, 1), expected, PercentileMethod.INTERPOLATED);
  }

  @Test
  void resourcesOutsideTheFilterAreNotAnalysed() throws Exception {
    GatewaySimulator other =
        GatewaySimulator.builder(capture.endpoint())
            .service("batch")
            .resourceAttribute("job_name", "batch-jobs")
            .temporality(Temporality.DELTA)
            .startedAt(T0)
            .build();
    other.submit(SimulatedRequest.at(T0 + S).tokens(5, 5));
    other.exportAt(T0 + 20 * S);
    other.close();
    List<ExportMetricsServiceRequest> exports = capture.drain();
    assertThat(run(exports, AnalysisConfig.defaults(), 1)).isEmpty();
    AnalysisConfig any = AnalysisConfig.builder().acceptAnyResource(true).build();
    assertMatches(
        run(exports, any, 1),
        Expectation.of(PRICES).add(other).cells(),
        PercentileMethod.INTERPOLATED);
  }

  // ---------------------------------------------------------------------------------------------

  /** Exports of the standard script and their expectation. */
  private static final class Traffic {
    List<ExportMetricsServiceRequest> exports;
    Map<String, ExpectedCell> expected;
  }

  /**
   * The standard script: one service, two gateway instances, four minutes, exports every 20 s;
   * priced and unpriced models, cache reads and writes, reasoning, streaming, failures, a model
   * first used in the third minute, and a TTFT whose request ends in the next minute.
   */
  private static Traffic traffic(Temporality temporality) {
    GatewaySimulator a = simulator(temporality, "pod-a", T0);
    GatewaySimulator b = simulator(temporality, "pod-b", T0);
    Random random = new Random(2026);
    for (int i = 0; i < 120; i++) {
      long start = T0 + (long) (random.nextDouble() * 170 * S);
      (i % 2 == 0 ? a : b).submit(randomRequest(random, start, start > T0 + 125 * S));
    }
    // TTFT at 36 s (minute 0 export at 40 s), end at 45 s (export at 60 s: minute 1)
    a.submit(
        SimulatedRequest.at(T0 + 35 * S)
            .provider("anthropic")
            .model("claude-3-5-haiku-20241022")
            .latency(10)
            .streaming(1, 0.0625)
            .tokens(300, 160));
    for (long t = 20; t <= 200; t += 20) {
      a.exportAt(T0 + t * S);
      b.exportAt(T0 + t * S);
    }
    a.close();
    b.close();
    Traffic traffic = new Traffic();
    traffic.exports = capture.drain();
    traffic.expected = Expectation.of(PRICES).add(a, b).cells();
    return traffic;
  }

  private static SimulatedRequest randomRequest(Random random, long start, boolean lateModel) {
    SimulatedRequest r = SimulatedRequest.at(start).latency(binary(random, 20, 20 * 1024));
    int kind = random.nextInt(lateModel ? 6 : 5);
    switch (kind) {
      case 0:
        r.provider("openai").model("gpt-4o-mini").responseModel("gpt-4o-mini-2024-07-18");
        r.tokens(100 + random.nextInt(900), 10 + random.nextInt(300));
        r.cache(random.nextInt(2) * 64L, 0);
        break;
      case 1:
        r.provider("anthropic")
            .model("claude-sonnet-4-5")
            .responseModel("claude-sonnet-4-5-20250929");
        long cached = random.nextInt(500);
        long written = random.nextInt(300);
        r.tokens(cached + written + 1 + random.nextInt(200), 50 + random.nextInt(500));
        r.cache(cached, written).reasoning(random.nextInt(40));
        r.streaming(binary(random, 10, 2048), binary(random, 8, 512));
        break;
      case 2:
        r.provider("openai").model("llama-3.3-70b"); // an Ollama backend: unpriced
        r.tokens(1 + random.nextInt(400), 1 + random.nextInt(100));
        break;
      case 3:
        r.provider("openai").model("gpt-5-turbo-nonexistent").failed(); // the seed's 404
        break;
      case 4:
        r.provider("aws.bedrock").model("us.anthropic.claude-sonnet-4-20250514-v1:0");
        r.tokens(2000 + random.nextInt(2000), 100 + random.nextInt(200));
        r.streaming(binary(random, 5, 4096), binary(random, 4, 1024));
        if (random.nextInt(4) == 0) {
          r.failed();
        }
        break;
      default:
        r.provider("gcp.gemini").model("gemini-2.5-flash");
        r.tokens(1 + random.nextInt(5000), 1 + random.nextInt(800));
        break;
    }
    return r;
  }

  /** A duration of k/1024 s, k in [lo, hi): exact in binary, so sums compare bit for bit. */
  private static double binary(Random random, int lo, int hi) {
    return (lo + random.nextInt(hi - lo)) / 1024.0;
  }

  private static GatewaySimulator simulator(Temporality t, String instance, long started) {
    return GatewaySimulator.builder(capture.endpoint())
        .service("gw")
        .instance(instance)
        .temporality(t)
        .startedAt(started)
        .build();
  }

  private static void assertScriptFeatures(Map<String, MinuteCell> cells) {
    long minute0 = T0 / 1_000_000;
    MinuteCell haiku =
        cells.get(
            MinuteCell.cellKey(
                minute0,
                Scope.SERVICE,
                Dimension.MODEL,
                "gw",
                "",
                "anthropic",
                "claude-3-5-haiku-20241022"));
    assertThat(haiku.ttftCount).isEqualTo(1);
    assertThat(haiku.requests).isZero(); // its request ended in the next minute
    assertThat(cells.values()).anyMatch(c -> c.errors > 0);
    assertThat(cells.values()).anyMatch(c -> c.unpricedTokens > 0);
    assertThat(cells.values()).anyMatch(c -> c.cacheSavingsPicos > 0 && c.reasoningTokens > 0);
    assertThat(cells.values())
        .filteredOn(c -> c.dimension == Dimension.MODEL && c.model.equals("gemini-2.5-flash"))
        .allMatch(c -> c.windowStartMs >= minute0 + 120_000)
        .isNotEmpty();
  }

  private static void assertSameValues(
      List<MinuteCell> a, List<MinuteCell> b, boolean includingPercentiles) {
    Map<String, MinuteCell> x = byKey(a);
    Map<String, MinuteCell> y = byKey(b);
    assertThat(x.keySet()).isEqualTo(y.keySet());
    for (String key : x.keySet()) {
      if (includingPercentiles) {
        assertThat(y.get(key)).as(key).isEqualTo(x.get(key));
      } else {
        assertThat(dev.aigw.insight.job.testing.CellAssertions.withoutPercentiles(y.get(key)))
            .as(key)
            .isEqualTo(dev.aigw.insight.job.testing.CellAssertions.withoutPercentiles(x.get(key)));
      }
    }
  }

  /** Runs decoder + analysis over the exports on the MiniCluster and collects every cell. */
  static List<MinuteCell> run(
      List<ExportMetricsServiceRequest> exports, AnalysisConfig config, int parallelism)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    List<byte[]> payloads = new ArrayList<>();
    for (ExportMetricsServiceRequest r : exports) {
      payloads.add(r.toByteArray());
    }
    DataStream<MinuteCell> cells =
        GenAiMetricsPipeline.build(
            env.fromData(payloads)
                .flatMap(new DecodingFlatMap(ResourcePointsDecoder.create(config, RECEIVER_CLOCK)))
                .setParallelism(1)
                .name("decode"),
            config);
    List<MinuteCell> out = new ArrayList<>();
    try (CloseableIterator<MinuteCell> it = cells.executeAndCollect("genai-it")) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
