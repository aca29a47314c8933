package dev.aigw.insight.source.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.source.otlp.metrics.OtlpReceiverMetrics;
import dev.aigw.insight.source.otlp.testing.CollectingSink;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.source.otlp.testing.Gate;
import dev.aigw.insight.source.otlp.testing.GatewaySimulator;
import dev.aigw.insight.source.otlp.testing.GatewaySimulator.Exporters;
import dev.aigw.insight.source.otlp.testing.ReceivedItem;
import dev.aigw.insight.source.otlp.testing.TestDecoder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The receiver source in a MiniCluster, fed by the OpenTelemetry Java SDK and raw gRPC stubs. */
class OtlpReceiverSourceITCase {

  private static final InMemoryReporter REPORTER = InMemoryReporter.create();

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private JobClient job;

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    if (job != null) {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 2})
  void deliversEverySdkPointLogAndSpanExactlyOnce(int parallelism) throws Exception {
    int port = FreePort.range(parallelism);
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    start(baseBuilder(port).setPortPerSubtask(parallelism > 1).build(), parallelism, sink, null, 0);

    // One DELTA and one CUMULATIVE gateway; with two readers each talks to its own.
    GatewaySimulator delta =
        closing(
            new GatewaySimulator(
                "gw-delta", AggregationTemporality.DELTA, Exporters.to(endpoint(port))));
    GatewaySimulator cumulative =
        closing(
            new GatewaySimulator(
                "gw-cumulative",
                AggregationTemporality.CUMULATIVE,
                Exporters.to(endpoint(port + parallelism - 1))));
    for (GatewaySimulator gw : List.of(delta, cumulative)) {
      gw.recordRequest("gpt-4o-mini", 15, 7, 1);
      gw.recordRequest("gpt-4o-mini", 300, 41, 2);
      gw.recordRequest("claude-sonnet", 2001, 999, 3);
      assertSucceeded(gw.flushMetrics());
      // Round 2 leaves claude-sonnet out: delta omits it, cumulative re-sends it.
      gw.recordRequest("gpt-4o-mini", 5, 3, 4);
      assertSucceeded(gw.flushMetrics());
      gw.recordRequest("gpt-4o-mini", 77, 123, 5);
      gw.recordRequest("claude-sonnet", 33, 11, 6);
      assertSucceeded(gw.flushMetrics());
      gw.log(
          "[START] /v1/chat/completions model=gpt-4o-mini 200 llm_input_token=15 1526ms",
          GatewaySimulatorTimes.at(1),
          "gen_ai.request.model",
          "gpt-4o-mini",
          "response_code",
          "200");
      gw.log(
          "[START] /v1/chat/completions model=claude-sonnet 503 llm_input_token=- 20ms",
          GatewaySimulatorTimes.at(2),
          "gen_ai.request.model",
          "claude-sonnet",
          "response_code",
          "503");
      assertSucceeded(gw.flushLogs());
      assertSucceeded(
          gw.span(
              "chat gpt-4o-mini",
              GatewaySimulatorTimes.at(3),
              GatewaySimulatorTimes.at(4),
              "gen_ai.request.model",
              "gpt-4o-mini"));
    }

    List<ReceivedItem> expected = new ArrayList<>(delta.expected());
    expected.addAll(cumulative.expected());
    // 5 series per model; delta: 2 + 1 + 2 models over the rounds, cumulative: 2 models x 3
    // rounds; each gateway also sends 2 logs and 1 span.
    assertThat(expected).hasSize(5 * (2 + 1 + 2) + 3 + 5 * 2 * 3 + 3);
    awaitAllEmitted(sink, expected.size());
    assertSameItems(sink.items(), expected);
    assertThat(counterSum(OtlpReceiverMetrics.POINTS_RECEIVED))
        .isEqualTo(expected.stream().filter(i -> i.signal.equals("metric")).count());
    assertThat(counterSum(OtlpReceiverMetrics.LOG_RECORDS_RECEIVED)).isEqualTo(4);
    assertThat(counterSum(OtlpReceiverMetrics.SPANS_RECEIVED)).isEqualTo(2);
    // 3 metric flushes, 1 log flush, 1 span per gateway.
    assertThat(counterSum(OtlpReceiverMetrics.REQUESTS_RECEIVED)).isEqualTo(10);
  }

  // ---------------------------------------------------------------- helpers

  static OtlpReceiverSourceBuilder<ReceivedItem> baseBuilder(int port) {
    return OtlpReceiverSource.<ReceivedItem>builder()
        .setDecoder(new TestDecoder())
        .setBindAddress("127.0.0.1")
        .setPort(port)
        .setShutdownTimeout(Duration.ofSeconds(2));
  }

  static String endpoint(int port) {
    return "http://127.0.0.1:" + port;
  }

  private <C extends AutoCloseable> C closing(C closeable) {
    toClose.add(closeable);
    return closeable;
  }

  /** Submits source -> (gate) -> sink and waits until every reader's port accepts connections. */
  private void start(
      OtlpReceiverSource<ReceivedItem> source,
      int parallelism,
      CollectingSink sink,
      Gate gate,
      long checkpointIntervalMs)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    if (checkpointIntervalMs > 0) {
      env.enableCheckpointing(checkpointIntervalMs);
    }
    DataStream<ReceivedItem> stream =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "otlp-receiver")
            .uid("otlp-receiver");
    if (gate != null) {
      stream = stream.map(gate).name("gate").uid("gate");
    }
    stream.sinkTo(sink).name("collect").uid("collect");
    job = env.executeAsync("otlp-receiver-test");
    for (int i = 0; i < parallelism; i++) {
      int p = source.config().portFor(i);
      await("receiver port " + p + " listening", () -> accepts(p));
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private static void assertSucceeded(CompletableResultCode result) {
    result.join(60, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).as("SDK export succeeded").isTrue();
  }

  /** Waits until the sink holds everything the readers queued, and at least {@code expected}. */
  private void awaitAllEmitted(CollectingSink sink, int expected) throws InterruptedException {
    await(
        expected + " items emitted",
        () ->
            sink.size() >= expected
                && sink.size() == counterSum(OtlpReceiverMetrics.RECORDS_QUEUED));
  }

  static void assertSameItems(List<ReceivedItem> actual, List<ReceivedItem> expected) {
    assertThat(sortedText(actual)).containsExactlyElementsOf(sortedText(expected));
  }

  private static List<String> sortedText(Collection<ReceivedItem> items) {
    return items.stream().map(ReceivedItem::toString).sorted().collect(Collectors.toList());
  }

  /** Sum over all readers of the current job of the counter whose identifier ends so. */
  long counterSum(String identifierSuffix) {
    JobID id = job.getJobID();
    long sum = 0;
    for (Map.Entry<String, Metric> e : REPORTER.getMetricsByIdentifiers(id).entrySet()) {
      if (e.getKey().endsWith(OtlpReceiverMetrics.GROUP + "." + identifierSuffix)) {
        sum += ((Counter) e.getValue()).getCount();
      }
    }
    return sum;
  }
}
