package dev.aigw.insight.job.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.AccessLogPipeline;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder;
import dev.aigw.insight.job.emit.opensearch.MinuteCellDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellIndexTemplate;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.options.LogsMetrics;
import dev.aigw.insight.job.options.RedactionConfig;
import dev.aigw.insight.job.price.ModelPrice;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.opensearch.OpenSearchSink;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkConfig;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkMetrics;
import dev.aigw.insight.source.otlp.OtlpReceiverSource;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access-log path end to end: the OpenTelemetry Java SDK exports logs shaped like Envoy AI
 * Gateway's over OTLP/gRPC to the real receiver source; the job decodes, samples, prices and writes
 * them to a real in-process OpenSearch, which the test then searches. The same node also checks the
 * per-minute cell documents of the local (BanyanDB-less) default.
 */
class AccessLogPipelineITCase {

  private static final InMemoryReporter REPORTER = InMemoryReporter.create();

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "it-access-logs";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** The receiver's clock: just after the simulated traffic (which ends before T0 + 5 min). */
  private static final JobClock RECEIVER_CLOCK = JobClock.fixed(T0.toEpochMilli() + 5 * 60_000);

  private static final String BACKEND = "default/openai/route/aigw-run/rule/0/ref/0";

  private static EmbeddedOpenSearch openSearch;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<SdkLoggerProvider> providers = new ArrayList<>();
  private JobClient job;

  @BeforeAll
  static void startOpenSearch() throws IOException {
    openSearch = EmbeddedOpenSearch.builder().start();
  }

