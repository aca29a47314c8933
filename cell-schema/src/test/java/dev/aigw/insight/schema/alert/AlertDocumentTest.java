package dev.aigw.insight.schema.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert event's ids and its stored form, which the dashboard reads. */
class AlertDocumentTest {

  private static AlertEvent event(AlertStatus status) {
    AlertEvent e = new AlertEvent();
    e.alertId = AlertEvent.alertId("checkout-errors", "service=checkout", 1_000L);
    e.idempotencyKey = AlertEvent.idempotencyKey(e.alertId, status);
    e.status = status;
    e.ruleId = "checkout-errors";
    e.kind = "threshold";
    e.severity = "page";
    e.entity = "service=checkout";
    e.scope = "SERVICE";
    e.dimension = "ALL";
    e.service = "checkout";
    e.startMs = 1_000L;
    e.eventTimeMs = 61_000L;
    e.minuteMs = 0L;
    e.value = 0.2;
    e.threshold = 0.1;
    e.message = "m";
    return e;
  }

  @Test
  void theIdsAreStableAndDifferPerTransition() {
    assertThat(AlertEvent.alertId("r", "service=a", 60_000L)).isEqualTo("r|service=a|60000");
    String firing = AlertEvent.idempotencyKey("r|service=a|60000", AlertStatus.FIRING);
    assertThat(firing)
        .hasSize(64)
        .isEqualTo(AlertEvent.idempotencyKey("r|service=a|60000", AlertStatus.FIRING))
        .isNotEqualTo(AlertEvent.idempotencyKey("r|service=a|60000", AlertStatus.RESOLVED));
  }

  @Test
  void theSourceHasEveryFieldAndTheIdIsTheIdempotencyKey() {
    AlertEvent e = event(AlertStatus.RESOLVED);
    assertThat(AlertDocument.id(e)).isEqualTo(e.idempotencyKey);
    assertThat(AlertDocument.source(e))
        .containsEntry("status", "resolved")
        .containsEntry("alert_id", "checkout-errors|service=checkout|1000")
        .containsEntry("event_time_ms", 61_000L)
        .containsEntry("timestamp", 61_000L)
        .containsEntry("value", 0.2);
    List<String> indexed = new ArrayList<>(AlertDocument.keywordFields());
    indexed.addAll(AlertDocument.dateFields());
    assertThat(AlertDocument.source(e).keySet()).containsAll(indexed);
  }
}
