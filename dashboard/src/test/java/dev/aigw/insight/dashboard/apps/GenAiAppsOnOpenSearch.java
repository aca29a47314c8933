package dev.aigw.insight.dashboard.apps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.testing.AppSpanTraffic;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.genai.GenAiSpanContract;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;

/**
 * The GenAI apps tests' store: a real embedded OpenSearch that the real job filled from the real
 * OpenTelemetry SDK spans of {@link AppSpanTraffic} (every convention, bad input) plus one call of
 * an application and a model with hostile names, all in one minute. The test class registers the
 * MiniCluster; {@link #start} runs the job until every expected cell is stored, then stops it.
 * Expected values come from the generated calls ({@link AppSpanTraffic#values}), not the job.
 */
public final class GenAiAppsOnOpenSearch implements AutoCloseable {

  /** An application name that is HTML. */
  public static final String HOSTILE_APP = "<img src=x onerror=alert(1)>";

  /** A model name that is HTML. */
  public static final String HOSTILE_MODEL = "<script>alert(2)</script>";

  private static final long MS = WholeJobOnOpenSearch.MS;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmbeddedOpenSearch openSearch;
  private final AppSpanTraffic traffic;
  private final long minute;

  private GenAiAppsOnOpenSearch(
      EmbeddedOpenSearch openSearch, AppSpanTraffic traffic, long minute) {
    this.openSearch = openSearch;
    this.traffic = traffic;
    this.minute = minute;
  }

  /** Starts OpenSearch in {@code home}, runs the job over the traffic, returns once stored. */
  public static GenAiAppsOnOpenSearch start(Path home, Path checkpoints) throws Exception {
    EmbeddedOpenSearch openSearch =
        EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    AppSpanTraffic traffic = new AppSpanTraffic();
    int port = FreePort.range(1);
    WholeJobOnOpenSearch whole = new WholeJobOnOpenSearch(openSearch);
    JobClient job = whole.start(whole.configuration(port, checkpoints), port, "genai-apps");
    long minute;
    try {
      minute = WholeJobOnOpenSearch.lastMinuteEndMs() - 60_000;
      String endpoint = "http://127.0.0.1:" + port;
      long t = minute * MS;
      traffic.sendTraffic(minute, (service, calls) -> send(endpoint, service, calls));
      send(
          endpoint,
          HOSTILE_APP,
          tracer -> {
            Span call = AppSpanTraffic.llm(tracer, Context.root(), t + 40_000 * MS);
            AppSpanTraffic.otel(call, "openai", HOSTILE_MODEL, HOSTILE_MODEL, 10, 5);
            call.setAttribute(GenAiSpanContract.REQUEST_STREAM, true);
            call.end(t + 40_500 * MS, TimeUnit.NANOSECONDS);
          });
      traffic.expect(HOSTILE_APP, "openai", HOSTILE_MODEL, 500, 10, 5, 0, 0, 0, false, true, -1);
      int cells = traffic.expectedCells(minute).size();
      Await.value(
          Duration.ofSeconds(120),
          cells + " application cells in OpenSearch",
          () -> storedCells(openSearch),
          stored -> stored >= cells);
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
    return new GenAiAppsOnOpenSearch(openSearch, traffic, minute);
  }

  private static void send(
      String endpoint,
      String service,
      java.util.function.Consumer<io.opentelemetry.api.trace.Tracer> calls) {
    OtlpGrpcSpanExporter otlp = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build();
    try {
      AppSpanTraffic.export(service, otlp, calls);
    } finally {
      otlp.shutdown().join(30, TimeUnit.SECONDS);
    }
  }

  private static long storedCells(EmbeddedOpenSearch openSearch) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            openSearch.httpUri()
                                + "/"
                                + AppCellStoreNames.DEFAULT_INDEX_PREFIX
                                + "-*/_count?ignore_unavailable=true&allow_no_indices=true"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).path("count").asLong();
  }

  /** The node's HTTP address. */
  public URI httpUri() {
    return openSearch.httpUri();
  }

  /** The minute every call ended in. */
  public long minute() {
    return minute;
  }

  /** The calls sent (those the cells count). */
  public List<AppSpanTraffic.Call> calls() {
    return traffic.expected;
  }

  /** The calls of a selection. */
  public List<AppSpanTraffic.Call> calls(Predicate<AppSpanTraffic.Call> which) {
    return traffic.expected.stream().filter(which).toList();
  }

  /** The values the calls imply for one cell holding all of them (sums, averages, percentiles). */
  public static Map<String, Number> values(List<AppSpanTraffic.Call> calls) {
    return AppSpanTraffic.values(calls);
  }

  /**
   * The highest value of each percentile among the cells of {@code dimension} holding the given
   * calls (one cell per coordinate tuple of the dimension).
   */
  public static Map<String, Double> highest(
      List<AppSpanTraffic.Call> calls, AppDimension dimension) {
    Map<String, List<AppSpanTraffic.Call>> cells = new LinkedHashMap<>();
    for (AppSpanTraffic.Call c : calls) {
      String key =
          switch (dimension) {
            case APPLICATION_MODEL -> c.app() + "|" + c.provider() + "|" + c.model();
            case PROVIDER -> c.provider();
            case PROVIDER_MODEL -> c.provider() + "|" + c.model();
          };
      cells.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
    }
    Map<String, Double> highest = new LinkedHashMap<>();
    for (List<AppSpanTraffic.Call> cell : cells.values()) {
      Map<String, Number> v = AppSpanTraffic.values(cell);
      for (AppCellField f :
          new AppCellField[] {
            AppCellField.LATENCY_P50_MS,
            AppCellField.LATENCY_P75_MS,
            AppCellField.LATENCY_P90_MS,
            AppCellField.LATENCY_P95_MS,
            AppCellField.LATENCY_P99_MS,
            AppCellField.TTFT_P50_MS,
            AppCellField.TTFT_P75_MS,
            AppCellField.TTFT_P90_MS,
            AppCellField.TTFT_P95_MS,
            AppCellField.TTFT_P99_MS
          }) {
        highest.merge(f.storeName(), v.get(f.storeName()).doubleValue(), Math::max);
      }
    }
    return highest;
  }

  @Override
  public void close() throws Exception {
    openSearch.close();
  }
}
