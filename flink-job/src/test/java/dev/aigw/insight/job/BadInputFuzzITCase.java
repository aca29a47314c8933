package dev.aigw.insight.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.CellAssertions;
import dev.aigw.insight.job.testing.Expectation;
import dev.aigw.insight.job.testing.ExpectedCell;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.HostileRequests;
import dev.aigw.insight.job.testing.OpenSearchCells;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.source.otlp.testing.RawOtlpClient;
import dev.aigw.insight.testing.Await;
import io.grpc.Status;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input must never stop the job, move event time or lose anyone's data (issue 13). The whole
 * job runs as {@link GenAiInsightJob#build} wires it, with the real OTLP/gRPC receiver and a real
 * in-process OpenSearch; while gateways simulated with the OpenTelemetry SDK send legitimate
 * traffic, other clients send random bytes, truncated and bit-flipped requests and well-formed
 * requests with hostile values. Every request must be answered, the job must never restart, and the
 * legitimate gateways' cells must be exactly what their traffic implies.
 *
 * <p>The fuzz is seeded ({@code -Daigw.fuzz.seed=N} replays a run); the seed is printed.
 */
class BadInputFuzzITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long SEED = Long.getLong("aigw.fuzz.seed", 20261204L);
  private static final int RANDOM_REQUESTS = 300;
  private static final long MS = 1_000_000L;
  private static final long MINUTE_MS = 60_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;
  private static WholeJobOnOpenSearch wholeJob;

  @BeforeAll
  static void startOpenSearch() throws Exception {
    openSearch = EmbeddedOpenSearch.builder().homeDirectory(home).httpPort(0).start();
    wholeJob = new WholeJobOnOpenSearch(openSearch);
  }

  @AfterAll
  static void stopOpenSearch() throws Exception {
    openSearch.close();
  }

  @Test
  void fuzzedAndHostileRequestsAreAnsweredWhileLegitimateCellsStayExact(
      @InjectClusterClient ClusterClient<?> cluster, @TempDir Path checkpoints) throws Exception {
    System.out.println("BadInputFuzzITCase seed: " + SEED + " (replay with -Daigw.fuzz.seed)");
    int port = FreePort.range(1);
    JobClient job = startJob(port, checkpoints);
    try (RawOtlpClient client = new RawOtlpClient(port)) {
      long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
      long exportNanos = (minuteEndMs - 1_000) * MS;
      List<GatewaySimulator> gateways =
          List.of(
              gateway(port, "fuzz-legit-delta", Temporality.DELTA, exportNanos),
              gateway(port, "fuzz-legit-cumulative", Temporality.CUMULATIVE, exportNanos));
      CompletableFuture<Void> legitimate =
          CompletableFuture.runAsync(() -> sendLegitimateTraffic(gateways, exportNanos));

      Map<String, Integer> statuses = new TreeMap<>();
      sendHostileRequests(client, minuteEndMs - 30_000, statuses);
      sendFuzzedRequests(client, minuteEndMs - 30_000, new Random(SEED), statuses);
      legitimate.get(120, TimeUnit.SECONDS);
      System.out.println("BadInputFuzzITCase answers by status: " + statuses);

      Map<String, ExpectedCell> expected =
          Expectation.of(PriceTable.loadDefault())
              .add(gateways.toArray(new GatewaySimulator[0]))
              .cells();
      gateways.forEach(GatewaySimulator::close);
      awaitExactCells(cell -> cell.service.startsWith("fuzz-legit-"), expected);
      assertNeverRestarted(cluster, job);
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
  }

  /**
   * Regression (issue 13, case 1): one point stamped far in the future, and one a few minutes ahead
   * (inside the accepted skew), sent before the legitimate traffic, change no cell and make no
   * later cell late.
   */
  @Test
  void aFarFuturePointChangesNoCellAndDropsNoLaterCell(
      @InjectClusterClient ClusterClient<?> cluster, @TempDir Path checkpoints) throws Exception {
    int port = FreePort.range(1);
    JobClient job = startJob(port, checkpoints);
    try (RawOtlpClient client = new RawOtlpClient(port)) {
      long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
      long exportNanos = (minuteEndMs - 1_000) * MS;
      HostileRequests sameGateway = new HostileRequests("future-legit", "future-legit-pod-1");
      long farFutureMs = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(365);
      assertRejected(
          client.exchange(
              RawOtlpClient.METRICS_EXPORT,
              sameGateway.durationPoint(farFutureMs, "gpt-4o", p -> p).toByteArray()),
          1);
      // Inside the accepted skew: counted in its own (future) minute, but it must not move the
      // watermark past the clock, or the traffic below would be late.
      HostileRequests skewed = new HostileRequests("future-skewed", "future-skewed-pod-1");
      long skewedMs = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(4);
      assertRejected(
          client.exchange(
              RawOtlpClient.METRICS_EXPORT,
              skewed.durationPoint(skewedMs, "gpt-4o", p -> p).toByteArray()),
          0);

      List<GatewaySimulator> gateways =
          List.of(gateway(port, "future-legit", Temporality.CUMULATIVE, exportNanos));
      sendLegitimateTraffic(gateways, exportNanos);
      Map<String, ExpectedCell> expected =
          Expectation.of(PriceTable.loadDefault())
              .add(gateways.toArray(new GatewaySimulator[0]))
              .cells();
      gateways.forEach(GatewaySimulator::close);
      awaitExactCells(cell -> cell.service.equals("future-legit"), expected);
      assertNeverRestarted(cluster, job);
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
  }

  /**
   * Regression (issue 13, case 2): a data point whose {@code gen_ai.response.model} is 1 MiB long
   * is accepted, gives a cell whose model is bounded (a stable prefix-and-hash form), and fails
   * nothing.
   */
  @Test
  void aOneMebibyteModelNameGivesABoundedCellAndNoFailure(
      @InjectClusterClient ClusterClient<?> cluster, @TempDir Path checkpoints) throws Exception {
    int port = FreePort.range(1);
    JobClient job = startJob(port, checkpoints);
    try (RawOtlpClient client = new RawOtlpClient(port)) {
      long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
      String hugeModel = "m".repeat(1024 * 1024);
      HostileRequests gateway = new HostileRequests("huge-model-gw", "huge-model-pod-1");
      assertRejected(
          client.exchange(
              RawOtlpClient.METRICS_EXPORT,
              gateway.durationPoint(minuteEndMs - 5_000, hugeModel, p -> p).toByteArray()),
          0);

      // one MODEL cell per scope (service, instance), both under the same bounded name
      List<MinuteCell> byModel =
          awaitCells(
              cell -> cell.service.equals("huge-model-gw") && cell.dimension == Dimension.MODEL,
              found -> found.size() >= 2);
      assertThat(byModel).hasSize(2);
      assertThat(byModel).extracting(c -> c.scope).containsExactlyInAnyOrder(Scope.values());
      String bounded = byModel.get(0).model;
      assertThat(bounded.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256);
      assertThat(bounded).startsWith("m".repeat(200)).isNotEqualTo("m".repeat(256));
      for (MinuteCell cell : byModel) {
        assertThat(cell.model).isEqualTo(bounded);
        assertThat(cell.requests).isEqualTo(1);
        assertThat(cell.windowStartMs).isEqualTo(minuteEndMs - MINUTE_MS);
      }
      assertNeverRestarted(cluster, job);
    } finally {
      WholeJobOnOpenSearch.stop(job);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // traffic

  private static GatewaySimulator gateway(
      int port, String service, Temporality temporality, long exportNanos) {
    return WholeJobOnOpenSearch.gateway(port, service, temporality, exportNanos - 50_000 * MS);
  }

  /** Three exports per gateway in the minute that just ended (normal, streaming and failed). */
  private static void sendLegitimateTraffic(List<GatewaySimulator> gateways, long exportNanos) {
    long[] exports = {exportNanos - 20_000 * MS, exportNanos - 10_000 * MS, exportNanos};
    for (long at : exports) {
      for (GatewaySimulator gw : gateways) {
        WholeJobOnOpenSearch.submitMix(gw, at - 5_000 * MS, 1_000 * MS);
        gw.exportAt(at);
      }
    }
  }

  /**
   * One well-formed request per hostile value, each answered with the exact number of rejected
   * items in {@code partial_success}.
   */
  private static void sendHostileRequests(
      RawOtlpClient client, long timeMs, Map<String, Integer> statuses) throws Exception {
    HostileRequests hostile = new HostileRequests("fuzz-hostile", "fuzz-hostile-pod-1");
    long now = System.currentTimeMillis();
    Map<String, Object[]> cases = new TreeMap<>();
    cases.put(
        "far future",
        metrics(hostile.durationPoint(now + TimeUnit.DAYS.toMillis(1), "gpt-4o", p -> p), 1));
    cases.put(
        "too old",
        metrics(hostile.durationPoint(now - TimeUnit.DAYS.toMillis(30), "gpt-4o", p -> p), 1));
    cases.put(
        "time zero",
        metrics(hostile.durationPoint(timeMs, "gpt-4o", p -> p.setTimeUnixNano(0)), 1));
    cases.put(
        "start after time",
        metrics(
            hostile.durationPoint(
                timeMs, "gpt-4o", p -> p.setStartTimeUnixNano(p.getTimeUnixNano() + 1)),
            1));
    cases.put(
        "NaN sum", metrics(hostile.durationPoint(timeMs, "gpt-4o", p -> p.setSum(Double.NaN)), 1));
    cases.put(
        "infinite max",
        metrics(
            hostile.durationPoint(timeMs, "gpt-4o", p -> p.setMax(Double.POSITIVE_INFINITY)), 1));
    cases.put(
        "count is not the sum of the buckets",
        metrics(hostile.durationPoint(timeMs, "gpt-4o", p -> p.setCount(2)), 1));
    cases.put(
        "bounds not increasing",
        metrics(hostile.durationPoint(timeMs, "gpt-4o", p -> p.setExplicitBounds(3, 0.001)), 1));
    cases.put(
        "buckets do not match the bounds",
        metrics(hostile.durationPoint(timeMs, "gpt-4o", p -> p.addBucketCounts(0)), 1));
    long absurd = Long.MAX_VALUE / 4;
    cases.put(
        "absurd count",
        metrics(
            hostile.durationPoint(
                timeMs, "gpt-4o", p -> p.setCount(absurd).setBucketCounts(6, absurd)),
            1));
    cases.put(
        "1 MiB model name",
        metrics(hostile.durationPoint(timeMs, "x".repeat(1024 * 1024), p -> p), 0));
    cases.put(
        "2 000 models in one request", metrics(hostile.manyModels(timeMs, "model-", 2000), 0));
    cases.put("10 000 attributes", metrics(hostile.manyAttributes(timeMs, "gpt-4o", 10_000), 0));
    // 25 levels of kvlists (75 message levels): within protobuf's own recursion limit (100), far
    // beyond the job's rendering depth
    cases.put(
        "attribute nested 25 deep",
        metrics(hostile.deeplyNestedAttribute(timeMs, "gpt-4o", 25), 0));
    cases.put(
        "log from the far future",
        logs(
            hostile.accessLog(
                now + TimeUnit.DAYS.toMillis(1), "req-future", r -> r.setObservedTimeUnixNano(0)),
            1));
    cases.put(
        "log with a 2 MiB body",
        logs(
            hostile.accessLog(
                timeMs,
                "req-huge-body",
                r ->
                    r.setBody(
                        io.opentelemetry.proto.common.v1.AnyValue.newBuilder()
                            .setStringValue("b".repeat(2 * 1024 * 1024)))),
            0));
    cases.put(
        "log whose numbers do not parse",
        logs(
            hostile.accessLog(
                timeMs,
                "req-bad-numbers",
                r ->
                    r.addAttributes(
                        io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
                            .setKey("gen_ai.usage.input_tokens")
                            .setValue(
                                io.opentelemetry.proto.common.v1.AnyValue.newBuilder()
                                    .setStringValue("1e999999999")))),
            0));
    // an LLM span whose trace and span ids are all zero (invalid in OTLP): rejected, reported
    cases.put(
        "LLM span with all-zero ids",
        new Object[] {RawOtlpClient.TRACES_EXPORT, hostile.span(timeMs).toByteArray(), 1L});

    for (Map.Entry<String, Object[]> c : cases.entrySet()) {
      String signal = (String) c.getValue()[0];
      RawOtlpClient.Answer answer = client.exchange(signal, (byte[]) c.getValue()[1]);
      statuses.merge(answer.status.getCode().name(), 1, Integer::sum);
      assertThat(answer.status.getCode()).as(c.getKey()).isEqualTo(Status.Code.OK);
      assertThat(rejectedIn(signal, answer.response))
          .as("rejected items for '%s'", c.getKey())
          .isEqualTo((Long) c.getValue()[2]);
    }
    // deeper than protobuf's recursion limit: the message does not parse, a clear OTLP error
    RawOtlpClient.Answer tooDeep =
        client.exchange(
            RawOtlpClient.METRICS_EXPORT,
            hostile.deeplyNestedAttribute(timeMs, "gpt-4o", 500).toByteArray());
    statuses.merge(tooDeep.status.getCode().name(), 1, Integer::sum);
    assertThat(tooDeep.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  /**
   * Random bytes, truncations and bit flips of valid requests to every signal. Each must be
   * answered: OK (a mutation can still be a valid message) or INVALID_ARGUMENT, never INTERNAL (a
   * decoder failure), never a timeout.
   */
  private static void sendFuzzedRequests(
      RawOtlpClient client, long timeMs, Random random, Map<String, Integer> statuses) {
    HostileRequests fuzz = new HostileRequests("fuzz-mutant", "fuzz-mutant-pod-1");
    List<Object[]> corpus = new ArrayList<>();
    corpus.add(
        new Object[] {
          RawOtlpClient.METRICS_EXPORT, fuzz.durationPoint(timeMs, "gpt-4o", p -> p).toByteArray()
        });
    corpus.add(
        new Object[] {
          RawOtlpClient.METRICS_EXPORT, fuzz.manyModels(timeMs, "m-", 5).toByteArray()
        });
    corpus.add(
        new Object[] {
          RawOtlpClient.LOGS_EXPORT, fuzz.accessLog(timeMs, "req-fuzz", r -> r).toByteArray()
        });
    corpus.add(new Object[] {RawOtlpClient.TRACES_EXPORT, fuzz.span(timeMs).toByteArray()});
    for (int i = 0; i < RANDOM_REQUESTS; i++) {
      Object[] seed = corpus.get(random.nextInt(corpus.size()));
      String signal = (String) seed[0];
      byte[] valid = (byte[]) seed[1];
      byte[] body;
      String kind;
      switch (random.nextInt(3)) {
        case 0:
          kind = "random bytes";
          body = new byte[random.nextInt(4096)];
          random.nextBytes(body);
          break;
        case 1:
          kind = "truncated";
          body = Arrays.copyOf(valid, random.nextInt(valid.length));
          break;
        default:
          kind = "bit flips";
          body = valid.clone();
          int flips = 1 + random.nextInt(16);
          for (int f = 0; f < flips; f++) {
            int bit = random.nextInt(body.length * 8);
            body[bit / 8] ^= (byte) (1 << (bit % 8));
          }
      }
      RawOtlpClient.Answer answer = client.exchange(signal, body);
      statuses.merge(answer.status.getCode().name(), 1, Integer::sum);
      assertThat(answer.status.getCode())
          .as("answer to fuzzed request %d (%s, %s, seed %d)", i, kind, signal, SEED)
          .isIn(Status.Code.OK, Status.Code.INVALID_ARGUMENT);
    }
  }

  private static Object[] metrics(
      io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest request,
      long rejected) {
    return new Object[] {RawOtlpClient.METRICS_EXPORT, request.toByteArray(), rejected};
  }

  private static Object[] logs(
      io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest request, long rejected) {
    return new Object[] {RawOtlpClient.LOGS_EXPORT, request.toByteArray(), rejected};
  }

  private static long rejectedIn(String signal, byte[] response)
      throws InvalidProtocolBufferException {
    if (RawOtlpClient.METRICS_EXPORT.equals(signal)) {
      return ExportMetricsServiceResponse.parseFrom(response)
          .getPartialSuccess()
          .getRejectedDataPoints();
    }
    if (RawOtlpClient.LOGS_EXPORT.equals(signal)) {
      return ExportLogsServiceResponse.parseFrom(response)
          .getPartialSuccess()
          .getRejectedLogRecords();
    }
    return ExportTraceServiceResponse.parseFrom(response).getPartialSuccess().getRejectedSpans();
  }

  private static void assertRejected(RawOtlpClient.Answer answer, long rejected)
      throws InvalidProtocolBufferException {
    assertThat(answer.status.getCode()).isEqualTo(Status.Code.OK);
    assertThat(rejectedIn(RawOtlpClient.METRICS_EXPORT, answer.response)).isEqualTo(rejected);
  }

  // ---------------------------------------------------------------------------------------------
  // the job and what it wrote

  private static JobClient startJob(int port, Path checkpoints) throws Exception {
    return wholeJob.start(wholeJob.configuration(port, checkpoints), port, "bad-input");
  }

  /**
   * Waits until the cells that pass {@code filter} are exactly the expected ones: a late point
   * re-emits its minute, so an early read may see a value that is not yet final.
   */
  private static void awaitExactCells(
      Predicate<MinuteCell> filter, Map<String, ExpectedCell> expected) throws Exception {
    OpenSearchCells store = wholeJob.cells();
    Await.until(
        Duration.ofSeconds(120),
        "the legitimate traffic's exact cells",
        () -> {
          try {
            CellAssertions.assertMatches(
                cellsOf(store, filter), expected, PercentileMethod.INTERPOLATED);
            return true;
          } catch (AssertionError notYet) {
            return false;
          }
        },
        () -> cellsOf(store, filter));
    CellAssertions.assertMatches(cellsOf(store, filter), expected, PercentileMethod.INTERPOLATED);
  }

  private static List<MinuteCell> awaitCells(
      Predicate<MinuteCell> filter, Predicate<List<MinuteCell>> done) throws Exception {
    OpenSearchCells store = wholeJob.cells();
    Await.until(
        Duration.ofSeconds(90),
        "cells",
        () -> done.test(cellsOf(store, filter)),
        () -> cellsOf(store, filter));
    return cellsOf(store, filter);
  }

  private static List<MinuteCell> cellsOf(OpenSearchCells store, Predicate<MinuteCell> filter) {
    return store.all().stream().filter(filter).collect(Collectors.toList());
  }

  /**
   * Reads the job's exception history from the REST API: any restart (any failure) leaves an entry
   * there.
   */
  private static void assertNeverRestarted(ClusterClient<?> cluster, JobClient job)
      throws Exception {
    String base = cluster.getWebInterfaceURL() + "/jobs/" + job.getJobID();
    JsonNode overview = get(base);
    assertThat(overview.path("state").asText()).isEqualTo("RUNNING");
    JsonNode exceptions = get(base + "/exceptions");
    assertThat(exceptions.path("exceptionHistory").path("entries").size())
        .as("exceptions in the job's history: %s", exceptions)
        .isZero();
  }

  private static JsonNode get(String uri) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(uri)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
