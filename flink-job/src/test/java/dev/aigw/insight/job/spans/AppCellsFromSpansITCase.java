package dev.aigw.insight.job.spans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.spans.LlmCallValues.Call;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.genai.GenAiSpanContract;
import dev.aigw.insight.source.otlp.kafka.testing.EmbeddedKafka;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a MiniCluster, fed by the real OpenTelemetry SDK tracer over OTLP/gRPC: LLM
 * spans in each convention (current GenAI names, older names with SkyWalking's TTFT tag,
 * OpenInference as Envoy AI Gateway writes it), agent/chain spans, a nested HTTP span repeating its
 * LLM span, bad inputs, and every export sent twice. Every value of every application cell in
 * OpenSearch must equal what the generated calls imply.
 */
class AppCellsFromSpansITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  @RegisterExtension static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final long MS = 1_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;

  private final List<Call> expected = new ArrayList<>();

  @BeforeAll
  static void startOpenSearch() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
  }

  @AfterAll
  static void stopOpenSearch() throws Exception {
    openSearch.close();
  }

  @Test
  void spansOfEveryConventionBecomeExactApplicationCells(@TempDir Path checkpoints)
      throws Exception {
    deleteStoredCells();
    int port = FreePort.range(1);
    WholeJobOnOpenSearch wholeJob = new WholeJobOnOpenSearch(openSearch);
    Configuration conf = wholeJob.configuration(port, checkpoints);
    JobClient job = wholeJob.start(conf, port, "app-cells-from-spans");
    try {
      long minute = WholeJobOnOpenSearch.lastMinuteEndMs() - 60_000;
      String endpoint = "http://127.0.0.1:" + port;
      sendTraffic(
          minute,
          (service, traffic) -> {
            OtlpGrpcSpanExporter otlp =
                OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build();
            Collection<SpanData> spans = TracerExports.export(service, otlp, traffic);
            // an exporter retry: the very same request again
            CompletableResultCode again = otlp.export(spans).join(30, TimeUnit.SECONDS);
            assertThat(again.isSuccess()).as(service + " re-sent export").isTrue();
            otlp.shutdown().join(30, TimeUnit.SECONDS);
          });
      assertCells(job, minute);
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
  }

  /**
   * The same traffic through Kafka (the Collector's {@code otlp_proto} messages on the traces
   * topic), each message produced twice (a replay): the same cells.
   */
  @Test
  void theKafkaPathGivesTheSameCells(@TempDir Path checkpoints) throws Exception {
    deleteStoredCells();
    String topic = "otlp_spans_it";
    KAFKA.createTopics(1, topic);
    int port = FreePort.range(1);
    WholeJobOnOpenSearch wholeJob = new WholeJobOnOpenSearch(openSearch);
    Configuration conf = wholeJob.configuration(port, checkpoints);
    conf.setString("ingest.kafka.enabled", "true");
    conf.setString("kafka.bootstrap-servers", KAFKA.bootstrapServers());
    conf.setString("kafka.signals", "traces");
    conf.setString("kafka.topic.traces", topic);
    conf.setString("kafka.group-id", "app-cells-it");
    JobClient job = wholeJob.start(conf, port, "app-cells-from-kafka");
    try {
      long minute = WholeJobOnOpenSearch.lastMinuteEndMs() - 60_000;
      sendTraffic(
          minute,
          (service, traffic) -> {
            Collection<SpanData> spans =
                TracerExports.export(service, new TracerExports.NoExporter(), traffic);
            byte[] message = serialized(spans);
            try {
              KAFKA.send(topic, 0, message);
              KAFKA.send(topic, 0, message);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      assertCells(job, minute);
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
  }

  /** Every application's traffic of {@code minute}, handed to {@code send}. */
  private void sendTraffic(long minute, BiConsumer<String, Consumer<Tracer>> send) {
    long t = minute * MS;
    send.accept("shop", tracer -> currentGenAiNames(tracer, t));
    send.accept("legacy", tracer -> olderNames(tracer, t));
    send.accept("gateway", tracer -> openInference(tracer, t));
    send.accept("bad", tracer -> badInput(tracer, t));
  }

  /** Every value of every expected cell is stored, and no other cell; the job still runs. */
  private void assertCells(JobClient job, long minute) throws Exception {
    {
      Map<String, Map<String, Number>> want = expectedCells(minute);
      Map<String, JsonNode> got = awaitCells(want.size());
      assertThat(got.keySet()).isEqualTo(want.keySet());
      for (Map.Entry<String, Map<String, Number>> cell : want.entrySet()) {
        JsonNode doc = got.get(cell.getKey());
        for (Map.Entry<String, Number> value : cell.getValue().entrySet()) {
          JsonNode stored = doc.path(value.getKey());
          String what = cell.getKey() + " " + value.getKey();
          if (value.getValue() instanceof Long) {
            assertThat(stored.isIntegralNumber()).as(what + " is an integer").isTrue();
            assertThat(stored.asLong()).as(what).isEqualTo(value.getValue().longValue());
          } else {
            double v = value.getValue().doubleValue();
            assertThat(stored.asDouble()).as(what).isCloseTo(v, within(1e-9 * Math.max(1, v)));
          }
        }
      }
      assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState())
          .as("the job survives every bad input")
          .isFalse();
    }
  }

  // ---- traffic

  /** OTel GenAI current names; an agent span around them; a nested HTTP span repeating a call. */
  private void currentGenAiNames(Tracer tracer, long t) {
    Span agent =
        tracer
            .spanBuilder("invoke_agent shopper")
            .setStartTimestamp(t, TimeUnit.NANOSECONDS)
            .startSpan();
    agent.setAttribute(GenAiSpanContract.OPERATION_NAME, "invoke_agent");
    Context inAgent = Context.root().with(agent);

    Span chat = llm(tracer, inAgent, t + 1_000 * MS);
    otel(chat, "openai", "gpt-4o", "gpt-4o", 1000, 200);
    chat.setAttribute(GenAiSpanContract.USAGE_CACHE_READ_INPUT_TOKENS, 400L);
    chat.setAttribute(GenAiSpanContract.REQUEST_STREAM, true);
    chat.setAttribute(GenAiSpanContract.RESPONSE_TIME_TO_FIRST_CHUNK, 0.25);
    chat.end(t + 1_800 * MS, TimeUnit.NANOSECONDS);
    expect("shop", "openai", "gpt-4o", 800, 1000, 200, 400, 0, 0, false, true, 250);

    Span failed = llm(tracer, inAgent, t + 5_000 * MS);
    otel(failed, "openai", "gpt-4o", "gpt-4o", 500, 100);
    failed.setAttribute(GenAiSpanContract.ERROR_TYPE, "429");
    failed.setStatus(StatusCode.ERROR);
    failed.end(t + 6_200 * MS, TimeUnit.NANOSECONDS);
    expect("shop", "openai", "gpt-4o", 1200, 500, 100, 0, 0, 0, true, false, -1);

    // an LLM span whose HTTP client child repeats its gen_ai values: counted once
    Span outer = llm(tracer, inAgent, t + 10_000 * MS);
    otel(outer, "openai", "gpt-4o", "gpt-4o", 300, 50);
    outer.setAttribute(GenAiSpanContract.USAGE_REASONING_OUTPUT_TOKENS, 20L);
    Span http = llm(tracer, Context.root().with(outer), t + 10_100 * MS);
    otel(http, "openai", "gpt-4o", "gpt-4o", 300, 50);
    http.setAttribute("http.request.method", "POST");
    http.end(t + 11_900 * MS, TimeUnit.NANOSECONDS);
    outer.end(t + 12_000 * MS, TimeUnit.NANOSECONDS);
    expect("shop", "openai", "gpt-4o", 2000, 300, 50, 0, 0, 20, false, false, -1);

    agent.end(t + 13_000 * MS, TimeUnit.NANOSECONDS);
  }

  /** Older names: gen_ai.system, prompt/completion tokens, SkyWalking's integer-ms TTFT. */
  private void olderNames(Tracer tracer, long t) {
    Span claude = llm(tracer, Context.root(), t + 2_000 * MS);
    claude.setAttribute(GenAiSpanContract.SYSTEM, "anthropic");
    claude.setAttribute(GenAiSpanContract.RESPONSE_MODEL, "claude-sonnet-4-5");
    claude.setAttribute(GenAiSpanContract.USAGE_PROMPT_TOKENS, 4000L);
    claude.setAttribute(GenAiSpanContract.USAGE_COMPLETION_TOKENS, 512L);
    claude.setAttribute(GenAiSpanContract.SERVER_TIME_TO_FIRST_TOKEN, 300L);
    claude.end(t + 4_500 * MS, TimeUnit.NANOSECONDS);
    expect("legacy", "anthropic", "claude-sonnet-4-5", 2500, 4000, 512, 0, 0, 0, false, false, 300);

    // no provider: from the price table's prefix; no response model: the request model
    Span mini = llm(tracer, Context.root(), t + 20_000 * MS);
    mini.setAttribute(GenAiSpanContract.REQUEST_MODEL, "gpt-4o-mini");
    mini.setAttribute(GenAiSpanContract.USAGE_PROMPT_TOKENS, 100L);
    mini.setAttribute(GenAiSpanContract.USAGE_COMPLETION_TOKENS, 10L);
    mini.end(t + 20_400 * MS, TimeUnit.NANOSECONDS);
    expect("legacy", "openai", "gpt-4o-mini", 400, 100, 10, 0, 0, 0, false, false, -1);
  }

  /** OpenInference as Envoy AI Gateway writes it (llm.system only, cache_creation). */
  private void openInference(Tracer tracer, long t) {
    Span chain = tracer.spanBuilder("chain").setStartTimestamp(t, TimeUnit.NANOSECONDS).startSpan();
    chain.setAttribute(GenAiSpanContract.OI_SPAN_KIND, "CHAIN");
    Context inChain = Context.root().with(chain);

    Span chat = plain(tracer, inChain, t + 3_000 * MS);
    chat.setAttribute(GenAiSpanContract.OI_SPAN_KIND, "LLM");
    chat.setAttribute(GenAiSpanContract.OI_SYSTEM, "openai");
    chat.setAttribute(GenAiSpanContract.OI_MODEL_NAME, "gpt-4o");
    chat.setAttribute(GenAiSpanContract.OI_TOKEN_PROMPT, 2000L);
    chat.setAttribute(GenAiSpanContract.OI_TOKEN_COMPLETION, 300L);
    chat.setAttribute(GenAiSpanContract.OI_TOKEN_CACHE_READ, 1000L);
    chat.setAttribute(GenAiSpanContract.OI_TOKEN_CACHE_CREATION, 50L);
    chat.setAttribute(
        GenAiSpanContract.OI_INVOCATION_PARAMETERS, "{\"model\":\"gpt-4o\",\"stream\":true}");
    chat.end(t + 6_000 * MS, TimeUnit.NANOSECONDS);
    expect("gateway", "openai", "gpt-4o", 3000, 2000, 300, 1000, 50, 0, false, true, -1);

    Span embed = plain(tracer, inChain, t + 7_000 * MS);
    embed.setAttribute(GenAiSpanContract.OI_SPAN_KIND, "EMBEDDING");
    embed.setAttribute(GenAiSpanContract.OI_PROVIDER, "openai");
    embed.setAttribute(GenAiSpanContract.OI_MODEL_NAME, "text-embedding-3-small");
    embed.setAttribute(GenAiSpanContract.OI_TOKEN_PROMPT, 64L);
    embed.end(t + 7_100 * MS, TimeUnit.NANOSECONDS);
    expect("gateway", "openai", "text-embedding-3-small", 100, 64, 0, 0, 0, 0, false, false, -1);

    chain.end(t + 8_000 * MS, TimeUnit.NANOSECONDS);
  }

  /** Bad input: each corrected or dropped by its rule, never fatal. */
  private void badInput(Tracer tracer, long t) {
    Span strings = llm(tracer, Context.root(), t + 30_000 * MS);
    strings.setAttribute(GenAiSpanContract.PROVIDER_NAME, "openai");
    strings.setAttribute(GenAiSpanContract.RESPONSE_MODEL, "gpt-4o");
    strings.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, "42"); // read as 42
    strings.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, -5L); // ignored
    strings.end(t + 30_050 * MS, TimeUnit.NANOSECONDS);
    expect("bad", "openai", "gpt-4o", 50, 42, 0, 0, 0, 0, false, false, -1);

    Span odd = llm(tracer, Context.root(), t + 31_000 * MS);
    odd.setAttribute(GenAiSpanContract.PROVIDER_NAME, "openai");
    odd.setAttribute(GenAiSpanContract.RESPONSE_MODEL, "gpt-4o");
    odd.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, 10.6); // rounded to 11
    odd.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, 2_000_000_000L); // absurd: ignored
    odd.end(t + 31_060 * MS, TimeUnit.NANOSECONDS);
    expect("bad", "openai", "gpt-4o", 60, 11, 0, 0, 0, 0, false, false, -1);

    Span noModel = llm(tracer, Context.root(), t + 32_000 * MS);
    noModel.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, 7L);
    noModel.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, 3L);
    noModel.end(t + 32_070 * MS, TimeUnit.NANOSECONDS);
    expect("bad", "unknown", "unknown", 70, 7, 3, 0, 0, 0, false, false, -1);

    Span inverted = llm(tracer, Context.root(), t + 33_000 * MS);
    otel(inverted, "openai", "gpt-4o", "gpt-4o", 1, 1);
    inverted.end(t + 32_000 * MS, TimeUnit.NANOSECONDS); // rejected

    Span unknownKind = llm(tracer, Context.root(), t + 34_000 * MS);
    unknownKind.setAttribute(GenAiSpanContract.OPERATION_NAME, "dream"); // dropped
    unknownKind.end(t + 34_010 * MS, TimeUnit.NANOSECONDS);
  }

  /** A span without attributes started at {@code startNanos}. */
  private static Span plain(Tracer tracer, Context parent, long startNanos) {
    return tracer
        .spanBuilder("ChatCompletion")
        .setParent(parent)
        .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
        .startSpan();
  }

  /** A chat span started at {@code startNanos} (the caller sets its other attributes). */
  private static Span llm(Tracer tracer, Context parent, long startNanos) {
    Span span =
        tracer
            .spanBuilder("chat")
            .setParent(parent)
            .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
            .startSpan();
    span.setAttribute(GenAiSpanContract.OPERATION_NAME, "chat");
    return span;
  }

  private static void otel(
      Span span, String provider, String request, String response, long in, long out) {
    span.setAttribute(GenAiSpanContract.PROVIDER_NAME, provider);
    span.setAttribute(GenAiSpanContract.REQUEST_MODEL, request);
    span.setAttribute(GenAiSpanContract.RESPONSE_MODEL, response);
    span.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, in);
    span.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, out);
  }

  /** The spans as one serialized ExportTraceServiceRequest (what the Collector puts on Kafka). */
  private static byte[] serialized(Collection<SpanData> spans) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      TraceRequestMarshaler.create(spans).writeBinaryTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  // ---- expectation

  private void expect(
      String app,
      String provider,
      String model,
      long durationMs,
      long in,
      long out,
      long cacheRead,
      long cacheCreation,
      long reasoning,
      boolean error,
      boolean stream,
      long ttftMs) {
    expected.add(
        new Call(
            app,
            provider,
            model,
            durationMs,
            in,
            out,
            cacheRead,
            cacheCreation,
            reasoning,
            error,
            stream,
            ttftMs));
  }

  /** Document id (cell key) → store name → value, computed from the generated calls. */
  private Map<String, Map<String, Number>> expectedCells(long minute) {
    Map<String, List<Call>> groups = new TreeMap<>();
    for (Call c : expected) {
      groups
          .computeIfAbsent(
              key(
                  minute,
                  AppDimension.APPLICATION_MODEL,
                  c.app() + "|" + c.provider() + "|" + c.model()),
              k -> new ArrayList<>())
          .add(c);
      groups
          .computeIfAbsent(key(minute, AppDimension.PROVIDER, c.provider()), k -> new ArrayList<>())
          .add(c);
      groups
          .computeIfAbsent(
              key(minute, AppDimension.PROVIDER_MODEL, c.provider() + "|" + c.model()),
              k -> new ArrayList<>())
          .add(c);
    }
    Map<String, Map<String, Number>> cells = new TreeMap<>();
    groups.forEach((key, calls) -> cells.put(key, LlmCallValues.values(calls)));
    return cells;
  }

  private static String key(long minute, AppDimension dimension, String coordinates) {
    return minute + "|" + dimension + "|" + coordinates;
  }

  // ---- reading the store

  private static Map<String, JsonNode> awaitCells(int expected) throws Exception {
    return Await.value(
        Duration.ofSeconds(120),
        expected + " application cells in OpenSearch",
        AppCellsFromSpansITCase::storedCells,
        cells -> cells.size() >= expected);
  }

  private static void deleteStoredCells() throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(
                URI.create(
                    openSearch.httpUri() + "/" + AppCellStoreNames.DEFAULT_INDEX_PREFIX + "-*"))
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, JsonNode> storedCells() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        openSearch.httpUri()
                            + "/"
                            + AppCellStoreNames.DEFAULT_INDEX_PREFIX
                            + "-*/_search?size=200&ignore_unavailable=true&allow_no_indices=true"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, JsonNode> cells = new TreeMap<>();
    for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
      cells.put(hit.path("_id").asText(), hit.path("_source"));
    }
    return cells;
  }
}
