package dev.aigw.insight.source.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.aigw.insight.source.otlp.metrics.OtlpReceiverMetrics;
import dev.aigw.insight.source.otlp.testing.CollectingSink;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.source.otlp.testing.Gate;
import dev.aigw.insight.source.otlp.testing.GatewaySimulator;
import dev.aigw.insight.source.otlp.testing.GatewaySimulator.Exporters;
import dev.aigw.insight.source.otlp.testing.JsonSamples;
import dev.aigw.insight.source.otlp.testing.RawHttpClient;
import dev.aigw.insight.source.otlp.testing.ReceivedItem;
import dev.aigw.insight.source.otlp.testing.Requests;
import dev.aigw.insight.source.otlp.testing.SelfSignedCertificate;
import dev.aigw.insight.source.otlp.testing.TestDecoder;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
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

/**
 * The OTLP/HTTP side of the receiver in a MiniCluster: the OpenTelemetry SDK's HTTP exporters and
 * the JDK's HTTP client against the same source, decoder and queue as gRPC.
 */
class OtlpHttpReceiverITCase {

  private static final InMemoryReporter REPORTER = InMemoryReporter.create();
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  private final List<GatewaySimulator> gateways = new ArrayList<>();
  private JobClient job;
  private int grpcPort;
  private int httpPort;

