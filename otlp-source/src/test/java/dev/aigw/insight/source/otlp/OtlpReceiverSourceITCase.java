package dev.aigw.insight.source.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import dev.aigw.insight.source.otlp.metrics.OtlpReceiverMetrics;
import dev.aigw.insight.source.otlp.testing.CollectingSink;
import dev.aigw.insight.source.otlp.testing.FailOnce;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.source.otlp.testing.Gate;
import dev.aigw.insight.source.otlp.testing.GatewaySimulator;
import dev.aigw.insight.source.otlp.testing.GatewaySimulator.Exporters;
import dev.aigw.insight.source.otlp.testing.RawOtlpClient;
import dev.aigw.insight.source.otlp.testing.ReceivedItem;
import dev.aigw.insight.source.otlp.testing.Requests;
import dev.aigw.insight.source.otlp.testing.SelfSignedCertificate;
import dev.aigw.insight.source.otlp.testing.TestDecoder;
import dev.aigw.insight.testing.Await;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
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

  @Test
  void answersMalformedOversizedGzipAndPartialRequestsTheOtlpWay() throws Exception {
    int port = FreePort.range(1);
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    start(baseBuilder(port).setMaxMessageSize(MemorySize.parse("64kb")).build(), 1, sink, null, 0);
    RawOtlpClient raw = closing(new RawOtlpClient(port));

    // Field 1, length-delimited, with a truncated length varint: not parseable protobuf.
    byte[] garbage = {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertThat(raw.sendRaw(RawOtlpClient.METRICS_EXPORT, garbage).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(raw.sendRaw(RawOtlpClient.LOGS_EXPORT, garbage).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(raw.sendRaw(RawOtlpClient.TRACES_EXPORT, garbage).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    // Parseable, but the decoder refuses the whole request.
    assertThat(raw.exportStatus(Requests.decoderMalformed(), false, null).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    // A decoder bug: INTERNAL, counted, and the receiver keeps serving.
    assertThat(raw.exportStatus(Requests.decoderExplodes(), false, null).getCode())
        .isEqualTo(Status.Code.INTERNAL);

    // 100 KiB of attribute against a 64 KiB limit, plain and gzip (limit is on the inflated size).
    String padding = "x".repeat(100 * 1024);
    ExportMetricsServiceRequest oversized = Requests.histograms("big", 1, Set.of(), padding);
    assertThat(raw.exportStatus(oversized, false, null).getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(oversized.toByteArray().length).isGreaterThan(64 * 1024);
    assertThat(raw.exportStatus(oversized, true, null).getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

    // gzip with three points the decoder rejects: partial_success carries count and reason.
    ExportMetricsServiceResponse partial =
        raw.export(Requests.histograms("gz", 10, Set.of(2, 5, 7), null), true, null);
    assertThat(partial.getPartialSuccess().getRejectedDataPoints()).isEqualTo(3);
    assertThat(partial.getPartialSuccess().getErrorMessage()).isEqualTo(TestDecoder.REJECT_REASON);
    ExportMetricsServiceResponse full =
        raw.export(Requests.histograms("plain", 4, Set.of(), null), false, null);
    assertThat(full.hasPartialSuccess()).isFalse();

    // The SDK's own gzip compression, for metrics and logs (one log rejected: partial success).
    GatewaySimulator gw =
        closing(
            new GatewaySimulator(
                "gw-gzip", AggregationTemporality.DELTA, Exporters.to(endpoint(port)).gzip()));
    gw.recordRequest("gpt-4o-mini", 15, 7, 1);
    assertSucceeded(gw.flushMetrics());
    gw.log("[START] ok", GatewaySimulatorTimes.at(1), "response_code", "200");
    gw.log("[START] bad", GatewaySimulatorTimes.at(2), TestDecoder.REJECT_KEY, "true");
    assertSucceeded(gw.flushLogs());

    List<ReceivedItem> expected = new ArrayList<>(Requests.expected("gz", 10, Set.of(2, 5, 7)));
    expected.addAll(Requests.expected("plain", 4, Set.of()));
    expected.addAll(gw.expected());
    awaitAllEmitted(sink, expected.size());
    assertSameItems(sink.items(), expected);

    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_MALFORMED))).isEqualTo(4);
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_TOO_LARGE))).isEqualTo(2);
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_DECODER_ERROR))).isEqualTo(1);
    assertThat(counterSum(OtlpReceiverMetrics.ITEMS_REJECTED)).isEqualTo(3 + 1);
    // 3 garbage + 2 decoder-refused + 2 raw + SDK metrics + SDK logs; oversized never arrive.
    assertThat(counterSum(OtlpReceiverMetrics.REQUESTS_RECEIVED)).isEqualTo(9);
    assertThat(counterSum(OtlpReceiverMetrics.POINTS_RECEIVED)).isEqualTo(2 + 2 + 10 + 4 + 5);
  }

  @Test
  void bearerTokenGuardsEveryCall() throws Exception {
    int port = FreePort.range(1);
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    start(baseBuilder(port).setBearerToken("s3cret-token").build(), 1, sink, null, 0);
    RawOtlpClient raw = closing(new RawOtlpClient(port));
    ExportMetricsServiceRequest request = Requests.histograms("raw", 2, Set.of(), null);

    assertThat(raw.exportStatus(request, false, null).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(raw.exportStatus(request, false, "Bearer wrong-token").getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(raw.exportStatus(request, false, "Basic czNjcmV0LXRva2Vu").getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    GatewaySimulator anonymous =
        closing(
            new GatewaySimulator(
                "gw-anonymous", AggregationTemporality.DELTA, Exporters.to(endpoint(port))));
    anonymous.recordRequest("gpt-4o-mini", 15, 7, 1);
    CompletableResultCode refused = anonymous.flushMetrics().join(60, TimeUnit.SECONDS);
    assertThat(refused.isSuccess()).as("export without token").isFalse();

    GatewaySimulator authorized =
        closing(
            new GatewaySimulator(
                "gw-authorized",
                AggregationTemporality.DELTA,
                Exporters.to(endpoint(port)).header("authorization", "Bearer s3cret-token")));
    authorized.recordRequest("gpt-4o-mini", 15, 7, 1);
    assertSucceeded(authorized.flushMetrics());
    assertThat(raw.exportStatus(request, false, "Bearer s3cret-token").getCode())
        .isEqualTo(Status.Code.OK);

    List<ReceivedItem> expected = new ArrayList<>(authorized.expected());
    expected.addAll(Requests.expected("raw", 2, Set.of()));
    awaitAllEmitted(sink, expected.size());
    assertSameItems(sink.items(), expected);
    // 3 raw refusals + 1 SDK export (UNAUTHENTICATED is not retried); only 2 calls got through.
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_UNAUTHENTICATED))).isEqualTo(4);
    assertThat(counterSum(OtlpReceiverMetrics.REQUESTS_RECEIVED)).isEqualTo(2);
  }

  /**
   * Rotation through the token file: the new token is added while the old one still works, the
   * clients move, the old one is removed. Every export sent with an accepted token arrives; the old
   * token is refused once removed.
   */
  @Test
  void tokenFileRotatesTokensWithoutLosingData(@TempDir Path dir) throws Exception {
    Path tokens = dir.resolve("tokens");
    java.nio.file.Files.writeString(tokens, "old-token\n");
    Duration check = Duration.ofMillis(100);
    int port = FreePort.range(1);
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    start(
        baseBuilder(port).setBearerTokensFile(tokens.toString(), check).build(), 1, sink, null, 0);
    RawOtlpClient raw = closing(new RawOtlpClient(port));
    GatewaySimulator oldClient =
        closing(
            new GatewaySimulator(
                "gw-old",
                AggregationTemporality.DELTA,
                Exporters.to(endpoint(port)).header("authorization", "Bearer old-token")));
    GatewaySimulator newClient =
        closing(
            new GatewaySimulator(
                "gw-new",
                AggregationTemporality.DELTA,
                Exporters.to(endpoint(port)).header("authorization", "Bearer new-token")));

    oldClient.recordRequest("gpt-4o-mini", 15, 7, 1);
    assertSucceeded(oldClient.flushMetrics());
    assertThat(statusWith(raw, "new-1", "new-token")).isEqualTo(Status.Code.UNAUTHENTICATED);

    // Step 1: both tokens accepted.
    java.nio.file.Files.writeString(tokens, "old-token\nnew-token\n");
    // The receiver re-reads the file on the first call after its check interval of real time
    // (the receiver's own, not the job's clock); a polling call would itself be a request that
    // the counts below would have to know, so the interval is let pass.
    Thread.sleep(3 * check.toMillis());
    assertThat(statusWith(raw, "both-old", "old-token")).isEqualTo(Status.Code.OK);
    assertThat(statusWith(raw, "both-new", "new-token")).isEqualTo(Status.Code.OK);
    oldClient.recordRequest("gpt-4o-mini", 300, 41, 2);
    assertSucceeded(oldClient.flushMetrics());
    newClient.recordRequest("claude-sonnet", 2001, 999, 3);
    assertSucceeded(newClient.flushMetrics());

    // Step 2: the old token removed.
    java.nio.file.Files.writeString(tokens, "new-token\n");
    Thread.sleep(3 * check.toMillis()); // as above
    assertThat(statusWith(raw, "removed-old", "old-token")).isEqualTo(Status.Code.UNAUTHENTICATED);
    newClient.recordRequest("claude-sonnet", 5, 3, 4);
    assertSucceeded(newClient.flushMetrics());

    List<ReceivedItem> expected = new ArrayList<>(oldClient.expected());
    expected.addAll(newClient.expected());
    expected.addAll(Requests.expected("both-old", 1, Set.of()));
    expected.addAll(Requests.expected("both-new", 1, Set.of()));
    awaitAllEmitted(sink, expected.size());
    assertSameItems(sink.items(), expected);
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_UNAUTHENTICATED))).isEqualTo(2);
    assertThat(counterSum(OtlpReceiverMetrics.REQUESTS_RECEIVED)).isEqualTo(6);
  }

  private static Status.Code statusWith(RawOtlpClient raw, String name, String token)
      throws Exception {
    return raw.exportStatus(Requests.histograms(name, 1, Set.of(), null), false, "Bearer " + token)
        .getCode();
  }

  @Test
  void servesTlsWithTheConfiguredCertificate(@TempDir Path dir) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
    int port = FreePort.range(1);
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    start(
        baseBuilder(port)
            .setTls(certificate.certificatePem.toString(), certificate.privateKeyPem.toString())
            .build(),
        1,
        sink,
        null,
        0);
    String https = "https://127.0.0.1:" + port;

    GatewaySimulator untrusting =
        closing(
            new GatewaySimulator(
                "gw-untrusting",
                AggregationTemporality.DELTA,
                Exporters.to(https).timeout(Duration.ofSeconds(5))));
    untrusting.recordRequest("gpt-4o-mini", 15, 7, 1);
    assertThat(untrusting.flushMetrics().join(60, TimeUnit.SECONDS).isSuccess())
        .as("client that does not trust the certificate")
        .isFalse();
    RawOtlpClient plaintext = closing(new RawOtlpClient(port));
    assertThat(
            plaintext
                .exportStatus(Requests.histograms("plain", 1, Set.of(), null), false, null)
                .getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);

    GatewaySimulator gw =
        closing(
            new GatewaySimulator(
                "gw-tls",
                AggregationTemporality.CUMULATIVE,
                Exporters.to(https).trusting(certificate.certificateBytes())));
    gw.recordRequest("gpt-4o-mini", 15, 7, 1);
    assertSucceeded(gw.flushMetrics());
    gw.log("[START] tls", GatewaySimulatorTimes.at(1), "response_code", "200");
    assertSucceeded(gw.flushLogs());
    assertSucceeded(
        gw.span("chat", GatewaySimulatorTimes.at(1), GatewaySimulatorTimes.at(2), "k", "v"));

    awaitAllEmitted(sink, gw.expected().size());
    assertSameItems(sink.items(), gw.expected());
    assertThat(counterSum(OtlpReceiverMetrics.REQUESTS_RECEIVED)).isEqualTo(3);
  }

  @Test
  void fullQueueAnswersUnavailableWithRetryInfoAndSdkRetryDeliversEverything() throws Exception {
    int port = FreePort.range(1);
    String id = UUID.randomUUID().toString();
    CollectingSink sink = new CollectingSink(id);
    Gate gate = new Gate(id);
    start(
        baseBuilder(port).setQueueCapacity(1).setRetryDelay(Duration.ofMillis(300)).build(),
        1,
        sink,
        gate,
        0);
    RawOtlpClient raw = closing(new RawOtlpClient(port));

    // A is taken by the task thread and held at the gate; B then fills the queue; C is refused.
    raw.export(Requests.histograms("a", 1, Set.of(), null), false, null);
    gate.awaitEntered();
    raw.export(Requests.histograms("b", 1, Set.of(), null), false, null);
    StatusRuntimeException throttled =
        raw.exportFailure(Requests.histograms("c", 1, Set.of(), null));
    assertThat(throttled).isNotNull();
    assertThat(throttled.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    RetryInfo retryInfo = retryInfo(throttled);
    assertThat(retryInfo.getRetryDelay().getSeconds()).isZero();
    assertThat(retryInfo.getRetryDelay().getNanos()).isEqualTo(300_000_000);

    GatewaySimulator gw =
        closing(
            new GatewaySimulator(
                "gw-retry",
                AggregationTemporality.DELTA,
                Exporters.to(endpoint(port))
                    .retry(
                        RetryPolicy.builder()
                            .setMaxAttempts(5)
                            .setInitialBackoff(Duration.ofMillis(200))
                            .setMaxBackoff(Duration.ofSeconds(1))
                            .setBackoffMultiplier(1.5)
                            .build())));
    gw.recordRequest("gpt-4o-mini", 15, 7, 1);
    gw.recordRequest("claude-sonnet", 2001, 999, 2);
    CompletableResultCode export = gw.flushMetrics();
    await(
        "the SDK's export to be throttled",
        () -> counterSum(rejected(OtlpReceiverMetrics.REASON_THROTTLED)) >= 2);
    assertThat(export.isDone()).as("export still retrying").isFalse();

    gate.open();
    assertSucceeded(export);
    gw.recordRequest("gpt-4o-mini", 5, 3, 3);
    assertSucceeded(gw.flushMetrics());

    List<ReceivedItem> expected = new ArrayList<>(Requests.expected("a", 1, Set.of()));
    expected.addAll(Requests.expected("b", 1, Set.of()));
    expected.addAll(gw.expected());
    awaitAllEmitted(sink, expected.size());
    assertSameItems(sink.items(), expected);
  }

  @Test
  void onCheckpointAnswersOnlyAfterTheCheckpointAndFailsPendingOnClose(
      @InjectMiniCluster MiniCluster miniCluster) throws Exception {
    int port = FreePort.range(1);
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    // Checkpoints only when the test triggers one.
    start(baseBuilder(port).setAckMode(AckMode.ON_CHECKPOINT).build(), 1, sink, null, 3_600_000L);
    GatewaySimulator gw =
        closing(
            new GatewaySimulator(
                "gw-checkpoint",
                AggregationTemporality.DELTA,
                Exporters.to(endpoint(port)).timeout(Duration.ofSeconds(60))));
    gw.recordRequest("gpt-4o-mini", 15, 7, 1);
    CompletableResultCode export = gw.flushMetrics();

    awaitAllEmitted(sink, gw.expected().size());
    assertThat(export.isDone()).as("answered before any checkpoint").isFalse();
    assertThat(gaugeSum(OtlpReceiverMetrics.PENDING_ACKS)).isEqualTo(1);

    long triggered = System.nanoTime();
    miniCluster.triggerCheckpoint(job.getJobID()).get(60, TimeUnit.SECONDS);
    assertSucceeded(export);
    long ackMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - triggered);
    System.out.println("on-checkpoint: export answered " + ackMillis + " ms after the trigger");
    await("pending acks drained", () -> gaugeSum(OtlpReceiverMetrics.PENDING_ACKS) == 0);
    assertSameItems(sink.items(), gw.expected());

    // Emitted but not yet covered by a checkpoint when the job stops: failed retryably.
    RawOtlpClient raw = closing(new RawOtlpClient(port));
    CompletableFuture<StatusRuntimeException> inFlight =
        CompletableFuture.supplyAsync(
            () -> raw.exportFailure(Requests.histograms("closing", 2, Set.of(), null)));
    int before = gw.expected().size();
    await("closing request emitted", () -> sink.size() == before + 2);
    assertThat(inFlight).isNotDone();
    job.cancel().get(60, TimeUnit.SECONDS);
    job = null;
    StatusRuntimeException failure = inFlight.get(60, TimeUnit.SECONDS);
    assertThat(failure).isNotNull();
    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(failure.getStatus().getDescription()).contains("shutting down");
    assertThat(retryInfo(failure).getRetryDelay().getSeconds()).isEqualTo(1);
  }

  @Test
  void stopWithSavepointAcknowledgesAndTheRestoredReaderServesAgain(
      @InjectMiniCluster MiniCluster miniCluster, @TempDir Path savepoints) throws Exception {
    int port = FreePort.range(1);
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    OtlpReceiverSource<ReceivedItem> source =
        baseBuilder(port).setAckMode(AckMode.ON_CHECKPOINT).build();
    start(source, 1, sink, null, 3_600_000L);
    GatewaySimulator gw =
        closing(
            new GatewaySimulator(
                "gw-upgrade",
                AggregationTemporality.DELTA,
                Exporters.to(endpoint(port)).timeout(Duration.ofSeconds(60))));
    gw.recordRequest("gpt-4o-mini", 15, 7, 1);
    CompletableResultCode beforeUpgrade = gw.flushMetrics();
    awaitAllEmitted(sink, gw.expected().size());
    assertThat(beforeUpgrade.isDone()).isFalse();

    // The savepoint covers the request: it is acknowledged, not failed, when the job stops.
    String savepoint =
        job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(60, TimeUnit.SECONDS);
    job = null;
    assertSucceeded(beforeUpgrade);

    // The restored reader gets its split from the savepoint and serves the same port again.
    Configuration restore = new Configuration();
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    start(source, 1, sink, null, 3_600_000L, restore);
    gw.recordRequest("claude-sonnet", 2001, 999, 2);
    CompletableResultCode afterUpgrade = gw.flushMetrics();
    await("restored job emitted", () -> sink.size() == gw.expected().size());
    assertThat(afterUpgrade.isDone()).isFalse();
    miniCluster.triggerCheckpoint(job.getJobID()).get(60, TimeUnit.SECONDS);
    assertSucceeded(afterUpgrade);
    assertSameItems(sink.items(), gw.expected());
  }

  @Test
  void onCheckpointSurvivesAFailoverAtLeastOnce() throws Exception {
    int port = FreePort.range(1);
    String id = UUID.randomUUID().toString();
    CollectingSink sink = new CollectingSink(id);
    FailOnce failOnce = new FailOnce(id, "gen_ai.request.model=fail-me");
    Configuration restarts = new Configuration();
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    start(
        baseBuilder(port).setAckMode(AckMode.ON_CHECKPOINT).build(),
        1,
        sink,
        failOnce,
        300L,
        restarts);
    GatewaySimulator gw =
        closing(
            new GatewaySimulator(
                "gw-failover",
                AggregationTemporality.DELTA,
                Exporters.to(endpoint(port))
                    .timeout(Duration.ofSeconds(60))
                    .retry(
                        RetryPolicy.builder()
                            .setMaxAttempts(5)
                            .setInitialBackoff(Duration.ofMillis(500))
                            .setMaxBackoff(Duration.ofSeconds(3))
                            .setBackoffMultiplier(2)
                            .build())));
    gw.recordRequest("gpt-4o-mini", 15, 7, 1);
    assertSucceeded(gw.flushMetrics());
    List<String> first = texts(gw.expected());

    // This export kills the task; the client's retry reaches the restarted reader.
    gw.recordRequest("fail-me", 300, 41, 2);
    assertSucceeded(gw.flushMetrics());
    assertThat(failOnce.failed()).isTrue();

    Map<String, Long> received =
        sink.items().stream()
            .collect(Collectors.groupingBy(ReceivedItem::toString, Collectors.counting()));
    assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(texts(gw.expected()));
    // Acknowledged before the failure: exactly once. Sent across it: at least once.
    first.forEach(item -> assertThat(received.get(item)).as(item).isEqualTo(1));
    received.values().forEach(count -> assertThat(count).isBetween(1L, 2L));
  }

  private static List<String> texts(List<ReceivedItem> items) {
    return items.stream().map(ReceivedItem::toString).collect(Collectors.toList());
  }

  // ---------------------------------------------------------------- helpers

  private static String rejected(String reason) {
    return OtlpReceiverMetrics.REASON_KEY
        + "."
        + reason
        + "."
        + OtlpReceiverMetrics.REQUESTS_REJECTED;
  }

  private static RetryInfo retryInfo(StatusRuntimeException e) throws Exception {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("rich status of " + e).isNotNull();
    for (Any detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        return detail.unpack(RetryInfo.class);
      }
    }
    throw new AssertionError("no RetryInfo in " + status);
  }

  /** Sum over all readers of the current job of the gauge whose identifier ends so. */
  long gaugeSum(String identifierSuffix) {
    long sum = 0;
    for (Map.Entry<String, Metric> e :
        REPORTER.getMetricsByIdentifiers(job.getJobID()).entrySet()) {
      if (e.getKey().endsWith(OtlpReceiverMetrics.GROUP + "." + identifierSuffix)) {
        sum += ((Number) ((Gauge<?>) e.getValue()).getValue()).longValue();
      }
    }
    return sum;
  }

  static OtlpReceiverSourceBuilder<ReceivedItem> baseBuilder(int port) {
    return OtlpReceiverSource.<ReceivedItem>builder()
        .setDecoder(new TestDecoder())
        .setBindAddress("127.0.0.1")
        .setPort(port)
        // The gRPC tests; OtlpHttpReceiverITCase covers OTLP/HTTP on ports of its own.
        .setHttpEnabled(false)
        .setShutdownTimeout(Duration.ofSeconds(2));
  }

  static String endpoint(int port) {
    return "http://127.0.0.1:" + port;
  }

  private <C extends AutoCloseable> C closing(C closeable) {
    toClose.add(closeable);
    return closeable;
  }

  private void start(
      OtlpReceiverSource<ReceivedItem> source,
      int parallelism,
      CollectingSink sink,
      MapFunction<ReceivedItem, ReceivedItem> downstream,
      long checkpointIntervalMs)
      throws Exception {
    start(source, parallelism, sink, downstream, checkpointIntervalMs, new Configuration());
  }

  /**
   * Submits source -> (downstream map, chained) -> sink and waits until every reader's port accepts
   * connections.
   */
  private void start(
      OtlpReceiverSource<ReceivedItem> source,
      int parallelism,
      CollectingSink sink,
      MapFunction<ReceivedItem, ReceivedItem> downstream,
      long checkpointIntervalMs,
      Configuration extra)
      throws Exception {
    Configuration conf = new Configuration(extra);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    if (checkpointIntervalMs > 0) {
      env.enableCheckpointing(checkpointIntervalMs);
    }
    DataStream<ReceivedItem> stream =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "otlp-receiver")
            .uid("otlp-receiver");
    if (downstream != null) {
      stream = stream.map(downstream).name("downstream").uid("downstream");
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
    Await.until(Duration.ofSeconds(60), what, condition);
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
