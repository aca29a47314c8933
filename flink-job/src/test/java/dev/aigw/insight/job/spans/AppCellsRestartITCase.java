package dev.aigw.insight.job.spans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.GenAiInsightJob;
import dev.aigw.insight.job.testing.AppSpanTraffic;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash in the middle of a minute, and the restart from the last checkpoint, as the span path
 * sees it with the receiver's durable acknowledgement ({@code on-checkpoint}): the real OTel SDK
 * exporter sends each application's spans over gRPC; two exports are answered once a checkpoint
 * covers them; a third reaches the job, is not covered by a checkpoint and so is not answered when
 * the job dies (cancelled, its checkpoint retained). The job restarts from that checkpoint; the
 * client re-sends the unanswered export, re-sends an answered one (a lost answer: the exporter
 * cannot tell), and more spans arrive. Every application cell of the minute, in all three
 * dimensions, equals what the calls imply exactly: the restored window state keeps the checkpointed
 * calls, the restored deduplication state drops the re-sent answered export, and the unanswered
 * export counts once.
 */
class AppCellsRestartITCase {

  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  private static final long MS = 1_000_000L;
  private static final long M_MS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE_2_MS = M_MS + 120_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;

  @BeforeAll
  static void startOpenSearch() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
  }

  @AfterAll
  static void stopOpenSearch() throws Exception {
    openSearch.close();
  }

  @Test
  void aRestartFromACheckpointLosesAndDoublesNoCall(
      @TempDir Path dir, @InjectClusterClient ClusterClient<?> client) throws Exception {
    // every application's export of minute 2, recorded once: the same spans are sent and re-sent
    AppSpanTraffic traffic = new AppSpanTraffic();
    Map<String, Collection<SpanData>> exports = new LinkedHashMap<>();
    traffic.sendTraffic(
        MINUTE_2_MS,
        (service, calls) ->
            exports.put(
                service, AppSpanTraffic.export(service, new AppSpanTraffic.NoExporter(), calls)));

    // Run 1: no periodic checkpoint; the test decides which exports a checkpoint covers.
    Path checkpoints = dir.resolve("checkpoints");
    int port = FreePort.range(1);
    Configuration conf = configuration(port, checkpoints, "1 h");
    JobClient first = start(conf, port, "spans-before-crash");
    JobID firstId = first.getJobID();
    long checkpointId;
    CompletableResultCode unanswered;
    OtlpGrpcSpanExporter firstClient = exporter(port);
    try {
      CompletableResultCode shop = firstClient.export(exports.get("shop"));
      CompletableResultCode legacy = firstClient.export(exports.get("legacy"));
      // a checkpoint answers only what its barrier follows: trigger until both are answered
      checkpointId =
          Await.value(
              TIMEOUT,
              "both exports answered by a checkpoint",
              () ->
                  client.triggerCheckpoint(firstId, CheckpointType.FULL).get(60, TimeUnit.SECONDS),
              completed -> shop.isDone() && legacy.isDone());
      assertThat(shop.isSuccess()).as("shop export answered").isTrue();
      assertThat(legacy.isSuccess()).as("legacy export answered").isTrue();

      // decoded by the job, in its window state, but after the last checkpoint: not answered
      long decodedBefore = llmCalls(firstId);
      unanswered = firstClient.export(exports.get("gateway"));
      Await.until(
          TIMEOUT, "the gateway export decoded", () -> llmCalls(firstId) == decodedBefore + 2);
      assertThat(unanswered.isDone()).as("no checkpoint covers the gateway export").isFalse();
    } finally {
      // the crash: the job dies with its retained checkpoint as the only trace of run 1
      WholeJobOnOpenSearch.stop(first);
    }
    Await.until(TIMEOUT, "the client to see the failed export", unanswered::isDone);
    assertThat(unanswered.isSuccess()).as("the unanswered export failed").isFalse();
    firstClient.shutdown().join(30, TimeUnit.SECONDS);
    Path checkpoint = checkpoints.resolve(firstId.toHexString()).resolve("chk-" + checkpointId);
    assertThat(checkpoint.resolve("_metadata")).exists();
    assertThat(openSearchCells(MINUTE_2_MS)).as("minute 2 still open at the crash").isEmpty();

    // Run 2: restored from the checkpoint, periodic checkpoints answer the exports again.
    int port2 = FreePort.range(1);
    Configuration restarted = configuration(port2, dir.resolve("checkpoints-2"), "500 ms");
    restarted.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
    JobClient second = start(restarted, port2, "spans-after-restart");
    OtlpGrpcSpanExporter secondClient = exporter(port2);
    try {
      // the client re-sends what was not answered, and an answered export whose answer it lost
      assertAnswered(secondClient, exports.get("gateway"), "re-sent gateway export");
      assertAnswered(secondClient, exports.get("shop"), "re-sent shop export");
      // more spans arrive after the restart
      assertAnswered(secondClient, exports.get("bad"), "bad export");
      // a span of minute 4 moves the watermark past minute 2
      assertAnswered(
          secondClient,
          AppSpanTraffic.export("later", new AppSpanTraffic.NoExporter(), this::minute4Call),
          "later export");

      Map<String, Map<String, Number>> want = traffic.expectedCells(MINUTE_2_MS);
      Map<String, JsonNode> got =
          Await.value(
              TIMEOUT,
              want.size() + " application cells of minute 2",
              () -> openSearchCells(MINUTE_2_MS),
              found -> found.size() >= want.size());
      assertThat(got.keySet()).isEqualTo(want.keySet());
      for (Map.Entry<String, Map<String, Number>> cell : want.entrySet()) {
        assertValues(cell.getKey(), got.get(cell.getKey()), cell.getValue());
      }
    } finally {
      secondClient.shutdown().join(30, TimeUnit.SECONDS);
      WholeJobOnOpenSearch.stop(second);
    }
  }

  /** One chat call of a fourth application at 4:10 (not asserted: it only closes minute 2). */
  private void minute4Call(Tracer tracer) {
    long end = (M_MS + 250_000) * MS;
    Span span = AppSpanTraffic.llm(tracer, Context.root(), end - 100 * MS);
    AppSpanTraffic.otel(span, "openai", "gpt-4o", "gpt-4o", 1, 1);
    span.end(end, TimeUnit.NANOSECONDS);
  }

  /** Sends {@code spans} and waits for the job's (on-checkpoint) answer, which must be success. */
  private static void assertAnswered(
      OtlpGrpcSpanExporter otlp, Collection<SpanData> spans, String what) {
    CompletableResultCode result = otlp.export(spans).join(60, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).as(what).isTrue();
  }

  /** The real SDK exporter, without its own retries: this test decides what is re-sent. */
  private static OtlpGrpcSpanExporter exporter(int port) {
    return OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + port)
        .setTimeout(Duration.ofSeconds(60))
        .setRetryPolicy(null)
        .build();
  }

  /**
   * Both runs: exports answered on checkpoint, the checkpoint kept when the job is cancelled (the
   * crash), minute windows held open across the restart (no idle advance while the job is down).
   */
  private static Configuration configuration(int port, Path checkpoints, String interval)
      throws Exception {
    Files.createDirectories(checkpoints);
    Configuration conf = new WholeJobOnOpenSearch(openSearch).configuration(port, checkpoints);
    conf.setString("otlp.receiver.ack-mode", "on-checkpoint");
    conf.setString("execution.checkpointing.interval", interval);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.setString("analysis.watermark.idle-timeout", "10 min");
    return conf;
  }

  /**
   * Starts the job on a clock just after the traffic's minutes (advancing in real time), so the
   * fixed event times of 2026-01-01 are accepted.
   */
  private static JobClient start(Configuration conf, int port, String name) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    GenAiInsightJob.build(env, conf, JobClock.startingAt(M_MS + 5 * 60_000));
    JobClient job = env.executeAsync(name);
    WholeJobOnOpenSearch.awaitReceiver(port);
    return job;
  }

  /** The LLM calls the decoder passed on in {@code job} so far. */
  private static long llmCalls(JobID job) {
    long sum = 0;
    for (Map.Entry<String, Metric> metric :
        REPORTER.findMetrics(job, "genaiSpansLlmCalls").entrySet()) {
      if (metric.getKey().endsWith(".genaiSpansLlmCalls")
          && metric.getValue() instanceof Counter c) {
        sum += c.getCount();
      }
    }
    return sum;
  }

  private static void assertValues(String id, JsonNode doc, Map<String, Number> want) {
    assertThat(doc).as(id).isNotNull();
    for (Map.Entry<String, Number> value : want.entrySet()) {
      JsonNode stored = doc.path(value.getKey());
      String what = id + " " + value.getKey();
      if (value.getValue() instanceof Long) {
        assertThat(stored.isIntegralNumber()).as(what + " is an integer").isTrue();
        assertThat(stored.asLong()).as(what).isEqualTo(value.getValue().longValue());
      } else {
        double v = value.getValue().doubleValue();
        assertThat(stored.asDouble()).as(what).isCloseTo(v, within(1e-9 * Math.max(1, v)));
      }
    }
  }

  /** The stored application cells of the minute starting at {@code minuteMs}, by document id. */
  private static Map<String, JsonNode> openSearchCells(long minuteMs) throws Exception {
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
      String id = hit.path("_id").asText();
      if (id.startsWith(minuteMs + "|")) {
        cells.put(id, hit.path("_source"));
      }
    }
    return cells;
  }
}