  @AfterEach
  void tearDown() throws Exception {
    for (GatewaySimulator gw : gateways) {
      gw.close();
    }
    if (job != null) {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void sdkHttpExportersDeliverTheSameItemsAsGrpcValueByValue() throws Exception {
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    start(builder(), sink, null, 0);

    List<ReceivedItem> overGrpc = sendScript(sink, Exporters.to(endpoint(grpcPort)));
    List<ReceivedItem> overHttp = sendScript(sink, Exporters.to(endpoint(httpPort)).http());
    List<ReceivedItem> overHttpGzip =
        sendScript(sink, Exporters.to(endpoint(httpPort)).http().gzip());

    assertThat(overGrpc).hasSize(5 * (2 + 1 + 2) + 3);
    assertThat(sorted(overHttp)).containsExactlyElementsOf(sorted(overGrpc));
    assertThat(sorted(overHttpGzip)).containsExactlyElementsOf(sorted(overGrpc));
    // 3 metric flushes, 1 log flush, 1 span per transport; counted by the same metrics.
    assertThat(counterSum(OtlpReceiverMetrics.REQUESTS_RECEIVED)).isEqualTo(15);
    assertThat(counterSum(OtlpReceiverMetrics.LOG_RECORDS_RECEIVED)).isEqualTo(6);
    assertThat(counterSum(OtlpReceiverMetrics.SPANS_RECEIVED)).isEqualTo(3);
  }

  /**
   * One gateway's traffic (three metric rounds, two logs, one span) from a fresh simulator with the
   * same instance id; returns what the job emitted for it, after checking it against the SDK side.
   */
  private List<ReceivedItem> sendScript(CollectingSink sink, Exporters exporters) throws Exception {
    int before = sink.size();
    GatewaySimulator gw = gateway("gw-same", AggregationTemporality.DELTA, exporters);
    gw.recordRequest("gpt-4o-mini", 15, 7, 1);
    gw.recordRequest("gpt-4o-mini", 300, 41, 2);
    gw.recordRequest("claude-sonnet", 2001, 999, 3);
    assertSucceeded(gw.flushMetrics());
    gw.recordRequest("gpt-4o-mini", 5, 3, 4);
    assertSucceeded(gw.flushMetrics());
    gw.recordRequest("gpt-4o-mini", 77, 123, 5);
    gw.recordRequest("claude-sonnet", 33, 11, 6);
    assertSucceeded(gw.flushMetrics());
    gw.log(
        "[START] /v1/chat/completions model=gpt-4o-mini 200 1526ms",
        GatewaySimulatorTimes.at(1),
        "gen_ai.request.model",
        "gpt-4o-mini",
        "response_code",
        "200");
    gw.log(
        "[START] /v1/chat/completions model=claude-sonnet 503 20ms",
        GatewaySimulatorTimes.at(2),
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
    awaitAllEmitted(sink, before + gw.expected().size());
    List<ReceivedItem> emitted = sink.items().subList(before, sink.size());
    assertThat(sorted(emitted)).containsExactlyElementsOf(sorted(gw.expected()));
    return new ArrayList<>(emitted);
  }

  @Test
  void jsonRequestsGiveTheSameItemsAsProtobufAndJsonAnswers() throws Exception {
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    start(builder(), sink, null, 0);
    RawHttpClient http = new RawHttpClient(httpPort);

    assertOk(http.post("/v1/metrics", PROTOBUF, JsonSamples.metricsProtobuf().toByteArray()));
    assertOk(http.post("/v1/logs", PROTOBUF, JsonSamples.logsProtobuf().toByteArray()));
    assertOk(http.post("/v1/traces", PROTOBUF, JsonSamples.tracesProtobuf().toByteArray()));
    awaitAllEmitted(sink, 4);
    List<ReceivedItem> fromProtobuf = sink.items();
    assertThat(sorted(fromProtobuf.subList(0, 2)))
        .containsExactlyElementsOf(sorted(Requests.expected("json", 2, Set.of())));

    HttpResponse<byte[]> metrics = http.post("/v1/metrics", JSON, JsonSamples.metricsJson());
    assertOk(metrics);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValue(JSON);
    assertThat(text(metrics)).isEqualTo("{}");
    assertOk(http.post("/v1/logs", JSON + "; charset=utf-8", JsonSamples.logsJson()));
    assertOk(
        http.post(
            "/v1/traces",
            JSON,
            RawHttpClient.gzip(JsonSamples.tracesJson()),
            "Content-Encoding",
            "gzip"));
    awaitAllEmitted(sink, 8);
    assertThat(sorted(sink.items().subList(4, 8))).containsExactlyElementsOf(sorted(fromProtobuf));

    // partial_success comes back in the request's format: protobuf, then JSON.
    HttpResponse<byte[]> partialProto =
        http.post(
            "/v1/metrics", PROTOBUF, Requests.histograms("p", 4, Set.of(1, 3), null).toByteArray());
    assertOk(partialProto);
    assertThat(partialProto.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
    ExportMetricsServiceResponse partial =
        ExportMetricsServiceResponse.parseFrom(partialProto.body());
    assertThat(partial.getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
    assertThat(partial.getPartialSuccess().getErrorMessage()).isEqualTo(TestDecoder.REJECT_REASON);
    String rejectJson =
        new String(JsonSamples.metricsJson(), StandardCharsets.UTF_8)
            .replace(
                "{\"key\":\"i\",\"value\":{\"stringValue\":\"1\"}}",
                "{\"key\":\"i\",\"value\":{\"stringValue\":\"1\"}},"
                    + "{\"key\":\"test.reject\",\"value\":{\"stringValue\":\"true\"}}");
    HttpResponse<byte[]> partialJson =
        http.post("/v1/metrics", JSON, rejectJson.getBytes(StandardCharsets.UTF_8));
    assertOk(partialJson);
    assertThat(partialJson.headers().firstValue("Content-Type")).hasValue(JSON);
    // OTLP JSON: lowerCamelCase names, the 64-bit count as a string.
    assertThat(text(partialJson)).startsWith("{\"partialSuccess\":{\"rejectedDataPoints\":\"1\",");
    ExportMetricsServiceResponse.Builder fromJson = ExportMetricsServiceResponse.newBuilder();
    JsonFormat.parser().merge(text(partialJson), fromJson);
    assertThat(fromJson.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
    assertThat(fromJson.getPartialSuccess().getErrorMessage()).isEqualTo(TestDecoder.REJECT_REASON);
    awaitAllEmitted(sink, 8 + 2 + 1);
  }

  @Test
  void fullQueueAnswers503WithRetryAfterAndTheSdkRetriesUntilEverythingArrives() throws Exception {
    String id = UUID.randomUUID().toString();
    CollectingSink sink = new CollectingSink(id);
    Gate gate = new Gate(id);
    start(builder().setQueueCapacity(1).setRetryDelay(Duration.ofMillis(1500)), sink, gate, 0);
    RawHttpClient http = new RawHttpClient(httpPort);

    // A is taken by the task thread and held at the gate; B then fills the queue; C is refused.
    assertOk(http.post("/v1/metrics", PROTOBUF, histograms("a")));
    gate.awaitEntered();
    assertOk(http.post("/v1/metrics", PROTOBUF, histograms("b")));
    HttpResponse<byte[]> busy = http.post("/v1/metrics", PROTOBUF, histograms("c"));
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(busy.body());
    assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE.value());
    assertThat(status.getMessage()).contains("busy");

    GatewaySimulator gw =
        gateway(
            "gw-retry",
            AggregationTemporality.DELTA,
            Exporters.to(endpoint(httpPort))
                .http()
                .retry(
                    RetryPolicy.builder()
                        .setMaxAttempts(5)
                        .setInitialBackoff(Duration.ofMillis(200))
                        .setMaxBackoff(Duration.ofSeconds(1))
                        .setBackoffMultiplier(1.5)
                        .build()));
    gw.recordRequest("gpt-4o-mini", 15, 7, 1);
    gw.recordRequest("claude-sonnet", 2001, 999, 2);
    CompletableResultCode export = gw.flushMetrics();
    await(
        "the SDK's export to be throttled twice",
        () -> counterSum(rejected(OtlpReceiverMetrics.REASON_THROTTLED)) >= 3);
    assertThat(export.isDone()).as("export still retrying").isFalse();

    gate.open();
    assertSucceeded(export);
    List<ReceivedItem> expected = new ArrayList<>(Requests.expected("a", 1, Set.of()));
    expected.addAll(Requests.expected("b", 1, Set.of()));
    expected.addAll(gw.expected());
    awaitAllEmitted(sink, expected.size());
    assertThat(sorted(sink.items())).containsExactlyElementsOf(sorted(expected));
  }

  @Test
  void badInputGetsItsStatusAClearMessageAndACountAndLeavesOtherRequestsAlone() throws Exception {
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    start(
        builder().setBearerToken("s3cret").setMaxMessageSize(MemorySize.parse("64kb")),
        sink,
        null,
        0);
    RawHttpClient http = new RawHttpClient(httpPort);
    String[] auth = {"Authorization", "Bearer s3cret"};
    List<ReceivedItem> expected = new ArrayList<>();
    int valid = 0;

    assertRefused(
        http.post("/v1/metric", PROTOBUF, histograms("x"), auth), 404, "unknown path '/v1/metric'");
    HttpResponse<byte[]> get = http.send("GET", "/v1/metrics");
    assertRefused(get, 405, "GET is not allowed on /v1/metrics");
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertRefused(
        http.post("/v1/metrics", PROTOBUF, histograms("x")), 401, "missing 'authorization");
    assertRefused(
        http.post("/v1/metrics", PROTOBUF, histograms("x"), "Authorization", "Bearer guess"),
        401,
        "wrong bearer token");
    assertRefused(
        http.post("/v1/metrics", "text/plain", histograms("x"), auth),
        415,
        "unsupported Content-Type");
    assertRefused(
        http.post(
            "/v1/metrics",
            PROTOBUF,
            histograms("x"),
            "Authorization",
            "Bearer s3cret",
            "Content-Encoding",
            "br"),
        415,
        "unsupported Content-Encoding 'br'");
    expected.addAll(sendValid(http, "v" + valid++, auth));

    assertRefused(
        http.post("/v1/metrics", JSON, utf8("{\"resourceMetrics\": ["), auth),
        400,
        "body is not JSON");
    assertRefused(
        http.post("/v1/logs", JSON, utf8("{\"resourceLogs\": [{\"scopeLogs\": 5}]}"), auth),
        400,
        "JSON does not match ExportLogsServiceRequest");
    assertRefused(
        http.post(
            "/v1/traces",
            JSON,
            utf8(
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0af7651916cd43dd\"}]}]}]}"),
            auth),
        400,
        "traceId must be 32 hex digits (16 bytes), got 16 characters");
    assertRefused(
        http.post("/v1/metrics", PROTOBUF, new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF}, auth),
        400,
        "malformed OTLP metrics request");
    assertRefused(
        http.post(
            "/v1/metrics",
            PROTOBUF,
            new byte[] {1, 2, 3},
            "Authorization",
            "Bearer s3cret",
            "Content-Encoding",
            "gzip"),
        400,
        "body does not inflate as gzip");
    expected.addAll(sendValid(http, "v" + valid++, auth));

    // A gzip bomb: 16 KiB on the wire, 16 MiB inflated against a 64 KiB limit.
    byte[] bomb = RawHttpClient.gzip(new byte[16 * 1024 * 1024]);
    assertThat(bomb.length).isLessThan(64 * 1024);
    assertRefused(
        http.post(
            "/v1/metrics",
            PROTOBUF,
            bomb,
            "Authorization",
            "Bearer s3cret",
            "Content-Encoding",
            "gzip"),
        413,
        "limit of 65536 bytes once inflated");
    assertRefused(
        http.post("/v1/metrics", PROTOBUF, new byte[100 * 1024], auth),
        413,
        "limit of 65536 bytes");
    expected.addAll(sendValid(http, "v" + valid++, auth));

    awaitAllEmitted(sink, expected.size());
    assertThat(sorted(sink.items())).containsExactlyElementsOf(sorted(expected));
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_NOT_FOUND))).isEqualTo(1);
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_METHOD_NOT_ALLOWED))).isEqualTo(1);
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_UNAUTHENTICATED))).isEqualTo(2);
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_UNSUPPORTED_MEDIA_TYPE)))
        .isEqualTo(2);
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_MALFORMED))).isEqualTo(5);
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_TOO_LARGE))).isEqualTo(2);
    // Valid ones and those that reached the handler (malformed: parsed or mapped and refused).
    assertThat(counterSum(OtlpReceiverMetrics.REQUESTS_RECEIVED)).isEqualTo(valid + 5);
  }

  private List<ReceivedItem> sendValid(RawHttpClient http, String instance, String[] auth)
      throws Exception {
    assertOk(http.post("/v1/metrics", PROTOBUF, histograms(instance), auth));
    return Requests.expected(instance, 1, Set.of());
  }

  @Test
  void servesTlsAndTokensToTheSdk(@TempDir Path dir) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    start(
        builder()
            .setBearerToken("tls-token")
            .setTls(certificate.certificatePem.toString(), certificate.privateKeyPem.toString()),
        sink,
        null,
        0);
    String https = "https://127.0.0.1:" + httpPort;

    GatewaySimulator noToken =
        gateway(
            "gw-no-token",
            AggregationTemporality.DELTA,
            Exporters.to(https).http().trusting(certificate.certificateBytes()));
    noToken.recordRequest("gpt-4o-mini", 15, 7, 1);
    assertThat(noToken.flushMetrics().join(60, TimeUnit.SECONDS).isSuccess()).isFalse();

    GatewaySimulator gw =
        gateway(
            "gw-tls",
            AggregationTemporality.CUMULATIVE,
            Exporters.to(https)
                .http()
                .trusting(certificate.certificateBytes())
                .header("authorization", "Bearer tls-token"));
    gw.recordRequest("gpt-4o-mini", 15, 7, 1);
    assertSucceeded(gw.flushMetrics());
    gw.log("[START] tls", GatewaySimulatorTimes.at(1), "response_code", "200");
    assertSucceeded(gw.flushLogs());
    assertSucceeded(
        gw.span("chat", GatewaySimulatorTimes.at(1), GatewaySimulatorTimes.at(2), "k", "v"));
    awaitAllEmitted(sink, gw.expected().size());
    assertThat(sorted(sink.items())).containsExactlyElementsOf(sorted(gw.expected()));
    assertThat(counterSum(rejected(OtlpReceiverMetrics.REASON_UNAUTHENTICATED))).isEqualTo(1);
  }

  @Test
  void onCheckpointAnswersOnlyAfterTheCheckpoint(@InjectMiniCluster MiniCluster miniCluster)
      throws Exception {
    CollectingSink sink = new CollectingSink(UUID.randomUUID().toString());
    // Checkpoints only when the test triggers one.
    start(builder().setAckMode(AckMode.ON_CHECKPOINT), sink, null, 3_600_000L);
    RawHttpClient http = new RawHttpClient(httpPort);

    CompletableFuture<HttpResponse<byte[]>> answer =
        http.postAsync("/v1/metrics", PROTOBUF, histograms("cp"));
    awaitAllEmitted(sink, 1);
    assertThat(answer).as("answered before any checkpoint").isNotDone();
    miniCluster.triggerCheckpoint(job.getJobID()).get(60, TimeUnit.SECONDS);
    assertOk(answer.get(60, TimeUnit.SECONDS));
    assertThat(sorted(sink.items()))
        .containsExactlyElementsOf(sorted(Requests.expected("cp", 1, Set.of())));

    // Emitted but not covered by a checkpoint when the job stops: 503 + Retry-After, retryable.
    CompletableFuture<HttpResponse<byte[]>> closing =
        http.postAsync("/v1/metrics", PROTOBUF, histograms("closing"));
    awaitAllEmitted(sink, 2);
    assertThat(closing).isNotDone();
    job.cancel().get(60, TimeUnit.SECONDS);
    job = null;
    HttpResponse<byte[]> failed = closing.get(60, TimeUnit.SECONDS);
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(com.google.rpc.Status.parseFrom(failed.body()).getMessage())
        .contains("shutting down");
  }

  // ---------------------------------------------------------------- helpers

  private OtlpReceiverSourceBuilder<ReceivedItem> builder() {
    grpcPort = FreePort.range(1);
    httpPort = FreePort.range(1);
    return OtlpReceiverSource.<ReceivedItem>builder()
        .setDecoder(new TestDecoder())
        .setBindAddress("127.0.0.1")
        .setPort(grpcPort)
        .setHttpPort(httpPort)
        .setShutdownTimeout(Duration.ofSeconds(2));
  }

  private static byte[] histograms(String instance) {
    return Requests.histograms(instance, 1, Set.of(), null).toByteArray();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static void assertOk(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
  }

  /** The status, and a google.rpc.Status body in JSON or protobuf whose message says why. */
  private static void assertRefused(HttpResponse<byte[]> response, int status, String message)
      throws Exception {
    assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    String said =
        contentType.equals(PROTOBUF)
            ? com.google.rpc.Status.parseFrom(response.body()).getMessage()
            : text(response);
    assertThat(said).contains(message);
  }

  private static String endpoint(int port) {
    return "http://127.0.0.1:" + port;
  }

  private GatewaySimulator gateway(
      String instance, AggregationTemporality temporality, Exporters exporters) {
    GatewaySimulator gw = new GatewaySimulator(instance, temporality, exporters);
    gateways.add(gw);
    return gw;
  }

  private void start(
      OtlpReceiverSourceBuilder<ReceivedItem> builder,
      CollectingSink sink,
      MapFunction<ReceivedItem, ReceivedItem> downstream,
      long checkpointIntervalMs)
      throws Exception {
    OtlpReceiverSource<ReceivedItem> source = builder.build();
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
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
    job = env.executeAsync("otlp-http-receiver-test");
    await("gRPC port listening", () -> accepts(grpcPort));
    await("HTTP port listening", () -> accepts(httpPort));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(Duration.ofSeconds(60), what, condition);
  }

  private static void assertSucceeded(CompletableResultCode result) {
    result.join(60, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).as("SDK export succeeded").isTrue();
  }

  private void awaitAllEmitted(CollectingSink sink, int expected) throws InterruptedException {
    await(
        expected + " items emitted",
        () ->
            sink.size() >= expected
                && sink.size() == counterSum(OtlpReceiverMetrics.RECORDS_QUEUED));
  }

  private static List<String> sorted(Collection<ReceivedItem> items) {
    return items.stream().map(ReceivedItem::toString).sorted().collect(Collectors.toList());
  }

  private static String rejected(String reason) {
    return OtlpReceiverMetrics.REASON_KEY
        + "."
        + reason
        + "."
        + OtlpReceiverMetrics.REQUESTS_REJECTED;
  }

  private long counterSum(String identifierSuffix) {
    long sum = 0;
    for (Map.Entry<String, Metric> e :
        REPORTER.getMetricsByIdentifiers(job.getJobID()).entrySet()) {
      if (e.getKey().endsWith(OtlpReceiverMetrics.GROUP + "." + identifierSuffix)) {
        sum += ((Counter) e.getValue()).getCount();
      }
    }
    return sum;
  }
}
