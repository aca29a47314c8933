package dev.aigw.insight.job.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.alert.sink.WebhookTestServer;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.testing.GatewaySimulator;
import dev.aigw.insight.job.testing.WholeJobOnOpenSearch;
import dev.aigw.insight.source.otlp.kafka.testing.EmbeddedKafka;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the MiniCluster: gateway metrics over OTLP → the whole job ({@code
 * GenAiInsightJob.build}, checkpoints every second) with a rule file → the alert events in the
 * embedded OpenSearch, at a real local webhook that refuses the first attempt and in a topic of a
 * real Kafka broker; each alert arrives at the webhook and in the topic exactly once, with the
 * minute of the traffic. A provider outage on the 5xx share reads the access logs' status counts,
 * from the OpenTelemetry SDK's export through the receiver.
 */
class AlertsEndToEndITCase {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  @RegisterExtension static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final String ALERT_TOPIC = "team-alerts";
  private static final long MS = 1_000_000L;
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
  void aFailingServiceAndProviderRaiseOneAlertEachInTheStoreAndAtTheWebhook(@TempDir Path dir)
      throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        """
        rules:
          - id: service-errors
            kind: threshold
            metric: error_rate
            threshold: 0.2
            window: 1m
            min-requests: 1
          - id: provider-outage
            kind: provider_outage
            threshold: 0.2
            window: 1m
            min-requests: 1
            include: {provider: [openai]}
          - id: provider-5xx
            kind: provider_outage
            metric: status_5xx_share
            threshold: 0.2
            window: 1m
            min-requests: 1
            include: {provider: [openai]}
        """);
    try (WebhookTestServer webhook = new WebhookTestServer(1)) {
      WholeJobOnOpenSearch wholeJob = new WholeJobOnOpenSearch(openSearch);
      int port = FreePort.range(1);
      Configuration conf = wholeJob.configuration(port, dir.resolve("checkpoints"));
      conf.setString("alerts.rules-file", rules.toString());
      conf.setString("alerts.webhook.url", webhook.url().toString());
      conf.setString("alerts.webhook.initial-backoff", "100 ms");
      conf.setString("alerts.kafka.bootstrap-servers", KAFKA.bootstrapServers());
      conf.setString("alerts.kafka.topic", ALERT_TOPIC);
      JobClient job = wholeJob.start(conf, port, "alerts-end-to-end");
      try {
        // the mix in the minute that just ended: per gateway 3 requests, one failed (openai)
        long minuteEndMs = WholeJobOnOpenSearch.lastMinuteEndMs();
        long exportNanos = (minuteEndMs - 1_000) * MS;
        // the access log of the failed request, kept by the sampling: the outage's reason
        sendFailedRequestLog(port, minuteEndMs - 20_000);
        GatewaySimulator gateway =
            WholeJobOnOpenSearch.gateway(
                port, "checkout", Temporality.DELTA, exportNanos - 40_000 * MS);
        WholeJobOnOpenSearch.submitMix(gateway, exportNanos - 30_000 * MS, 10_000 * MS);
        gateway.exportAt(exportNanos);
        gateway.close();

        Await.until(
            Duration.ofSeconds(120),
            "three alerts at the webhook",
            () -> webhook.accepted().size() >= 3);
        List<JsonNode> stored =
            Await.value(
                Duration.ofSeconds(60),
                "three alert events in OpenSearch",
                AlertsEndToEndITCase::storedAlerts,
                docs -> docs.size() >= 3);

        List<String> delivered = new ArrayList<>();
        for (var request : webhook.accepted()) {
          JsonNode body = JSON.readTree(request.body());
          delivered.add(
              body.get("rule_id").asText()
                  + " "
                  + body.get("status").asText()
                  + " "
                  + body.get("entity").asText()
                  + " "
                  + body.get("start_ms").asLong());
        }
        // service: 1 of 3 failed (0.33); openai: 1 of 2 (0.5); the minute's end is the start.
        // The access logs (sent by the OpenTelemetry SDK, counted by the decoder before the
        // sampling): openai's one request was a 503, a 5xx share of 1.
        assertThat(delivered)
            .containsExactlyInAnyOrder(
                "service-errors firing service=checkout " + minuteEndMs,
                "provider-outage firing service=checkout,provider=openai " + minuteEndMs,
                "provider-5xx firing service=checkout,provider=openai " + minuteEndMs);
        assertThat(stored)
            .extracting(d -> d.get("rule_id").asText() + " " + d.get("value").asDouble())
            .containsExactlyInAnyOrder(
                "service-errors " + 1.0 / 3, "provider-outage 0.5", "provider-5xx 1.0");
        for (String rule : List.of("provider-outage", "provider-5xx")) {
          JsonNode outage =
              stored.stream()
                  .filter(d -> d.get("rule_id").asText().equals(rule))
                  .findFirst()
                  .orElseThrow();
          assertThat(outage.get("reason").asText())
              .as(rule)
              .isEqualTo(
                  "1 failed requests in the kept access logs; status codes: 503×1; error types:"
                      + " none; example request: req-503 (503)");
        }
        // the first attempt was refused; after that each alert arrived once
        assertThat(webhook.requests()).hasSize(4);
        // the topic holds each event once, committed with its checkpoint, the webhook's body
        List<String> topic = committedAlertRecords(3);
        assertThat(topic)
            .containsExactlyInAnyOrderElementsOf(
                webhook.accepted().stream()
                    .map(r -> r.header("Idempotency-Key") + " " + r.body())
                    .toList());
      } finally {
        WholeJobOnOpenSearch.stop(job);
      }
    }
  }

  /** One access log of a request the openai backend answered 503. */
  private static void sendFailedRequestLog(int port, long timeMs) {
    Resource resource =
        Resource.create(
            Attributes.builder()
                .put("service.name", "checkout")
                .put("service.instance.id", "checkout-pod-1")
                .put("service.layer", "ENVOY_AI_GATEWAY")
                .build());
    try (SdkLoggerProvider logs =
        SdkLoggerProvider.builder()
            .setResource(resource)
            .addLogRecordProcessor(
                SimpleLogRecordProcessor.create(
                    OtlpGrpcLogRecordExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + port)
                        .build()))
            .build()) {
      logs.get("envoy")
          .logRecordBuilder()
          .setTimestamp(timeMs, TimeUnit.MILLISECONDS)
          .setBody("[START] /v1/chat/completions model=gpt-4o 503")
          .setAllAttributes(
              Attributes.builder()
                  .put("x-request-id", "req-503")
                  .put("response_code", "503")
                  .put("gen_ai.request.model", "gpt-4o")
                  .put("gen_ai.provider.name", "default/openai/route/aigw-run/rule/0/ref/0")
                  .put("upstream_transport_failure_reason", "-")
                  .put("duration", "250")
                  .build())
          .emit();
      CompletableResultCode flushed = logs.forceFlush().join(30, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).as("logs export").isTrue();
    }
  }

  /**
   * Reads the alert topic from the start with {@code read_committed} until {@code expected} records
   * are there, then polls on for two more seconds so that a duplicate would be seen; returns them
   * as {@code key value}.
   */
  private static List<String> committedAlertRecords(int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "alerts-end-to-end-check");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<String> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(ALERT_TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          records.add(r.key() + " " + r.value());
        }
        if (records.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return records;
  }

  private static List<JsonNode> storedAlerts() throws Exception {
    String base = openSearch.httpUri().toString().replaceAll("/$", "");
    HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/aigw-alerts-*/_refresh?allow_no_indices=true"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/aigw-alerts-*/_search?allow_no_indices=true&size=100"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    List<JsonNode> docs = new ArrayList<>();
    for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
      docs.add(hit.get("_source"));
    }
    return docs;
  }
}
