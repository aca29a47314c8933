package dev.aigw.insight.job.spans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.testing.AppSpanTraffic;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.source.otlp.kafka.testing.EmbeddedKafka;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  private static EmbeddedOpenSearch openSearch;

  private final AppSpanTraffic traffic = new AppSpanTraffic();

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
      traffic.sendTraffic(
          minute,
          (service, calls) -> {
            OtlpGrpcSpanExporter otlp =
                OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build();
            Collection<SpanData> spans = AppSpanTraffic.export(service, otlp, calls);
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
      traffic.sendTraffic(
          minute,
          (service, calls) -> {
            Collection<SpanData> spans =
                AppSpanTraffic.export(service, new AppSpanTraffic.NoExporter(), calls);
            byte[] message = AppSpanTraffic.serialized(spans);
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

  /** Every value of every expected cell is stored, and no other cell; the job still runs. */
  private void assertCells(JobClient job, long minute) throws Exception {
    {
      Map<String, Map<String, Number>> want = traffic.expectedCells(minute);
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
