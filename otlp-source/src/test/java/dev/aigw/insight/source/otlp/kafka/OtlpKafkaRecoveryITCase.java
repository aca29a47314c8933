package dev.aigw.insight.source.otlp.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.source.otlp.kafka.testing.EmbeddedKafka;
import dev.aigw.insight.source.otlp.kafka.testing.OtlpRequests;
import dev.aigw.insight.source.otlp.kafka.testing.TestDecoder;
import dev.aigw.insight.source.otlp.kafka.testing.TestRecord;
import dev.aigw.insight.source.otlp.kafka.testing.UpsertTestSink;
import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import dev.aigw.insight.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once effect through Kafka: a keyed sum behind the source is cancelled mid-stream and
 * restored from its last retained checkpoint; the idempotent sink ends with the exact totals.
 */
class OtlpKafkaRecoveryITCase {

  private static final String TOPIC = "recovery-metrics";
  private static final String GROUP = "recovery";
  private static final String TABLE = "recovery-totals";
  private static final int PARTITIONS = 2;
  private static final int MESSAGES_PER_BATCH = 10;
  private static final int SERIES = 5;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

  @TempDir Path checkpoints;

  private final Map<String, Long> expectedTotals = new TreeMap<>();
  private long points;

  @Test
  void restoredJobNeitherLosesNorDoubleCounts(@InjectClusterClient ClusterClient<?> client)
      throws Exception {
    KAFKA.createTopics(PARTITIONS, TOPIC);
    UpsertTestSink.drop(TABLE);

    // batch A, then a checkpoint: A's offsets and sums are in it
    produceBatch(0);
    JobClient first = start(null);
    awaitTotals(expectedTotals);
    long checkpointId =
        client.triggerCheckpoint(first.getJobID(), CheckpointType.FULL).get(60, TimeUnit.SECONDS);
    Path checkpoint =
        checkpoints.resolve(first.getJobID().toHexString()).resolve("chk-" + checkpointId);
    assertThat(checkpoint.resolve("_metadata")).exists();
    // offsets are committed to the group when the checkpoint completes
    Map<TopicPartition, Long> endOfA = KAFKA.endOffsets(TOPIC, PARTITIONS);
    Await.until(
        TIMEOUT,
        "offsets committed on checkpoint",
        () -> endOfA.equals(committed()),
        this::committed);

    // batch B is processed after the checkpoint, then the job is cancelled
    long pointsB = produceBatch(1);
    awaitTotals(expectedTotals);
    first.cancel().get(60, TimeUnit.SECONDS);
    awaitStatus(client, first.getJobID(), JobStatus.CANCELED);

    // batch C arrives while the job is down; markers close each partition
    long pointsC = produceBatch(2);
    for (int p = 0; p < PARTITIONS; p++) {
      KAFKA.send(TOPIC, p, OtlpRequests.sums("requests", Map.of("end-" + p, 0L)).toByteArray());
    }
    UpsertTestSink.resetWrites(TABLE);
    JobClient second = start(checkpoint.toUri().toString());
    Map<String, TestRecord> table = UpsertTestSink.table(TABLE);
    Await.until(
        TIMEOUT,
        "end markers of every partition",
        () -> table.containsKey("requests/end-0") && table.containsKey("requests/end-1"),
        table::keySet);
    second.cancel().get(60, TimeUnit.SECONDS);

    Map<String, Long> actual = new TreeMap<>();
    table.forEach((k, v) -> actual.put(k, v.value));
    actual.remove("requests/end-0");
    actual.remove("requests/end-1");
    assertThat(actual).isEqualTo(expectedTotals);
    // the restored job re-read exactly what followed the checkpoint (B) and then C, nothing of A
    assertThat(UpsertTestSink.writes(TABLE)).isEqualTo(pointsB + pointsC + PARTITIONS);
    assertThat(pointsB + pointsC).isLessThan(points);
  }

  /** Produces one batch and adds it to the expected totals; returns its number of points. */
  private long produceBatch(int batch) throws Exception {
    long before = points;
    for (int m = 0; m < MESSAGES_PER_BATCH; m++) {
      Map<String, Long> series = new LinkedHashMap<>();
      for (int s = 0; s < SERIES; s++) {
        long value = batch * 1000L + m * 10L + s + 1;
        series.put("k" + s, value);
        expectedTotals.merge("requests/k" + s, value, Long::sum);
        points++;
      }
      KAFKA.send(TOPIC, m % PARTITIONS, OtlpRequests.sums("requests", series).toByteArray());
    }
    return points - before;
  }

  private JobClient start(String restorePath) throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
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
    // one subtask end to end, so that a partition's end marker follows all of its data
    env.setParallelism(1);
    OtlpKafkaSourceConfig config =
        OtlpKafkaSourceConfig.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic(OtlpSignal.METRICS, TOPIC)
            .signals(OtlpSignal.METRICS)
            .groupId(GROUP)
            .build();
    env.fromSource(
            OtlpKafkaSources.create(config, new TestDecoder()),
            WatermarkStrategy.noWatermarks(),
            OtlpKafkaSources.SOURCE_NAME)
        .uid(OtlpKafkaSources.SOURCE_UID)
        .keyBy(r -> r.key, Types.STRING)
        .process(new KeyedSum())
        .uid("keyed-sum")
        .name("keyed sum")
        .sinkTo(new UpsertTestSink<TestRecord>(TABLE, r -> r.key))
        .uid("upsert-sink")
        .name("upsert sink");
    return env.executeAsync("kafka recovery");
  }

  private void awaitTotals(Map<String, Long> expected) throws InterruptedException {
    Map<String, TestRecord> table = UpsertTestSink.table(TABLE);
    Await.until(
        TIMEOUT,
        "totals " + expected,
        () -> {
          Map<String, Long> actual = new TreeMap<>();
          table.forEach((k, v) -> actual.put(k, v.value));
          return actual.equals(expected);
        },
        () -> table);
  }

  private Map<TopicPartition, Long> committed() {
    try {
      return new HashMap<>(KAFKA.committedOffsets(GROUP));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
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

  /** Running total per key, in keyed state. */
  static final class KeyedSum extends KeyedProcessFunction<String, TestRecord, TestRecord> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Long> total;

    @Override
    public void open(OpenContext openContext) {
      total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Types.LONG));
    }

    @Override
    public void processElement(TestRecord in, Context ctx, Collector<TestRecord> out)
        throws Exception {
      long sum = (total.value() == null ? 0 : total.value()) + in.value;
      total.update(sum);
      out.collect(new TestRecord("sum", in.key, sum));
    }
  }
}
