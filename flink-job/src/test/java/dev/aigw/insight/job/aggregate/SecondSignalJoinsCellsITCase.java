package dev.aigw.insight.job.aggregate;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static dev.aigw.insight.job.testing.CellAssertions.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.DecodingFlatMap;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.OtlpCapture;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.schema.gateway.GatewayContract.Metric;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 * The public entry at the per-leaf partial ({@link GenAiMetricsPipeline#cells}): a second signal's
 * partials, built by hand here as a span path would build them, join the metrics path's partials in
 * the same guard and windows. Its own leaves get their cells, a leaf it shares with the metrics
 * adds to theirs, and every other cell stays exactly what the metrics alone give.
 */
class SecondSignalJoinsCellsITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final long S = 1_000_000_000L;
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * S;
  private static final long MINUTE0_MS = T0 / 1_000_000;
  private static final JobClock CLOCK = JobClock.fixed(MINUTE0_MS + 5 * 60_000);
  private static final AnalysisConfig CONFIG = AnalysisConfig.defaults();

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
  void anotherSignalsPartialsJoinTheMetricsCells() throws Exception {
    GatewaySimulator gw =
        GatewaySimulator.builder(capture.endpoint())
            .service("gw")
            .instance("pod-a")
            .temporality(Temporality.DELTA)
            .startedAt(T0)
            .build();
    // minute 0: one leaf, shared with the second signal; minute 1: the metrics' alone
    gw.submit(
        SimulatedRequest.at(T0 + 5 * S)
            .provider("openai")
            .model("gpt-4o-mini")
            .latency(0.5)
            .tokens(100, 10));
    gw.submit(
        SimulatedRequest.at(T0 + 65 * S)
            .provider("openai")
            .model("gpt-4o-mini")
            .latency(0.25)
            .tokens(50, 5));
    gw.exportAt(T0 + 20 * S);
    gw.exportAt(T0 + 80 * S);
    gw.close();
    List<ExportMetricsServiceRequest> exports = capture.drain();

    List<MinuteCell> metricsOnly = run(exports, List.of());
    assertMatches(
        metricsOnly,
        Expectation.of(PriceTable.loadDefault()).add(gw).cells(),
        PercentileMethod.INTERPOLATED);

    LeafAggregate app = partial("apps", "app-1", "anthropic", "claude-sonnet-4-5", 10);
    app.duration.add(durationBounds(), durationCounts(0.5, 1.5), 2.0, 2, 0.5, 1.5);
    app.errors = 1;
    app.inputTokens = 300;
    app.outputTokens = 40;
    app.costPicos = 2_500_000;
    LeafAggregate shared = partial("gw", "pod-a", "openai", "gpt-4o-mini", 30);
    shared.inputTokens = 1000;
    shared.outputTokens = 7;

    Map<String, MinuteCell> joined = byKey(run(exports, List.of(app, shared)));
    Map<String, MinuteCell> alone = byKey(metricsOnly);

    for (Map.Entry<String, MinuteCell> e : alone.entrySet()) {
      MinuteCell expected = e.getValue().copy();
      if (expected.windowStartMs == MINUTE0_MS) {
        expected.inputTokens += 1000;
        expected.outputTokens += 7;
      }
      assertThat(joined.get(e.getKey())).as(e.getKey()).isEqualTo(expected);
    }
    List<MinuteCell> apps = joined.values().stream().filter(c -> c.service.equals("apps")).toList();
    assertThat(joined).hasSize(alone.size() + apps.size());
    assertThat(apps).hasSize(Scope.values().length * Dimension.values().length);
    for (MinuteCell c : apps) {
      assertThat(c.windowStartMs).isEqualTo(MINUTE0_MS);
      assertThat(c.instance).isEqualTo(c.scope == Scope.INSTANCE ? "app-1" : "");
      assertThat(c.provider).isEqualTo(c.dimension == Dimension.ALL ? "" : "anthropic");
      assertThat(c.model).isEqualTo(c.dimension == Dimension.MODEL ? "claude-sonnet-4-5" : "");
      assertThat(c.requests).isEqualTo(2);
      assertThat(c.errors).isEqualTo(1);
      assertThat(c.latencyAvgMs).isEqualTo(1000.0);
      assertThat(c.ttftCount).isZero();
      assertThat(c.inputTokens).isEqualTo(300);
      assertThat(c.outputTokens).isEqualTo(40);
      assertThat(c.costPicos).isEqualTo(2_500_000);
    }
  }

  /** A partial as a signal's partials operator hands it on: identity, values, event time. */
  private static LeafAggregate partial(
      String service, String instance, String provider, String model, int secondOfMinute0) {
    LeafAggregate a = new LeafAggregate();
    a.service = service;
    a.instance = instance;
    a.provider = provider;
    a.model = model;
    a.points = 1;
    a.eventTimeMs = MINUTE0_MS + secondOfMinute0 * 1000L;
    return a;
  }

  private static double[] durationBounds() {
    return Metric.REQUEST_DURATION.bucketBounds();
  }

  /** Bucket counts of {@code values} over the duration bounds (upper bound inclusive). */
  private static long[] durationCounts(double... values) {
    double[] bounds = durationBounds();
    long[] counts = new long[bounds.length + 1];
    for (double v : values) {
      int i = 0;
      while (i < bounds.length && v > bounds[i]) {
        i++;
      }
      counts[i]++;
    }
    return counts;
  }

  /**
   * The metrics path ({@link GenAiMetricsPipeline#partials}) and, when given, a second source of
   * partials with its own watermarks, both through {@link GenAiMetricsPipeline#cells}.
   */
  private static List<MinuteCell> run(
      List<ExportMetricsServiceRequest> exports, List<LeafAggregate> otherSignal) throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    List<byte[]> payloads = new ArrayList<>();
    for (ExportMetricsServiceRequest r : exports) {
      payloads.add(r.toByteArray());
    }
    DataStream<ResourcePoints> points =
        env.fromData(payloads)
            .flatMap(new DecodingFlatMap(ResourcePointsDecoder.create(CONFIG, CLOCK)))
            .setParallelism(1)
            .name("decode");
    DataStream<LeafAggregate> metricPartials = GenAiMetricsPipeline.partials(points, CONFIG, CLOCK);
    DataStream<MinuteCell> cells;
    if (otherSignal.isEmpty()) {
      cells = GenAiMetricsPipeline.cells(CONFIG, CLOCK, metricPartials);
    } else {
      DataStream<LeafAggregate> otherPartials =
          env.fromData(otherSignal, TypeInformation.of(LeafAggregate.class))
              .setParallelism(1)
              .assignTimestampsAndWatermarks(GenAiMetricsPipeline.watermarks(CONFIG, CLOCK))
              .setParallelism(1)
              .name("second signal's partials");
      cells = GenAiMetricsPipeline.cells(CONFIG, CLOCK, metricPartials, otherPartials);
    }
    List<MinuteCell> out = new ArrayList<>();
    try (CloseableIterator<MinuteCell> it = cells.executeAndCollect("second-signal-it")) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
