package dev.aigw.insight.source.otlp.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.source.otlp.kafka.testing.EmbeddedKafka;
import dev.aigw.insight.source.otlp.kafka.testing.OtlpRequests;
import dev.aigw.insight.source.otlp.kafka.testing.TestDecoder;
import dev.aigw.insight.source.otlp.kafka.testing.TestRecord;
import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import dev.aigw.insight.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka path against a real in-JVM broker and a Flink MiniCluster: content, skipped messages
 * and their metrics, start positions.
 */
class OtlpKafkaSourceITCase {

  private static final int PARTITIONS = 2;

  @RegisterExtension static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  // ---- content, poison, oversize ----

  @Test
  void deliversEveryPointExactlyOnceAndSkipsAndCountsBadMessages(TestInfo test) throws Exception {
    String metricsTopic = topic(test, "metrics");
    String logsTopic = topic(test, "logs");
    KAFKA.createTopics(PARTITIONS, metricsTopic, logsTopic);
    List<TestRecord> expected = new ArrayList<>();

    for (int m = 0; m < 12; m++) {
      Map<String, Long> series = new LinkedHashMap<>();
      for (int s = 0; s < 4; s++) {
        series.put("s" + s, 1000L * m + s);
        expected.add(new TestRecord("metrics", "requests/s" + s, 1000L * m + s));
      }
      KAFKA.send(metricsTopic, m % PARTITIONS, OtlpRequests.sums("requests", series).toByteArray());
      if (m == 5) {
        // in the middle of partition 1: the messages after it must still arrive
        KAFKA.send(metricsTopic, 1, OtlpRequests.GARBAGE);
        KAFKA.send(
            metricsTopic,
            0,
            OtlpRequests.malformed(OtlpRequests.sums("refused", Map.of("x", 1L))).toByteArray());
        KAFKA.send(metricsTopic, 1, OtlpRequests.valueless("empty", 2).toByteArray());
      }
    }
    for (int l = 0; l < 6; l++) {
      List<String> bodies = List.of("log-" + l + "-a", "log-" + l + "-b", "log-" + l + "-c");
      long timeNanos = 1_000_000_000L * (l + 1);
      bodies.forEach(b -> expected.add(new TestRecord("logs", b, timeNanos)));
      KAFKA.send(logsTopic, l % PARTITIONS, OtlpRequests.logs(bodies, timeNanos).toByteArray());
      if (l == 2) {
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
          big.add("padding-" + i + "-".repeat(40));
        }
        byte[] oversized = OtlpRequests.logs(big, 1).toByteArray();
        assertThat(oversized.length).isGreaterThan(64 * 1024);
        KAFKA.send(logsTopic, 0, oversized);
      }
    }

    OtlpKafkaSourceConfig config =
        config(metricsTopic, logsTopic, "content").maxMessageBytes(64 * 1024).build();
    Run run = runBounded(config, 2);

