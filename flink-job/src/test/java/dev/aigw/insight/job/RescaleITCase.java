package dev.aigw.insight.job;

import static dev.aigw.insight.job.testing.CellAssertions.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.GenAiMetricsPipeline;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.OtlpCapture;
import dev.aigw.insight.job.testing.SimulatedRequest;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.source.otlp.kafka.OtlpKafkaMetrics;
import dev.aigw.insight.source.otlp.kafka.OtlpKafkaSourceConfig;
import dev.aigw.insight.source.otlp.kafka.OtlpKafkaSources;
import dev.aigw.insight.source.otlp.kafka.testing.EmbeddedKafka;
import dev.aigw.insight.source.otlp.kafka.testing.UpsertTestSink;
import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rescale as the operator's autoscaler does it (docs/operations.md, "Scaling"): the Kafka path
 * runs at parallelism 1, is stopped with a savepoint in the middle of the traffic (open minutes,
 * cumulative baselines in state), and restored from it at parallelism 2, where the keyed state is
 * split over two subtasks and the two partitions over two readers. The cells equal the simulator's
 * expectation exactly: no point lost, none counted twice.
 */
class RescaleITCase {

  private static final long S = 1_000_000_000L;
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * S;
  private static final PriceTable PRICES = PriceTable.loadDefault();
  private static final int PARTITIONS = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final PercentileMethod METHOD = PercentileMethod.SKYWALKING;
  private static final String TOPIC = "genai-rescale";

  /** The job's clock: frozen while data flows, moved ahead at the end to close every minute. */
  private static final AtomicLong NOW = new AtomicLong(T0 / 1_000_000 + 10 * 60_000);

  // a lambda on the static field: a bound method reference would serialize a copy of NOW
  private static final JobClock CLOCK = () -> NOW.get();

  @RegisterExtension static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(PARTITIONS)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  private static OtlpCapture capture;

  @TempDir Path savepoints;

  @BeforeAll
  static void startCapture() throws Exception {
    capture = OtlpCapture.start();
  }

  @AfterAll
  static void stopCapture() throws Exception {
    capture.close();
  }

