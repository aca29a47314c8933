package dev.aigw.insight.job.spans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.testing.AppSpanTraffic;
import dev.aigw.insight.job.testing.AppSpanTraffic.Call;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.genai.GenAiSpanContract;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * Attribution of the LLM calls from spans through the whole job: the real OpenTelemetry SDK tracer
 * sends GenAI spans of three teams and spans without a team (the team on the span, or on the
 * application's resource, the span's winning) over OTLP/gRPC, with an API key (secret) and a flood
 * of distinct session ids. Every value of every application attribution cell in OpenSearch equals
 * what the calls imply; per attribute, the cells of all values add up to the application cells;
 * keys are stored only as their keyed hash; sessions beyond the cap are folded into {@code other}.
 */
class AppAttributionFromSpansITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MS = 1_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String KEY = "span-attribution-it-key-0123456789";
  private static final String TEAM = "team.id";
  private static final String API_KEY = "api.key";
  private static final String SESSION = "session.id";
  private static final List<String> ATTRIBUTES = List.of(TEAM, API_KEY, SESSION);

  /** The cap of distinct values per (application, attribute): the three teams fit exactly. */
  private static final int MAX_VALUES = 3;

  private static final int FLOOD = 30;

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;

  /** Each generated call with its attribution values as the job must store them. */
  private final List<Sent> sent = new ArrayList<>();

  private record Sent(Call call, Map<String, String> values) {}

  @BeforeAll
  static void startOpenSearch() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
  }

  @AfterAll
  static void stopOpenSearch() throws Exception {
    openSearch.close();
  }

  @Test
  void perTeamCellsFromSpansAreExactAndAddUpToTheApplicationCells(@TempDir Path dir)
      throws Exception {
    Path keyFile = dir.resolve("attribution-key");
    Files.writeString(keyFile, KEY + "\n");
    int port = FreePort.range(1);
    WholeJobOnOpenSearch wholeJob = new WholeJobOnOpenSearch(openSearch);
    Configuration conf = wholeJob.configuration(port, dir.resolve("checkpoints"));
    conf.setString("attribution.attributes", String.join(",", ATTRIBUTES));
    conf.setString("attribution.secret-attributes", API_KEY);
    conf.setString("attribution.hmac-secret-file", keyFile.toString());
    conf.setString("attribution.max-values-per-attribute", Integer.toString(MAX_VALUES));
    JobClient job = wholeJob.start(conf, port, "app-attribution-from-spans");
    try {
      long minute = WholeJobOnOpenSearch.lastMinuteEndMs() - 60_000;
      long t = minute * MS;
      String endpoint = "http://127.0.0.1:" + port;
      send(endpoint, resource("shop", null), tracer -> shop(tracer, t));
      send(endpoint, resource("support", "blue"), tracer -> support(tracer, t));
      send(endpoint, resource("batch", null), tracer -> batch(tracer, t));

      Map<String, JsonNode> appCells = new TreeMap<>();
      int expectedAppCells =
          (int)
              sent.stream()
                  .map(s -> s.call.app() + s.call.provider() + s.call.model())
                  .distinct()
                  .count();
      Map<String, JsonNode> stored =
          Await.value(
              Duration.ofSeconds(120),
              "application attribution cells in OpenSearch",
              () -> {
                appCells.clear();
                appCells.putAll(search(AppCellStoreNames.DEFAULT_INDEX_PREFIX));
                return search(AppAttributionStoreNames.DEFAULT_INDEX_PREFIX);
              },
              found ->
                  found.size() >= expectedCellCount(found) && appCells.size() >= expectedAppCells);

      // the flood: which sessions got the slots depends on arrival order; the rest is other
      Map<String, Set<String>> admitted = new HashMap<>();
      for (JsonNode doc : stored.values()) {
        String value = doc.path(AppAttributionStoreNames.VALUE).asText();
        if (doc.path(AppAttributionStoreNames.ATTRIBUTE).asText().equals(SESSION)
            && !value.equals("none")
            && !value.equals("other")) {
          admitted
              .computeIfAbsent(doc.path("application").asText(), k -> new HashSet<>())
              .add(value);
        }
      }
      assertThat(admitted.get("batch")).hasSize(MAX_VALUES);

      Map<String, Map<String, Number>> want = expectedCells(minute, admitted);
      assertThat(stored.keySet()).isEqualTo(want.keySet());
      for (Map.Entry<String, Map<String, Number>> cell : want.entrySet()) {
        assertValues(cell.getKey(), stored.get(cell.getKey()), cell.getValue());
      }
      assertThat(stored.values())
          .as("no raw API key is stored")
          .noneMatch(doc -> doc.path(AppAttributionStoreNames.VALUE).asText().startsWith("sk-"));
      assertThat(stored.values())
          .as("the flood folded into other")
          .anyMatch(
              doc ->
                  doc.path(AppAttributionStoreNames.VALUE).asText().equals("other")
                      && doc.path(AppCellField.CALLS.storeName()).asLong() == FLOOD - MAX_VALUES);
      assertSumsEqualApplicationCells(stored, appCells);
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
  }

  // ---- traffic

  /** Red and green teams on the spans, and calls without a team. */
  private void shop(Tracer tracer, long t) {
    call(
        tracer,
        "shop",
        t + 1_000 * MS,
        "openai",
        "gpt-4o",
        800,
        1000,
        200,
        false,
        250,
        "red",
        s -> s.setAttribute(GenAiSpanContract.USAGE_CACHE_READ_INPUT_TOKENS, 400L),
        400,
        0);
    call(
        tracer,
        "shop",
        t + 3_000 * MS,
        "anthropic",
        "claude-sonnet-4-5",
        1200,
        4000,
        512,
        true,
        -1,
        "red",
        null,
        0,
        0);
    call(
        tracer,
        "shop",
        t + 5_000 * MS,
        "openai",
        "gpt-4o",
        600,
        500,
        100,
        false,
        -1,
        "green",
        null,
        0,
        0);
    call(
        tracer,
        "shop",
        t + 7_000 * MS,
        "openai",
        "gpt-4o-mini",
        400,
        100,
        10,
        false,
        100,
        "green",
        null,
        0,
        0);
    call(
        tracer,
        "shop",
        t + 9_000 * MS,
        "openai",
        "gpt-4o",
        2000,
        300,
        50,
        false,
        -1,
        null,
        s -> s.setAttribute(GenAiSpanContract.USAGE_REASONING_OUTPUT_TOKENS, 20L),
        0,
        20);
  }

  /** The resource names team blue (and its key); one span says red, which wins. */
  private void support(Tracer tracer, long t) {
    call(
        tracer,
        "support",
        t + 2_000 * MS,
        "anthropic",
        "claude-sonnet-4-5",
        3000,
        2000,
        300,
        false,
        300,
        null,
        null,
        0,
        0);
    call(
        tracer,
        "support",
        t + 4_000 * MS,
        "openai",
        "gpt-4o",
        100,
        64,
        0,
        false,
        -1,
        null,
        null,
        0,
        0);
    call(
        tracer,
        "support",
        t + 6_000 * MS,
        "openai",
        "gpt-4o",
        50,
        10,
        5,
        true,
        -1,
        "red",
        null,
        0,
        0);
  }

  /** No team; a flood of distinct session ids: the first {@value #MAX_VALUES} keep their name. */
  private void batch(Tracer tracer, long t) {
    for (int i = 0; i < FLOOD; i++) {
      call(
          tracer,
          "batch",
          t + (10_000 + 500L * i) * MS,
          "openai",
          i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini",
          70 + i,
          42 + i,
          7,
          false,
          -1,
          null,
          null,
          0,
          0);
    }
  }

  /**
   * One chat span by the current GenAI names, expected as a call: the team (null: none on the span)
   * with its API key {@code sk-<team>} on the span; {@code batch} calls carry a session id.
   */
  private void call(
      Tracer tracer,
      String app,
      long startNanos,
      String provider,
      String model,
      long durationMs,
      long in,
      long out,
      boolean error,
      long ttftMs,
      String team,
      Consumer<Span> more,
      long cacheRead,
      long reasoning) {
    Span span =
        tracer
            .spanBuilder("chat " + model)
            .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
            .startSpan();
    span.setAttribute(GenAiSpanContract.OPERATION_NAME, "chat");
    span.setAttribute(GenAiSpanContract.PROVIDER_NAME, provider);
    span.setAttribute(GenAiSpanContract.RESPONSE_MODEL, model);
    span.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, in);
    span.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, out);
    if (ttftMs >= 0) {
      span.setAttribute(GenAiSpanContract.REQUEST_STREAM, true);
      span.setAttribute(GenAiSpanContract.RESPONSE_TIME_TO_FIRST_CHUNK, ttftMs / 1000.0);
    }
    if (error) {
      span.setAttribute(GenAiSpanContract.ERROR_TYPE, "500");
      span.setStatus(StatusCode.ERROR);
    }
    if (team != null) {
      span.setAttribute(TEAM, team);
      span.setAttribute(API_KEY, "sk-" + team);
    }
    String session = app.equals("batch") ? "session-" + sent.size() : null;
    if (session != null) {
      span.setAttribute(SESSION, session);
    }
    if (more != null) {
      more.accept(span);
    }
    span.end(startNanos + durationMs * MS, TimeUnit.NANOSECONDS);

    String resourceTeam = app.equals("support") ? "blue" : null;
    String effective = team != null ? team : resourceTeam;
    Map<String, String> values = new LinkedHashMap<>();
    values.put(TEAM, effective == null ? "none" : effective);
    values.put(API_KEY, effective == null ? "none" : hmac("sk-" + effective));
    values.put(SESSION, session == null ? "none" : session);
    sent.add(
        new Sent(
            new Call(
                app,
                provider,
                model,
                durationMs,
                in,
                out,
                cacheRead,
                0,
                reasoning,
                error,
                ttftMs >= 0,
                ttftMs),
            values));
  }

  private static Attributes resource(String app, String team) {
    AttributesBuilder b = Attributes.builder().put("service.name", app);
    if (team != null) {
      b.put(TEAM, team).put(API_KEY, "sk-" + team);
    }
    return b.build();
  }

  private static void send(String endpoint, Attributes resource, Consumer<Tracer> traffic) {
    OtlpGrpcSpanExporter otlp = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build();
    AppSpanTraffic.export(resource, otlp, traffic);
    otlp.shutdown().join(30, TimeUnit.SECONDS);
  }

  // ---- expectation

  /** Cell count the traffic implies (the admitted sessions are read from the store first). */
  private int expectedCellCount(Map<String, JsonNode> found) {
    Map<String, Set<String>> admitted = new HashMap<>();
    for (JsonNode doc : found.values()) {
      String value = doc.path(AppAttributionStoreNames.VALUE).asText();
      if (doc.path(AppAttributionStoreNames.ATTRIBUTE).asText().equals(SESSION)
          && !value.equals("none")
          && !value.equals("other")) {
        admitted.computeIfAbsent(doc.path("application").asText(), k -> new HashSet<>()).add(value);
      }
    }
    return expectedCells(0, admitted).size();
  }

  /** Document id → store name → value, from the sent calls. */
  private Map<String, Map<String, Number>> expectedCells(
      long minute, Map<String, Set<String>> admittedSessions) {
    Map<String, List<Call>> groups = new TreeMap<>();
    for (Sent s : sent) {
      Call c = s.call;
      for (String attribute : ATTRIBUTES) {
        String value = s.values.get(attribute);
        if (attribute.equals(SESSION)
            && !value.equals("none")
            && !admittedSessions.getOrDefault(c.app(), Set.of()).contains(value)) {
          value = "other";
        }
        String tail = "|" + attribute + "|" + value;
        groups
            .computeIfAbsent(minute + "|APPLICATION|" + c.app() + tail, k -> new ArrayList<>())
            .add(c);
        groups
            .computeIfAbsent(
                minute
                    + "|APPLICATION_MODEL|"
                    + c.app()
                    + "|"
                    + c.provider()
                    + "|"
                    + c.model()
                    + tail,
                k -> new ArrayList<>())
            .add(c);
      }
    }
    Map<String, Map<String, Number>> cells = new TreeMap<>();
    groups.forEach((key, calls) -> cells.put(key, AppSpanTraffic.values(calls)));
    return cells;
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

  /**
   * Per attribute, the per-value cells add up to the application cells in every integer value:
   * per-model cells to the (application, provider, model) cells, whole-application cells to the sum
   * of an application's cells.
   */
  private static void assertSumsEqualApplicationCells(
      Map<String, JsonNode> stored, Map<String, JsonNode> appCells) {
    List<AppCellField> additive =
        Arrays.stream(AppCellField.values())
            .filter(f -> f.type() == AppCellField.Type.INTEGER)
            .toList();
    Map<String, long[]> app = new TreeMap<>();
    for (JsonNode doc : appCells.values()) {
      if (!doc.path("dimension").asText().equals("APPLICATION_MODEL")) {
        continue;
      }
      String a = doc.path("application").asText();
      String pm = a + "|" + doc.path("provider").asText() + "|" + doc.path("model").asText();
      add(app.computeIfAbsent(pm, k -> new long[additive.size()]), doc, additive);
      add(app.computeIfAbsent(a, k -> new long[additive.size()]), doc, additive);
    }
    for (String attribute : ATTRIBUTES) {
      Map<String, long[]> sums = new TreeMap<>();
      for (JsonNode doc : stored.values()) {
        if (!doc.path(AppAttributionStoreNames.ATTRIBUTE).asText().equals(attribute)) {
          continue;
        }
        String a = doc.path("application").asText();
        String key =
            doc.path("dimension").asText().equals(AppAttributionStoreNames.APPLICATION)
                ? a
                : a + "|" + doc.path("provider").asText() + "|" + doc.path("model").asText();
        add(sums.computeIfAbsent(key, k -> new long[additive.size()]), doc, additive);
      }
      assertThat(sums.keySet()).as(attribute).isEqualTo(app.keySet());
      for (Map.Entry<String, long[]> e : app.entrySet()) {
        for (int i = 0; i < additive.size(); i++) {
          assertThat(sums.get(e.getKey())[i])
              .as("%s %s of %s", attribute, additive.get(i).storeName(), e.getKey())
              .isEqualTo(e.getValue()[i]);
        }
      }
    }
  }

  private static void add(long[] sums, JsonNode doc, List<AppCellField> fields) {
    for (int i = 0; i < fields.size(); i++) {
      sums[i] += doc.path(fields.get(i).storeName()).asLong();
    }
  }

  private static String hmac(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- reading the store

  private static Map<String, JsonNode> search(String prefix) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        openSearch.httpUri()
                            + "/"
                            + prefix
                            + "-*/_search?size=1000&ignore_unavailable=true&allow_no_indices=true"))
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