  @AfterAll
  static void stopOpenSearch() throws IOException {
    openSearch.close();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (SdkLoggerProvider provider : providers) {
      provider.close();
    }
    if (job != null) {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  /** One gateway request: what the SDK sends and whether the policy must keep it. */
  private static final class Request {
    final String requestId;
    final int second;
    final String status;
    final String input;
    final String output;
    final String responseModel;
    final String provider;
    final String upstreamFailure;
    final boolean kept;

    Request(
        String requestId,
        int second,
        String status,
        String input,
        String output,
        String responseModel,
        String provider,
        String upstreamFailure,
        boolean kept) {
      this.requestId = requestId;
      this.second = second;
      this.status = status;
      this.input = input;
      this.output = output;
      this.responseModel = responseModel;
      this.provider = provider;
      this.upstreamFailure = upstreamFailure;
      this.kept = kept;
    }

    long timeMs() {
      return T0.plusSeconds(second).toEpochMilli();
    }

    String body() {
      return "[START] /v1/chat/completions model="
          + responseModel
          + " "
          + status
          + " llm_input_token="
          + input
          + " llm_output_token="
          + output
          + " llm_reasoning_token=0 "
          + (100 + second)
          + "ms";
    }
  }

  @Test
  void keepsExactlyWhatThePolicyKeepsAndMakesItSearchable() throws Exception {
    int port = freePort();
    LogsConfig config =
        LogsConfig.builder()
            .indexPrefix(PREFIX)
            .indexReplicas(0)
            .sink(
                OpenSearchSink.builder()
                    .setHost(openSearch.httpUri().toString())
                    .setFlushInterval(Duration.ofMillis(200))
                    // one request at a time keeps the documents in arrival order
                    .setMaxInFlightRequests(1)
                    .buildConfig())
            .build();
    startJob(port, config);

    List<Request> requests =
        List.of(
            new Request(
                "req-ok-1", 1, "200", "15", "7", "gpt-4o-mini-2024-07-18", BACKEND, "-", false),
            new Request(
                "req-ok-2", 2, "200", "300", "41", "gpt-4o-mini-2024-07-18", BACKEND, "-", false),
            // the seed's request to a model that does not exist
            new Request("req-404", 3, "404", "-", "-", "-", "-", "-", true),
            new Request("req-503", 4, "503", "-", "-", "-", BACKEND, "connection refused", true),
            new Request(
                "req-12k", 5, "200", "8000", "4000", "gpt-4o-mini-2024-07-18", BACKEND, "-", true),
            new Request(
                "req-nostatus", 6, "-", "10", "5", "gpt-4o-mini-2024-07-18", BACKEND, "-", true),
            new Request(
                "req-ok-3", 7, "200", "100", "50", "gpt-4o-mini-2024-07-18", BACKEND, "-", false),
            new Request("-", 8, "500", "-", "-", "-", BACKEND, "-", true));

    SdkLoggerProvider gateway = provider(port, "aigw-prod", "aigw-pod-1", "ENVOY_AI_GATEWAY");
    for (Request r : requests) {
      emit(gateway, r);
    }
    // a mesh's access logs share the receiver but are not ours; a gateway without a name is invalid
    SdkLoggerProvider mesh = provider(port, "mesh-proxy", "mesh-pod", "MESH");
    emit(mesh, new Request("req-mesh", 1, "500", "-", "-", "-", "-", "-", false));
    SdkLoggerProvider nameless = provider(port, null, "pod-x", "ENVOY_AI_GATEWAY");
    emit(nameless, new Request("req-nameless", 1, "500", "-", "-", "-", "-", "-", false));
    for (SdkLoggerProvider p : List.of(gateway, mesh, nameless)) {
      assertSucceeded(p.forceFlush());
    }
    // a last kept record, sent after the others: once it is searchable, everything before is
    Request marker = new Request("req-marker", 9, "502", "-", "-", "-", BACKEND, "-", true);
    emit(gateway, marker);
    assertSucceeded(gateway.forceFlush());
    await(
        "the marker document",
        () -> hits("{\"term\":{\"request_id\":\"req-marker\"}}").size() == 1);

    // exactly the kept records, by x-request-id (the one without an id is found by its status)
    Map<String, JsonNode> all = hits("{\"match_all\":{}}");
    Set<String> expectedIds = new TreeSet<>();
    for (Request r : requests) {
      if (r.kept && !r.requestId.equals("-")) {
        expectedIds.add(r.requestId);
      }
    }
    expectedIds.add("req-marker");
    assertThat(all).hasSize(expectedIds.size() + 1);
    Set<String> storedRequestIds = new TreeSet<>();
    all.values().forEach(d -> storedRequestIds.add(d.path("request_id").asText("-")));
    Set<String> withAnonymous = new TreeSet<>(expectedIds);
    withAnonymous.add("-");
    assertThat(storedRequestIds).isEqualTo(withAnonymous);
    // the document ids are the request ids (replays overwrite); the anonymous one a content hash
    for (Map.Entry<String, JsonNode> e : all.entrySet()) {
      String requestId = e.getValue().path("request_id").asText(null);
      if (requestId != null) {
        assertThat(e.getKey()).isEqualTo(requestId);
      } else {
        assertThat(e.getKey()).matches("sha256:[0-9a-f]{32}");
      }
    }

    // the 12 000-token request, field by field
    JsonNode big = single("{\"term\":{\"request_id\":\"req-12k\"}}");
    Request r12k = requests.get(4);
    assertThat(big.path("timestamp").asLong()).isEqualTo(r12k.timeMs());
    assertThat(big.path("service").asText()).isEqualTo("aigw-prod");
    assertThat(big.path("instance").asText()).isEqualTo("aigw-pod-1");
    assertThat(big.path("status_code").asLong()).isEqualTo(200);
    assertThat(big.path("input_tokens").asLong()).isEqualTo(8000);
    assertThat(big.path("output_tokens").asLong()).isEqualTo(4000);
    assertThat(big.path("reasoning_tokens").asLong()).isZero();
    assertThat(big.path("duration_ms").asLong()).isEqualTo(105);
    assertThat(big.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(big.path("request_model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(big.path("provider").asText()).isEqualTo(BACKEND);
    assertThat(big.path("keep_reason").asText()).isEqualTo("KEEP_TOKEN_THRESHOLD");
    assertThat(big.path("body").asText()).isEqualTo(r12k.body());
    assertThat(big.path("attributes").path("x-request-id").asText()).isEqualTo("req-12k");
    assertThat(big.path("attributes").path("session.id").asText()).isEqualTo("-");
    ModelPrice price =
        PriceTable.loadDefault().lookup(BACKEND, "gpt-4o-mini-2024-07-18").orElseThrow();
    BigDecimal expectedCost =
        price
            .inputPerMillion()
            .multiply(BigDecimal.valueOf(8000))
            .add(price.outputPerMillion().multiply(BigDecimal.valueOf(4000)))
            .divide(BigDecimal.valueOf(1_000_000));
    assertThat(big.path("estimated_cost").asDouble()).isEqualTo(expectedCost.doubleValue());

    // searches an operator runs
    assertThat(hits("{\"term\":{\"status_code\":404}}").values())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path("request_id").asText()).isEqualTo("req-404");
              assertThat(d.path("model").asText()).isEqualTo("no-such-model");
              assertThat(d.path("keep_reason").asText()).isEqualTo("KEEP_ERROR_STATUS");
              assertThat(d.has("estimated_cost")).isFalse();
            });
    assertThat(single("{\"term\":{\"request_id\":\"req-503\"}}").path("upstream_failure").asText())
        .isEqualTo("connection refused");
    assertThat(
            hits("{\"term\":{\"model\":\"gpt-4o-mini-2024-07-18\"}}").values().stream()
                .map(d -> d.path("request_id").asText()))
        .containsExactlyInAnyOrder("req-12k", "req-nostatus");
    assertThat(hits("{\"term\":{\"provider\":\"" + BACKEND + "\"}}"))
        .hasSize(
            (int) requests.stream().filter(r -> r.kept && r.provider.equals(BACKEND)).count() + 1);
    assertThat(
            hits("{\"bool\":{\"filter\":["
                    + "{\"term\":{\"service\":\"aigw-prod\"}},"
                    + "{\"term\":{\"instance\":\"aigw-pod-1\"}},"
                    + "{\"range\":{\"timestamp\":{\"gte\":"
                    + T0.plusSeconds(4).toEpochMilli()
                    + ",\"lt\":"
                    + T0.plusSeconds(6).toEpochMilli()
                    + "}}}]}}")
                .keySet())
        .containsExactlyInAnyOrder("req-503", "req-12k");
    assertThat(
            single("{\"term\":{\"attributes.x-request-id\":\"req-nostatus\"}}")
                .path("keep_reason")
                .asText())
        .isEqualTo("KEEP_MISSING_STATUS");
    assertThat(
            single("{\"term\":{\"status_code\":500}}")
                .path("attributes")
                .path("x-request-id")
                .asText())
        .isEqualTo("-");

    // the job's own account of what it did
    assertThat(counterSum(LogsMetrics.DECODED)).isEqualTo(requests.size() + 1);
    assertThat(counterSum(LogsMetrics.DROPPED_OTHER_LAYER)).isEqualTo(1);
    assertThat(counterSum(LogsMetrics.DROPPED_MISSING_SERVICE)).isEqualTo(1);
    assertThat(counterSum(LogsMetrics.DROPPED_NORMAL)).isEqualTo(3);
    assertThat(counterSum(LogsMetrics.KEPT_ERROR_STATUS)).isEqualTo(4);
    assertThat(counterSum(LogsMetrics.KEPT_TOKEN_THRESHOLD)).isEqualTo(1);
    assertThat(counterSum(LogsMetrics.KEPT_MISSING_STATUS)).isEqualTo(1);
    assertThat(counterSum(LogsMetrics.UNPRICED)).isZero();
    // the SDK's requests were read from the wire format, never parsed whole
    assertThat(hasCounter(LogsMetrics.WIRE_FALLBACKS)).isTrue();
    assertThat(counterSum(LogsMetrics.WIRE_FALLBACKS)).isZero();
    assertThat(counterSum(OpenSearchSinkMetrics.DOCUMENTS_INDEXED)).isEqualTo(6);

    // the index is the day of the requests, created from the access-log template
    JsonNode mapping =
        get("/" + PREFIX + "-2026.01.01/_mapping").path(PREFIX + "-2026.01.01").path("mappings");
    assertThat(mapping.path("properties").path("status_code").path("type").asText())
        .isEqualTo("long");
    assertThat(
            mapping
                .path("properties")
                .path("attributes")
                .path("properties")
                .path("x-request-id")
                .path("type")
                .asText())
        .isEqualTo("keyword");
  }

  @Test
  void minuteCellsOverwriteTheirDocumentsOnReplay() throws Exception {
    String prefix = "it-minute-cells";
    List<MinuteCell> cells = new ArrayList<>();
    for (String model : List.of("gpt-4o-mini", "gpt-4o", "claude-sonnet-4")) {
      MinuteCell cell = new MinuteCell();
      cell.windowStartMs = T0.plusSeconds(60).toEpochMilli();
      cell.scope = Scope.SERVICE;
      cell.dimension = Dimension.MODEL;
      cell.service = "aigw-prod";
      cell.instance = MinuteCell.ABSENT;
      cell.provider = "openai";
      cell.model = model;
      cell.requests = model.length();
      cell.latencyAvgMs = 123.456789;
      cell.estimatedCost = 0.000123456789;
      cells.add(cell);
    }
    OpenSearchSinkConfig sinkConfig =
        OpenSearchSink.builder().setHost(openSearch.httpUri().toString()).buildConfig();
    for (int run = 0; run < 2; run++) {
      Configuration conf = new Configuration();
      conf.set(PipelineOptions.GENERIC_TYPES, false);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(1);
      env.fromData(MinuteCell.class, cells.toArray(new MinuteCell[0]))
          .sinkTo(
              OpenSearchSink.<MinuteCell>builder()
                  .setConfig(sinkConfig)
                  .setConverter(new MinuteCellDocumentConverter(prefix))
                  .setIndexTemplate(MinuteCellIndexTemplate.of(prefix, 1, 0))
                  .build());
      env.execute("minute-cells-" + run);
    }

    send("POST", "/" + prefix + "-*/_refresh", null);
    assertThat(get("/" + prefix + "-*/_count").path("count").asLong()).isEqualTo(3);
    JsonNode doc = get("/" + prefix + "-2026.01.01/_doc/" + encode(cells.get(1).cellKey()));
    assertThat(doc.path("_version").asInt()).isEqualTo(2);
    assertThat(doc.path("_source").path("model").asText()).isEqualTo("gpt-4o");
    assertThat(doc.path("_source").path("requests").asLong()).isEqualTo(6);
    assertThat(doc.path("_source").path("estimated_cost").asDouble()).isEqualTo(0.000123456789);
    JsonNode properties =
        get("/" + prefix + "-2026.01.01/_mapping")
            .path(prefix + "-2026.01.01")
            .path("mappings")
            .path("properties");
    // doubles stay doubles (OpenSearch's default for a fraction would be float)
    assertThat(properties.path("estimated_cost").path("type").asText()).isEqualTo("double");
    assertThat(properties.path("latency_avg_ms").path("type").asText()).isEqualTo("double");
    assertThat(properties.path("requests").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("model").path("type").asText()).isEqualTo("keyword");
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Redaction runs before the sink: the stored documents hold the keyed hash (the same for the same
   * value) or nothing for the redacted attributes, and the raw values nowhere.
   */
  @Test
  void storesHashesOrNothingForRedactedAttributes(@TempDir Path dir) throws Exception {
    String prefix = "it-redacted-logs";
    String secret = "a-test-secret-of-32-bytes-length";
    Path secretFile = Files.writeString(dir.resolve("hmac-secret"), secret + "\n");
    int port = freePort();
    LogsConfig config =
        LogsConfig.builder()
            .indexPrefix(prefix)
            .indexReplicas(0)
            .sink(
                OpenSearchSink.builder()
                    .setHost(openSearch.httpUri().toString())
                    .setFlushInterval(Duration.ofMillis(200))
                    .buildConfig())
            .redaction(
                RedactionConfig.of(
                    Map.of(
                        "x-forwarded-for", "hash",
                        "downstream_remote_address", "hash",
                        "session.id", "hash",
                        "user-agent", "drop"),
                    secretFile.toString(),
                    null))
            .build();
    startJob(port, config);
    SdkLoggerProvider gateway = provider(port, "aigw-prod", "aigw-pod-1", "ENVOY_AI_GATEWAY");
    String[][] clients = {
      {"req-a", "203.0.113.7", "10.1.0.4:51000", "session-1"},
      {"req-b", "203.0.113.7", "10.1.0.4:51002", "session-1"},
      {"req-c", "198.51.100.23", "10.1.0.9:40000", "-"},
    };
    for (int i = 0; i < clients.length; i++) {
      Map<String, String> personal = new LinkedHashMap<>();
      personal.put("x-forwarded-for", clients[i][1]);
      personal.put("downstream_remote_address", clients[i][2]);
      personal.put("session.id", clients[i][3]);
      personal.put("user-agent", "curl/8.5.0");
      // errors are always kept
      emit(
          gateway,
          new Request(clients[i][0], 1 + i, "500", "-", "-", "-", BACKEND, "-", true),
          personal);
    }
    assertSucceeded(gateway.forceFlush());
    await("three documents", () -> hitsIn(prefix, "{\"match_all\":{}}").size() == 3);

    Map<String, JsonNode> stored = hitsIn(prefix, "{\"match_all\":{}}");
    for (String[] client : clients) {
      JsonNode attributes = stored.get(client[0]).path("attributes");
      assertThat(attributes.path("x-forwarded-for").asText()).isEqualTo(hmacHex(secret, client[1]));
      assertThat(attributes.path("downstream_remote_address").asText())
          .isEqualTo(hmacHex(secret, client[2]));
      // a missing value identifies no one and stays as Envoy wrote it
      assertThat(attributes.path("session.id").asText())
          .isEqualTo(client[3].equals("-") ? "-" : hmacHex(secret, client[3]));
      assertThat(attributes.has("user-agent")).isFalse();
      assertThat(attributes.path("x-request-id").asText()).isEqualTo(client[0]);
      String document = stored.get(client[0]).toString();
      for (String raw : new String[] {client[1], client[2], "curl/8.5.0"}) {
        assertThat(document).doesNotContain(raw);
      }
    }
    // the same client gives the same hash; another client another one
    JsonNode a = stored.get("req-a").path("attributes");
    assertThat(stored.get("req-b").path("attributes").path("x-forwarded-for"))
        .isEqualTo(a.path("x-forwarded-for"));
    assertThat(stored.get("req-b").path("attributes").path("session.id"))
        .isEqualTo(a.path("session.id"));
    assertThat(stored.get("req-c").path("attributes").path("x-forwarded-for"))
        .isNotEqualTo(a.path("x-forwarded-for"));
    assertThat(a.path("x-forwarded-for").asText()).matches("[0-9a-f]{32}");
    await("redaction counters", () -> counterSum(LogsMetrics.REDACTED_HASHED) == 3 + 3 + 2);
    assertThat(counterSum(LogsMetrics.REDACTED_DROPPED)).isEqualTo(3);
  }

  /** HMAC-SHA256 computed here, independently of the job's code: hex, first 32 characters. */
  private static String hmacHex(String secret, String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    StringBuilder hex = new StringBuilder();
    for (byte b : mac.doFinal(value.getBytes(StandardCharsets.UTF_8))) {
      hex.append(String.format("%02x", b));
    }
    return hex.substring(0, 32);
  }

  private static String encode(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private void startJob(int port, LogsConfig config) throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    DataStream<AccessLogRecord> decoded =
        env.fromSource(
                OtlpReceiverSource.<AccessLogRecord>builder()
                    .setDecoder(
                        AccessLogDecoder.create(config, AnalysisConfig.defaults(), RECEIVER_CLOCK))
                    .setBindAddress("127.0.0.1")
                    .setPort(port)
                    // no OTLP/HTTP: its fixed default port would clash with another test run
                    .setHttpEnabled(false)
                    .setShutdownTimeout(Duration.ofSeconds(2))
                    .build(),
                WatermarkStrategy.noWatermarks(),
                "otlp-logs")
            .uid("otlp-logs");
    AccessLogPipeline.sinkToOpenSearch(
        AccessLogPipeline.build(decoded, config, PriceTable.loadDefault()), config);
    job = env.executeAsync("access-log-pipeline-test");
    await("receiver port " + port, () -> accepts(port));
  }

  /** A logger provider configured like Envoy's OTLP access logger (resource attributes only). */
  private SdkLoggerProvider provider(int port, String service, String instance, String layer) {
    AttributesBuilder resource = Attributes.builder();
    if (service != null) {
      resource.put("service.name", service);
    }
    resource.put("service.instance.id", instance);
    resource.put("service.layer", layer);
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(Resource.create(resource.build()))
            .addLogRecordProcessor(
                BatchLogRecordProcessor.builder(
                        OtlpGrpcLogRecordExporter.builder()
                            .setEndpoint("http://127.0.0.1:" + port)
                            .build())
                    // exports happen on forceFlush only
                    .setScheduleDelay(Duration.ofHours(1))
                    .build())
            .build();
    providers.add(provider);
    return provider;
  }

  private static void emit(SdkLoggerProvider provider, Request r) {
    emit(provider, r, Map.of());
  }

  private static void emit(SdkLoggerProvider provider, Request r, Map<String, String> extra) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(
        "gen_ai.request.model", r.responseModel.equals("-") ? "no-such-model" : "gpt-4o-mini");
    attributes.put("gen_ai.response.model", r.responseModel);
    attributes.put("gen_ai.provider.name", r.provider);
    attributes.put("gen_ai.usage.input_tokens", r.input);
    attributes.put("gen_ai.usage.output_tokens", r.output);
    attributes.put("gen_ai.usage.reasoning_tokens", r.input.equals("-") ? "-" : "0");
    attributes.put("session.id", "-");
    attributes.put("start_time", Instant.ofEpochMilli(r.timeMs()).toString());
    attributes.put("method", "POST");
    attributes.put("request.path", "/v1/chat/completions");
    attributes.put("x-envoy-origin-path", "/v1/chat/completions");
    attributes.put("response_code", r.status);
    attributes.put("duration", Integer.toString(100 + r.second));
    attributes.put("bytes_received", "181");
    attributes.put("bytes_sent", "702");
    attributes.put("x-request-id", r.requestId);
    attributes.put("upstream_host", "10.0.0.7:443");
    attributes.put("upstream_transport_failure_reason", r.upstreamFailure);
    attributes.put("k8s.namespace.name", "default");
    attributes.put("k8s.pod.name", "aigw-pod-1");
    attributes.putAll(extra);
    LogRecordBuilder builder =
        provider
            .get("envoy-access-log")
            .logRecordBuilder()
            .setTimestamp(r.timeMs(), TimeUnit.MILLISECONDS)
            .setBody(r.body());
    attributes.forEach((k, v) -> builder.setAttribute(AttributeKey.stringKey(k), v));
    builder.emit();
  }

  private static void assertSucceeded(CompletableResultCode result) {
    assertThat(result.join(30, TimeUnit.SECONDS).isSuccess()).as("OTLP export succeeded").isTrue();
  }

  /** Documents matching the query, by _id, with their source. */
  private Map<String, JsonNode> hits(String query) throws Exception {
    return hitsIn(PREFIX, query);
  }

  private Map<String, JsonNode> hitsIn(String prefix, String query) throws Exception {
    send("POST", "/" + prefix + "-*/_refresh", null);
    JsonNode answer =
        send("POST", "/" + prefix + "-*/_search", "{\"size\":100,\"query\":" + query + "}");
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (JsonNode hit : answer.path("hits").path("hits")) {
      byId.put(hit.path("_id").asText(), hit.path("_source"));
    }
    return byId;
  }

  private JsonNode single(String query) throws Exception {
    Map<String, JsonNode> found = hits(query);
    assertThat(found).as("hits of %s", query).hasSize(1);
    return found.values().iterator().next();
  }

  private JsonNode get(String path) throws Exception {
    return send("GET", path, null);
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(openSearch.httpUri() + path))
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return JSON.createObjectNode();
    }
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isBetween(200, 299);
    return JSON.readTree(response.body());
  }

  private boolean hasCounter(String name) {
    return REPORTER.getMetricsByIdentifiers(job.getJobID()).entrySet().stream()
        .anyMatch(e -> e.getKey().endsWith("." + name) && e.getValue() instanceof Counter);
  }

  private long counterSum(String name) {
    JobID id = job.getJobID();
    long sum = 0;
    for (Map.Entry<String, Metric> e : REPORTER.getMetricsByIdentifiers(id).entrySet()) {
      if (e.getKey().endsWith("." + name) && e.getValue() instanceof Counter) {
        sum += ((Counter) e.getValue()).getCount();
      }
    }
    return sum;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A search right after an index is created can fail until its shard starts: not yet, then. */
  private static boolean holds(Callable<Boolean> condition) {
    try {
      return condition.call();
    } catch (Exception | AssertionError e) {
      return false;
    }
  }

  private static void await(String what, Callable<Boolean> condition) throws Exception {
    Await.until(Duration.ofSeconds(60), what, () -> holds(condition));
  }
}