  @Test
  void stoppedAtParallelismOneAndRestoredAtTwoEndsWithTheExpectedCells(
      @InjectClusterClient ClusterClient<?> client) throws Exception {
    KAFKA.createTopics(PARTITIONS, TOPIC);
    UpsertTestSink.drop(TOPIC);
    GatewaySimulator a = simulator("pod-a");
    GatewaySimulator b = simulator("pod-b");
    List<ExportMetricsServiceRequest> exports = traffic(a, b);
    Map<String, ExpectedCell> expected = Expectation.of(PRICES).add(a, b).cells();
    int half = exports.size() / 2;

    // the first half at parallelism 1, then stop with a savepoint (no drain: minutes stay open)
    produce(exports.subList(0, half));
    JobClient one = start(1, null);
    awaitDecoded(one.getJobID(), half);
    String savepoint =
        client
            .stopWithSavepoint(
                one.getJobID(), false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(60, TimeUnit.SECONDS);
    assertThat(Path.of(URI.create(savepoint)).resolve("_metadata")).exists();

    // the second half arrives while the job is down; parallelism 2 restores and reads it
    produce(exports.subList(half, exports.size()));
    JobClient two = start(2, savepoint);
    try {
      awaitDecoded(two.getJobID(), exports.size() - half);
      // the combiner sends before a checkpoint barrier: after this, all input passed the
      // watermark generators, and the clock may move on to close every minute
      Await.value(
          TIMEOUT,
          "a completed checkpoint",
          () ->
              client
                  .triggerCheckpoint(two.getJobID(), CheckpointType.FULL)
                  .get(60, TimeUnit.SECONDS),
          id -> true);
      NOW.addAndGet(Duration.ofDays(1).toMillis());
      Map<String, MinuteCell> table = UpsertTestSink.table(TOPIC);
      Await.until(
          TIMEOUT,
          "the expected cells",
          () -> {
            NOW.addAndGet(Duration.ofMinutes(1).toMillis());
            return mismatch(table, expected) == null;
          },
          () -> mismatch(table, expected));
      assertMatches(table.values(), expected, METHOD);
      assertThat(expected).hasSizeGreaterThan(20);
      // the restored job read exactly what followed the savepoint, on both subtasks
      assertThat(decoded(two.getJobID())).isEqualTo(exports.size() - half);
      assertThat(subtasksThatDecoded(two.getJobID())).isEqualTo(PARTITIONS);
    } finally {
      two.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Two CUMULATIVE gateway instances (the gateway's default: their state is what a rescale must
   * split correctly), six minutes of mixed requests, an export every 20 s.
   */
  private static List<ExportMetricsServiceRequest> traffic(GatewaySimulator a, GatewaySimulator b)
      throws Exception {
    Random random = new Random(20_2026);
    for (int i = 0; i < 160; i++) {
      long start = T0 + (long) (random.nextDouble() * 350 * S);
      // durations of k/1024 s are exact in binary, so sums compare bit for bit
      SimulatedRequest r =
          SimulatedRequest.at(start).latency((20 + random.nextInt(20 * 1024)) / 1024.0);
      r =
          switch (random.nextInt(3)) {
            case 0 ->
                r.provider("openai")
                    .model("gpt-4o-mini")
                    .tokens(100 + random.nextInt(900), 10 + random.nextInt(300));
            case 1 ->
                r.provider("anthropic")
                    .model("claude-sonnet-4-5")
                    .tokens(200 + random.nextInt(500), 50 + random.nextInt(500))
                    .streaming(
                        (10 + random.nextInt(2048)) / 1024.0, (8 + random.nextInt(512)) / 1024.0);
            default -> r.provider("openai").model("gpt-4o").failed();
          };
      (i % 2 == 0 ? a : b).submit(r);
    }
    for (long t = 20; t <= 380; t += 20) {
      a.exportAt(T0 + t * S);
      b.exportAt(T0 + t * S);
    }
    List<ExportMetricsServiceRequest> exports = capture.drain();
    a.close();
    b.close();
    return exports;
  }

  private static GatewaySimulator simulator(String instance) {
    return GatewaySimulator.builder(capture.endpoint())
        .service("gw")
        .instance(instance)
        .temporality(Temporality.CUMULATIVE)
        .startedAt(T0)
        .build();
  }

  /** As the Collector writes with partitioning by resource: each instance in its own partition. */
  private static void produce(List<ExportMetricsServiceRequest> exports) throws Exception {
    for (ExportMetricsServiceRequest export : exports) {
      KAFKA.send(TOPIC, partitionOf(export), export.toByteArray());
    }
  }

  private static int partitionOf(ExportMetricsServiceRequest export) {
    for (KeyValue kv : export.getResourceMetrics(0).getResource().getAttributesList()) {
      if (kv.getKey().equals("service.instance.id")) {
        return kv.getValue().getStringValue().equals("pod-a") ? 0 : 1;
      }
    }
    throw new AssertionError("export without service.instance.id");
  }

  private JobClient start(int parallelism, String restorePath) throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    // as in the manifests: the key groups the state is split into, fixed for its life
    conf.set(PipelineOptions.MAX_PARALLELISM, 128);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofDays(1));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    if (restorePath != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    AnalysisConfig analysis =
        AnalysisConfig.builder()
            .percentileMethod(METHOD)
            .combineFlushInterval(Duration.ofMillis(200))
            .build();
    OtlpKafkaSourceConfig kafka =
        OtlpKafkaSourceConfig.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic(OtlpSignal.METRICS, TOPIC)
            .signals(OtlpSignal.METRICS)
            .groupId(TOPIC)
            .build();
    DataStream<ResourcePoints> points =
        env.fromSource(
                OtlpKafkaSources.create(kafka, ResourcePointsDecoder.create(analysis, CLOCK)),
                WatermarkStrategy.noWatermarks(),
                OtlpKafkaSources.SOURCE_NAME)
            .uid(OtlpKafkaSources.SOURCE_UID);
    GenAiMetricsPipeline.build(points, analysis, CLOCK)
        .sinkTo(new UpsertTestSink<MinuteCell>(TOPIC, MinuteCell::cellKey))
        .uid("cells-upsert")
        .name("cells upsert");
    return env.executeAsync("genai rescale p" + parallelism);
  }

  /** Null when the table holds exactly the expected cells, else what differs. */
  private static String mismatch(
      Map<String, MinuteCell> table, Map<String, ExpectedCell> expected) {
    try {
      assertMatches(table.values(), expected, METHOD);
      return null;
    } catch (AssertionError e) {
      return e.getMessage();
    }
  }

  private static Map<String, Metric> decoders(JobID job) {
    return REPORTER.findMetrics(job, OtlpKafkaMetrics.MESSAGES_DECODED);
  }

  private static long decoded(JobID job) {
    return decoders(job).entrySet().stream()
        .filter(e -> e.getKey().endsWith("." + OtlpKafkaMetrics.MESSAGES_DECODED))
        .mapToLong(e -> ((Counter) e.getValue()).getCount())
        .sum();
  }

  private static long subtasksThatDecoded(JobID job) {
    return decoders(job).entrySet().stream()
        .filter(e -> e.getKey().endsWith("." + OtlpKafkaMetrics.MESSAGES_DECODED))
        .filter(e -> ((Counter) e.getValue()).getCount() > 0)
        .count();
  }

  private static void awaitDecoded(JobID job, long messages) throws InterruptedException {
    Await.until(
        TIMEOUT,
        messages + " messages decoded",
        () -> decoded(job) >= messages,
        () -> decoded(job));
    assertThat(decoded(job)).isEqualTo(messages);
  }
}
