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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exactly-once effect through Kafka, end to end: gateway traffic from the real OpenTelemetry SDK,
 * serialized as the Collector's Kafka exporter writes it, is analysed by the job (KafkaSource →
 * GenAiMetricDecoder → GenAiMetricsPipeline → an idempotent upsert sink keyed by cell key). The job
 * is cancelled mid-stream after a completed checkpoint, with data processed after that checkpoint,
 * and restored from the retained checkpoint: the final cells equal the simulator's expected cells
 * exactly, for DELTA and CUMULATIVE input (whose cumulative→delta state must survive the restore).
 */
class KafkaExactlyOnceITCase {

  /**
   * The temporality stage's flush interval in these runs, on the job's clock: while the test holds
   * the clock the combiner sends only before checkpoint barriers.
   */
  private static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);

  private static final long S = 1_000_000_000L;
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * S;

  private static final PriceTable PRICES = PriceTable.loadDefault();
  private static final int PARTITIONS = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final PercentileMethod METHOD = PercentileMethod.SKYWALKING;

  /**
   * Where the test clock starts: just after the simulated traffic (which ends before T0 + 10 min).
   */
  private static final long CLOCK_START_MS = T0 / 1_000_000 + 10 * 60_000;

  /**
   * The job's clock (decoders' event-time bounds, the combiner's flushes, watermark generators):
   * frozen while data flows, so that no window is closed by idleness during the test's pauses, and
   * moved a day ahead at the end to close all.
   */
  private static final AtomicLong NOW = new AtomicLong(CLOCK_START_MS);

  // a lambda on the static field: a bound method reference (NOW::get) would be serialized with a
  // copy of NOW into the job, and the copy would never move
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

  @TempDir Path checkpoints;

  /** Jobs to cancel after the test, so that a failed test does not hold the slots. */
  private final List<JobClient> running = new ArrayList<>();

  @AfterEach
  void cancelJobs() {
    for (JobClient job : running) {
      try {
        job.cancel().get(30, TimeUnit.SECONDS);
      } catch (Exception alreadyTerminal) {
        // finished or cancelled by the test itself
      }
    }
  }

  @BeforeAll
  static void startCapture() throws Exception {
    capture = OtlpCapture.start();
  }

  @AfterAll
  static void stopCapture() throws Exception {
    capture.close();
  }

  @ParameterizedTest
  @EnumSource(Temporality.class)
  void cancelledAndRestoredJobEndsWithTheExpectedCells(
      Temporality temporality, @InjectClusterClient ClusterClient<?> client) throws Exception {
    String name = "genai-" + temporality.name().toLowerCase();
    KAFKA.createTopics(PARTITIONS, name);
    UpsertTestSink.drop(name);
    NOW.set(CLOCK_START_MS);

    Traffic traffic = traffic(temporality);
    List<ExportMetricsServiceRequest> exports = traffic.exports;
    int endOfA = exports.size() * 2 / 5;
    int endOfB = exports.size() * 7 / 10;
    assertThat(endOfA).isPositive();
    assertThat(endOfB).isGreaterThan(endOfA).isLessThan(exports.size());

    // A, then a completed checkpoint that holds A's offsets and A's state
    produce(name, exports.subList(0, endOfA));
    JobClient first = start(name, null);
    running.add(first);
    awaitDecoded(first.getJobID(), endOfA);
    long checkpointId = completeCheckpoint(client, first.getJobID());
    Path checkpoint =
        checkpoints.resolve(first.getJobID().toHexString()).resolve("chk-" + checkpointId);
    assertThat(checkpoint.resolve("_metadata")).exists();

    // B is processed after the checkpoint, then the job is cancelled
    produce(name, exports.subList(endOfA, endOfB));
    awaitDecoded(first.getJobID(), endOfB);
    first.cancel().get(60, TimeUnit.SECONDS);
    awaitStatus(client, first.getJobID(), JobStatus.CANCELED);

    // C arrives while the job is down; the restored job re-reads B and reads C
    produce(name, exports.subList(endOfB, exports.size()));
    JobClient second = start(name, checkpoint.toUri().toString());
    running.add(second);
    awaitDecoded(second.getJobID(), exports.size() - endOfA);

    // The decoded input still sits in the temporality stage's combiner: the clock has not moved,
    // so no flush is due. The combiner sends before every checkpoint barrier, so once a checkpoint
    // taken now completes, all input has passed the watermark generator. Only then may the clock
    // jump: a partial reaching the generator after the jump would be late, which live time (where
    // the flush interval is shorter than the idle timeout) never allows.
    completeCheckpoint(client, second.getJobID());
    // all input is in the job: let idle time pass so that every minute closes. The clock keeps
    // moving while we wait: a partial that reaches the watermark generator after a single jump
    // would restart its idle timeout on a clock that no longer moves.
    NOW.addAndGet(Duration.ofDays(1).toMillis());
    Map<String, MinuteCell> table = UpsertTestSink.table(name);
    Await.until(
        TIMEOUT,
        "the expected cells",
        () -> {
          NOW.addAndGet(Duration.ofMinutes(1).toMillis());
          return matches(table, traffic.expected);
        },
        () -> mismatch(table, traffic.expected));
    second.cancel().get(60, TimeUnit.SECONDS);

    assertMatches(table.values(), traffic.expected, METHOD);
    assertThat(traffic.expected).hasSizeGreaterThan(20);
    // the restored job read exactly what followed its checkpoint: no message twice, none skipped
    assertThat(decoded(second.getJobID())).isEqualTo(exports.size() - endOfA);
  }

  // ---------------------------------------------------------------------------------------------

  /** Exports of a scripted traffic and their expected cells. */
  private static final class Traffic {
    List<ExportMetricsServiceRequest> exports;
    Map<String, ExpectedCell> expected;
  }

  /** Two gateway instances, six minutes of mixed requests, an export every 20 s. */
  private static Traffic traffic(Temporality temporality) throws Exception {
    GatewaySimulator a = simulator(temporality, "pod-a");
    GatewaySimulator b = simulator(temporality, "pod-b");
    Random random = new Random(7_2026);
    for (int i = 0; i < 160; i++) {
      long start = T0 + (long) (random.nextDouble() * 350 * S);
      (i % 2 == 0 ? a : b).submit(request(random, start));
    }
    for (long t = 20; t <= 380; t += 20) {
      a.exportAt(T0 + t * S);
      b.exportAt(T0 + t * S);
    }
    Traffic traffic = new Traffic();
    traffic.exports = capture.drain();
    a.close();
    b.close();
    traffic.expected = Expectation.of(PRICES).add(a, b).cells();
    return traffic;
  }

  private static GatewaySimulator simulator(Temporality temporality, String instance) {
    return GatewaySimulator.builder(capture.endpoint())
        .service("gw")
        .instance(instance)
        .temporality(temporality)
        .startedAt(T0)
        .build();
  }

  private static SimulatedRequest request(Random random, long start) {
    // durations of k/1024 s are exact in binary, so sums compare bit for bit
    SimulatedRequest r =
        SimulatedRequest.at(start).latency((20 + random.nextInt(20 * 1024)) / 1024.0);
    switch (random.nextInt(4)) {
      case 0:
        return r.provider("openai")
            .model("gpt-4o-mini")
            .tokens(100 + random.nextInt(900), 10 + random.nextInt(300));
      case 1:
        return r.provider("anthropic")
            .model("claude-sonnet-4-5")
            .tokens(200 + random.nextInt(500), 50 + random.nextInt(500))
            .cache(random.nextInt(100), 0)
            .streaming((10 + random.nextInt(2048)) / 1024.0, (8 + random.nextInt(512)) / 1024.0);
      case 2:
        return r.provider("openai").model("llama-3.3-70b").tokens(1 + random.nextInt(400), 7);
      default:
        return r.provider("openai").model("gpt-5-turbo-nonexistent").failed();
    }
  }

  /**
   * Writes the exports as the Collector's Kafka exporter does with {@code
   * partition_metrics_by_resource_attributes}: one serialized request per message, each gateway
   * instance in its own partition.
   */
  private static void produce(String topic, List<ExportMetricsServiceRequest> exports)
      throws Exception {
    for (ExportMetricsServiceRequest export : exports) {
      KAFKA.send(topic, partitionOf(export), export.toByteArray());
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

  private JobClient start(String name, String restorePath) throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    // checkpoints are triggered by the test; the periodic interval only has to be long
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofDays(1));
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    if (restorePath != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(PARTITIONS);

    // SkyWalking's percentiles are exact bucket bounds, the same for both temporalities; the
    // interpolated ones depend on min/max, which cumulative input knows only per series lifetime
    AnalysisConfig analysis =
        AnalysisConfig.builder()
            .percentileMethod(METHOD)
            .combineFlushInterval(FLUSH_INTERVAL)
            .build();
    OtlpKafkaSourceConfig kafka =
        OtlpKafkaSourceConfig.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic(OtlpSignal.METRICS, name)
            .signals(OtlpSignal.METRICS)
            .groupId(name)
            .build();
    DataStream<ResourcePoints> points =
        env.fromSource(
                OtlpKafkaSources.create(kafka, ResourcePointsDecoder.create(analysis, CLOCK)),
                WatermarkStrategy.noWatermarks(),
                OtlpKafkaSources.SOURCE_NAME)
            .uid(OtlpKafkaSources.SOURCE_UID);
    GenAiMetricsPipeline.build(points, analysis, CLOCK)
        .sinkTo(new UpsertTestSink<MinuteCell>(name, MinuteCell::cellKey))
        .uid("cells-upsert")
        .name("cells upsert");
    return env.executeAsync("genai through kafka");
  }

  private static boolean matches(
      Map<String, MinuteCell> table, Map<String, ExpectedCell> expected) {
    try {
      assertMatches(table.values(), expected, METHOD);
      return true;
    } catch (AssertionError notYet) {
      return false;
    }
  }

  private static String mismatch(
      Map<String, MinuteCell> table, Map<String, ExpectedCell> expected) {
    try {
      assertMatches(table.values(), expected, METHOD);
      return "none";
    } catch (AssertionError e) {
      return e.getMessage();
    }
  }

  private static long decoded(JobID job) {
    return REPORTER.findMetrics(job, OtlpKafkaMetrics.MESSAGES_DECODED).entrySet().stream()
        .filter(e -> e.getKey().endsWith("." + OtlpKafkaMetrics.MESSAGES_DECODED))
        .mapToLong(e -> ((Counter) e.getValue()).getCount())
        .sum();
  }

  private static void awaitDecoded(JobID job, long messages) throws InterruptedException {
    Await.until(
        TIMEOUT,
        messages + " messages decoded",
        () -> decoded(job) >= messages,
        () -> decoded(job));
    assertThat(decoded(job)).isEqualTo(messages);
  }

  /**
   * Triggers a checkpoint and returns its id once it completed. The sources may have decoded
   * everything while a later task is still being deployed or restored, and a checkpoint is refused
   * until all tasks run: a refused trigger is tried again.
   */
  private static long completeCheckpoint(ClusterClient<?> client, JobID job)
      throws InterruptedException {
    return Await.value(
        TIMEOUT,
        "a completed checkpoint of job " + job,
        () -> client.triggerCheckpoint(job, CheckpointType.FULL).get(60, TimeUnit.SECONDS),
        id -> true);
  }

  private static void awaitStatus(ClusterClient<?> client, JobID job, JobStatus status)
      throws InterruptedException {
    Await.until(
        TIMEOUT,
        "job " + job + " " + status,
        () -> {
          try {
            return client.getJobStatus(job).get() == status;
          } catch (Exception e) {
            return false;
          }
        },
        () -> "");
  }
}