    assertThat(run.records).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(run.counter(OtlpKafkaMetrics.MESSAGES_UNDECODABLE)).isEqualTo(1);
    assertThat(run.counter(OtlpKafkaMetrics.MESSAGES_OVERSIZED)).isEqualTo(1);
    assertThat(run.counter(OtlpKafkaMetrics.MESSAGES_MALFORMED)).isEqualTo(1);
    assertThat(run.counter(OtlpKafkaMetrics.ITEMS_REJECTED)).isEqualTo(2);
    assertThat(run.counter(OtlpKafkaMetrics.MESSAGES_DECODED)).isEqualTo(12 + 6 + 1);
    assertThat(run.counter(OtlpKafkaMetrics.RECORDS_EMITTED)).isEqualTo(expected.size());
    assertThat(run.counter(OtlpKafkaMetrics.MESSAGES_DECODER_FAILED)).isZero();
    assertThat(run.counter(OtlpKafkaMetrics.MESSAGES_UNKNOWN_TOPIC)).isZero();
    // one decoder per reader, opened with the reader's metric group
    assertThat(run.counter(TestDecoder.OPENS_METRIC)).isEqualTo(2);
  }

  // ---- start positions ----

  /** Three messages at t=1000 s then three at t=2000 s, one partition; returns the topic. */
  private static String twoBatches(TestInfo test) throws Exception {
    String topic = topic(test, "metrics");
    KAFKA.createTopics(1, topic);
    for (int i = 0; i < 6; i++) {
      long ts = i < 3 ? 1_000_000L : 2_000_000L;
      KAFKA.send(topic, 0, ts + i, OtlpRequests.sums("m", Map.of("n" + i, (long) i)).toByteArray());
    }
    return topic;
  }

  private static List<TestRecord> points(int fromInclusive, int toExclusive) {
    List<TestRecord> result = new ArrayList<>();
    for (int i = fromInclusive; i < toExclusive; i++) {
      result.add(new TestRecord("metrics", "m/n" + i, i));
    }
    return result;
  }

  @Test
  void earliestReadsEverything(TestInfo test) throws Exception {
    String topic = twoBatches(test);
    Run run = runBounded(config(topic, topic + "-logs", "g").startPosition("earliest").build(), 1);
    assertThat(run.records).containsExactlyElementsOf(points(0, 6));
  }

  @Test
  void timestampStartsAtTheFirstMessageAtOrAfterIt(TestInfo test) throws Exception {
    String topic = twoBatches(test);
    Run run =
        runBounded(
            config(topic, topic + "-logs", "g").startPosition("timestamp:2000000").build(), 1);
    assertThat(run.records).containsExactlyElementsOf(points(3, 6));
  }

  @Test
  void committedResumesFromTheGroupsOffsets(TestInfo test) throws Exception {
    String topic = twoBatches(test);
    String group = "group-" + topic;
    KAFKA.commitOffsets(group, Map.of(new TopicPartition(topic, 0), 4L));
    Run run = runBounded(config(topic, topic + "-logs", group).build(), 1);
    assertThat(run.records).containsExactlyElementsOf(points(4, 6));
  }

  @Test
  void committedWithoutOffsetsFallsBackToTheResetStrategy(TestInfo test) throws Exception {
    String topic = twoBatches(test);
    Run run =
        runBounded(
            config(topic, topic + "-logs", "fresh-" + topic)
                .offsetReset(OffsetResetStrategy.EARLIEST)
                .build(),
            1);
    assertThat(run.records).containsExactlyElementsOf(points(0, 6));
  }

  @Test
  void latestReadsOnlyWhatIsProducedAfterTheStart(TestInfo test) throws Exception {
    String topic = twoBatches(test);
    OtlpKafkaSourceConfig config =
        config(topic, topic + "-logs", "g").startPosition("latest").build();
    StreamExecutionEnvironment env = env(1);
    DataStream<TestRecord> stream =
        env.fromSource(
            OtlpKafkaSources.create(config, new TestDecoder()),
            WatermarkStrategy.noWatermarks(),
            OtlpKafkaSources.SOURCE_NAME);
    try (CloseableIterator<TestRecord> it = stream.collectAsync()) {
      JobClient job = env.executeAsync("latest");
      // "latest" is resolved when the partition is assigned; the reader then reports its offset.
      awaitMetric(job.getJobID(), "currentOffset");
      for (int i = 6; i < 9; i++) {
        KAFKA.send(topic, 0, OtlpRequests.sums("m", Map.of("n" + i, (long) i)).toByteArray());
      }
      List<TestRecord> records = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        records.add(it.next());
      }
      job.cancel().get(30, TimeUnit.SECONDS);
      assertThat(records).containsExactlyElementsOf(points(6, 9));
    }
  }

  // ---- topics created late ----

  @Test
  void picksUpATopicCreatedAfterTheStart(TestInfo test) throws Exception {
    String metricsTopic = topic(test, "metrics");
    String logsTopic = topic(test, "logs");
    KAFKA.createTopics(1, metricsTopic);
    KAFKA.send(metricsTopic, 0, OtlpRequests.sums("m", Map.of("a", 1L)).toByteArray());
    OtlpKafkaSourceConfig config =
        config(metricsTopic, logsTopic, "late").startPosition("earliest").build();
    StreamExecutionEnvironment env = env(1);
    DataStream<TestRecord> stream =
        env.fromSource(
            OtlpKafkaSources.create(config, new TestDecoder()),
            WatermarkStrategy.noWatermarks(),
            OtlpKafkaSources.SOURCE_NAME);
    try (CloseableIterator<TestRecord> it = stream.collectAsync()) {
      JobClient job = env.executeAsync("late topic");
      List<TestRecord> records = new ArrayList<>();
      records.add(it.next());
      // The Collector creates its topics on first write, possibly after the job started.
      KAFKA.createTopics(1, logsTopic);
      KAFKA.send(logsTopic, 0, OtlpRequests.logs(List.of("late"), 5).toByteArray());
      records.add(it.next());
      job.cancel().get(30, TimeUnit.SECONDS);
      assertThat(records)
          .containsExactly(new TestRecord("metrics", "m/a", 1), new TestRecord("logs", "late", 5));
    }
  }

  // ---- helpers ----

  private static String topic(TestInfo test, String signal) {
    return test.getTestMethod().orElseThrow().getName() + "-" + signal;
  }

  private static OtlpKafkaSourceConfig.Builder config(
      String metricsTopic, String logsTopic, String group) {
    return OtlpKafkaSourceConfig.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .topic(OtlpSignal.METRICS, metricsTopic)
        .topic(OtlpSignal.LOGS, logsTopic)
        .groupId(group)
        // discover partitions quickly in the unbounded test (the default is 5 minutes)
        .consumerProperty("partition.discovery.interval.ms", "500");
  }

  private static StreamExecutionEnvironment env(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    return env;
  }

  /** Reads every message present at the start, then finishes. */
  private static Run runBounded(OtlpKafkaSourceConfig config, int parallelism) throws Exception {
    KafkaSource<TestRecord> source =
        OtlpKafkaSources.builder(config, new TestDecoder())
            .setBounded(OffsetsInitializer.latest())
            .build();
    StreamExecutionEnvironment env = env(parallelism);
    DataStream<TestRecord> stream =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), OtlpKafkaSources.SOURCE_NAME)
            .uid(OtlpKafkaSources.SOURCE_UID);
    List<TestRecord> records = new ArrayList<>();
    JobID jobId;
    try (CloseableIterator<TestRecord> it = stream.collectAsync()) {
      JobClient job = env.executeAsync("bounded");
      jobId = job.getJobID();
      it.forEachRemaining(records::add);
      job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
    }
    return new Run(jobId, records);
  }

  private static void awaitMetric(JobID jobId, String name) throws InterruptedException {
    Await.until(
        Duration.ofSeconds(60),
        "metric " + name,
        () -> !REPORTER.findMetrics(jobId, name).isEmpty());
  }

  /** A finished bounded job: what it emitted and its metrics. */
  private static final class Run {
    final JobID jobId;
    final List<TestRecord> records;

    Run(JobID jobId, List<TestRecord> records) {
      this.jobId = jobId;
      this.records = records;
    }

    /** Sum of counter {@code name} over all subtasks. */
    long counter(String name) {
      return REPORTER.findMetrics(jobId, name).entrySet().stream()
          .filter(e -> e.getKey().endsWith("." + name))
          .mapToLong(e -> ((Counter) e.getValue()).getCount())
          .sum();
    }
  }
}
