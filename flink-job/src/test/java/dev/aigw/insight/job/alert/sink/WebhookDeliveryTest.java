package dev.aigw.insight.job.alert.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import dev.aigw.insight.testing.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The webhook delivery against a real local HTTP server. */
class WebhookDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final byte[] SECRET =
      "a-shared-secret-of-32-bytes-long".getBytes(StandardCharsets.UTF_8);

  static WebhookConfig config(URI url, int queue, int attempts) {
    return new WebhookConfig(
        url,
        null,
        null,
        queue,
        attempts,
        Duration.ofMillis(20),
        Duration.ofMillis(100),
        Duration.ofSeconds(2));
  }

  static AlertEvent event(String rule, AlertStatus status) {
    AlertEvent e = new AlertEvent();
    e.alertId = AlertEvent.alertId(rule, "service=checkout", 1_772_445_420_000L);
    e.idempotencyKey = AlertEvent.idempotencyKey(e.alertId, status);
    e.status = status;
    e.ruleId = rule;
    e.kind = "threshold";
    e.severity = "page";
    e.entity = "service=checkout";
    e.scope = "SERVICE";
    e.dimension = "ALL";
    e.service = "checkout";
    e.startMs = 1_772_445_420_000L;
    e.eventTimeMs = e.startMs;
    e.minuteMs = e.startMs - 60_000;
    e.value = 0.25;
    e.threshold = 0.1;
    e.message = rule + " firing";
    return e;
  }

  @Test
  void failedAttemptsAreRetriedAndTheAlertArrivesOnceSigned() throws Exception {
    try (WebhookTestServer receiver = new WebhookTestServer(2)) {
      WebhookDelivery delivery =
          new WebhookDelivery(config(receiver.url(), 10, 5), SECRET, "test-webhook");
      AlertEvent event = event("checkout-errors", AlertStatus.FIRING);
      assertThat(delivery.offer(event)).isTrue();
      Await.until(WAIT, "the alert is accepted", () -> delivery.sent() == 1);
      delivery.close(WAIT);

      assertThat(receiver.requests()).hasSize(3);
      assertThat(receiver.accepted()).hasSize(1);
      assertThat(delivery.retries()).isEqualTo(2);
      assertThat(delivery.dropped()).isZero();
      WebhookTestServer.Request request = receiver.accepted().get(0);
      assertThat(receiver.requests())
          .extracting(r -> r.header("Idempotency-Key"))
          .containsOnly(event.idempotencyKey);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      String expected =
          "sha256="
              + HexFormat.of()
                  .formatHex(mac.doFinal(request.body().getBytes(StandardCharsets.UTF_8)));
      assertThat(request.header("X-Aigw-Signature")).isEqualTo(expected);
      JsonNode body = new ObjectMapper().readTree(request.body());
      assertThat(body.get("status").asText()).isEqualTo("firing");
      assertThat(body.get("alert_id").asText()).isEqualTo(event.alertId);
      assertThat(body.get("value").asDouble()).isEqualTo(0.25);
      assertThat(body.get("event_time_ms").asLong()).isEqualTo(event.eventTimeMs);
    }
  }

  @Test
  void aDeadWebhookNeverBlocksAndDropsAreCounted() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = socket.getLocalPort();
    }
    // nothing listens on the port: every attempt fails at once
    WebhookDelivery delivery =
        new WebhookDelivery(
            config(URI.create("http://127.0.0.1:" + freePort + "/alerts"), 2, 3), null, "dead");
    long started = System.nanoTime();
    int accepted = 0;
    for (int i = 0; i < 50; i++) {
      if (delivery.offer(event("rule-" + i, AlertStatus.FIRING))) {
        accepted++;
      }
    }
    // offering never waits for the webhook
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(accepted).isBetween(2, 3);
    int queued = accepted;
    Await.until(WAIT, "every event dropped", () -> delivery.dropped() == 50);
    assertThat(delivery.sent()).isZero();
    assertThat(delivery.retries()).isEqualTo(2L * queued);
    delivery.close(WAIT);
  }

  @Test
  void aClientErrorIsNotRetried() throws Exception {
    try (WebhookTestServer receiver = new WebhookTestServer(0)) {
      URI wrongPath = URI.create(receiver.url().toString().replace("/alerts", "/nothing"));
      WebhookDelivery delivery = new WebhookDelivery(config(wrongPath, 10, 5), null, "test");
      delivery.offer(event("a", AlertStatus.FIRING));
      Await.until(WAIT, "the event dropped", () -> delivery.dropped() == 1);
      assertThat(delivery.retries()).isZero();
      delivery.close(WAIT);
    }
  }
}
