package dev.aigw.insight.job.spans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.GenAiInsightJob;
import dev.aigw.insight.job.testing.AppSpanTraffic;
import dev.aigw.insight.job.testing.AppSpanTraffic.Call;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.genai.GenAiSpanContract;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Turning attribution on for the span path is an upgrade: a savepoint of the job without
 * attribution (main's program: span deduplication, guard and an open application-cell window)
 * restores into the job with it. The open minute continues (its application cells hold the calls
 * before and after the savepoint), and the new attribution operators start empty: the attribution
 * cells of that minute hold the calls after the restore, by team.
 */
class AppAttributionUpgradeITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MS = 1_000_000L;
  private static final long M_MS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE_2_MS = M_MS + 120_000;
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
  void aSavepointWithoutAttributionRestoresIntoTheJobWithIt(@TempDir Path dir) throws Exception {
    List<Call> before = new ArrayList<>();
    List<Call> redAfter = new ArrayList<>();
    List<Call> noneAfter = new ArrayList<>();

    int port = FreePort.range(1);
    Configuration conf = configuration(port, dir.resolve("checkpoints-1"));
    JobClient first = start(conf, port, "spans-without-attribution");
    String savepoint;
    try {
      send(port, tracer -> chat(tracer, 121, 400, 1000, 200, "red", before));
      send(port, tracer -> chat(tracer, 124, 600, 500, 100, null, before));
      // on-checkpoint acknowledgement: both answered exports are in the savepoint's state
      savepoint =
          first
              .stopWithSavepoint(
                  false,
                  dir.resolve("savepoints").toUri().toString(),
                  SavepointFormatType.CANONICAL)
              .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      WholeJobOnOpenSearch.stop(first);
      throw e;
    }

    int port2 = FreePort.range(1);
    Configuration upgraded = configuration(port2, dir.resolve("checkpoints-2"));
    upgraded.setString("attribution.attributes", "team.id");
    upgraded.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    JobClient second = start(upgraded, port2, "spans-with-attribution");
    try {
      send(port2, tracer -> chat(tracer, 135, 800, 300, 50, "red", redAfter));
      send(port2, tracer -> chat(tracer, 140, 200, 100, 10, null, noneAfter));
      // a later span moves the watermark past minute 2
      send(port2, tracer -> chat(tracer, 250, 100, 1, 1, null, new ArrayList<>()));

      List<Call> all = new ArrayList<>(before);
      all.addAll(redAfter);
      all.addAll(noneAfter);
      String app = MINUTE_2_MS + "|APPLICATION_MODEL|shop|openai|gpt-4o";
      Map<String, JsonNode> appCells =
          Await.value(
              Duration.ofSeconds(120),
              "the application cell of minute 2",
              () -> search(AppCellStoreNames.DEFAULT_INDEX_PREFIX),
              found -> found.containsKey(app) && found.get(app).path("calls").asLong() == 4);
      assertValues(app, appCells.get(app), AppSpanTraffic.values(all));

      String red = MINUTE_2_MS + "|APPLICATION|shop|team.id|red";
      String none = MINUTE_2_MS + "|APPLICATION|shop|team.id|none";
      Map<String, JsonNode> byTeam =
          Await.value(
              Duration.ofSeconds(60),
              "the attribution cells of minute 2",
              () -> search(AppAttributionStoreNames.DEFAULT_INDEX_PREFIX),
              found -> found.containsKey(red) && found.containsKey(none));
      assertValues(red, byTeam.get(red), AppSpanTraffic.values(redAfter));
      assertValues(none, byTeam.get(none), AppSpanTraffic.values(noneAfter));
      assertThat(byTeam.keySet().stream().filter(k -> k.startsWith(MINUTE_2_MS + "|")).toList())
          .containsExactlyInAnyOrder(
              none,
              red,
              MINUTE_2_MS + "|APPLICATION_MODEL|shop|openai|gpt-4o|team.id|none",
              MINUTE_2_MS + "|APPLICATION_MODEL|shop|openai|gpt-4o|team.id|red");
    } finally {
      WholeJobOnOpenSearch.stop(second);
    }
  }

  /** A chat span of gpt-4o ending at {@code endSecond} after the test's epoch. */
  private static void chat(
      Tracer tracer,
      int endSecond,
      long durationMs,
      long in,
      long out,
      String team,
      List<Call> to) {
    long end = (M_MS + endSecond * 1000L) * MS;
    Span span =
        tracer
            .spanBuilder("chat gpt-4o")
            .setStartTimestamp(end - durationMs * MS, TimeUnit.NANOSECONDS)
            .startSpan();
    span.setAttribute(GenAiSpanContract.OPERATION_NAME, "chat");
    span.setAttribute(GenAiSpanContract.PROVIDER_NAME, "openai");
    span.setAttribute(GenAiSpanContract.RESPONSE_MODEL, "gpt-4o");
    span.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, in);
    span.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, out);
    if (team != null) {
      span.setAttribute("team.id", team);
    }
    span.end(end, TimeUnit.NANOSECONDS);
    to.add(new Call("shop", "openai", "gpt-4o", durationMs, in, out, 0, 0, 0, false, false, -1));
  }

  private static void send(int port, Consumer<Tracer> traffic) {
    OtlpGrpcSpanExporter otlp =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port)
            .setTimeout(Duration.ofSeconds(30))
            .build();
    AppSpanTraffic.export("shop", otlp, traffic);
    otlp.shutdown().join(30, TimeUnit.SECONDS);
  }

  /** Both runs: exports acknowledged on checkpoint, minute windows held open across the restart. */
  private static Configuration configuration(int port, Path checkpoints) {
    Configuration conf = new WholeJobOnOpenSearch(openSearch).configuration(port, checkpoints);
    conf.setString("otlp.receiver.ack-mode", "on-checkpoint");
    conf.setString("execution.checkpointing.interval", "500 ms");
    conf.setString("analysis.watermark.idle-timeout", "30 s");
    return conf;
  }

  /**
   * Starts the job on a clock just after the traffic's minutes (advancing in real time), so the
   * fixed event times of 2026-01-01 are accepted and the open minute survives the restart.
   */
  private static JobClient start(Configuration conf, int port, String name) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    GenAiInsightJob.build(env, conf, JobClock.startingAt(M_MS + 5 * 60_000));
    JobClient job = env.executeAsync(name);
    WholeJobOnOpenSearch.awaitReceiver(port);
    return job;
  }

  private static void assertValues(String id, JsonNode doc, Map<String, Number> want) {
    assertThat(doc).as(id).isNotNull();
    for (Map.Entry<String, Number> value : want.entrySet()) {
      JsonNode stored = doc.path(value.getKey());
      String what = id + " " + value.getKey();
      if (value.getValue() instanceof Long) {
        assertThat(stored.asLong()).as(what).isEqualTo(value.getValue().longValue());
      } else {
        double v = value.getValue().doubleValue();
        assertThat(stored.asDouble()).as(what).isCloseTo(v, within(1e-9 * Math.max(1, v)));
      }
    }
  }

  private static Map<String, JsonNode> search(String prefix) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        openSearch.httpUri()
                            + "/"
                            + prefix
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
