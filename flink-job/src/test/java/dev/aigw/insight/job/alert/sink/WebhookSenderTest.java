package dev.aigw.insight.job.alert.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import dev.aigw.insight.testing.Await;
import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The sender in Flink's operator harness with a real HTTP receiver: events go out when their
 * checkpoint completes, and a restart from a checkpoint (with the replay of what followed it) sends
 * nothing twice.
 */
class WebhookSenderTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static OneInputStreamOperatorTestHarness<AlertEvent, Void> harness(
      WebhookConfig config, OperatorSubtaskState restore) throws Exception {
    OneInputStreamOperatorTestHarness<AlertEvent, Void> h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new WebhookSender(config, true)));
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  @Test
  void aRestartFromACheckpointSendsNoDuplicate() throws Exception {
    try (WebhookTestServer receiver = new WebhookTestServer(1)) {
      WebhookConfig config = WebhookDeliveryTest.config(receiver.url(), 10, 5);
      AlertEvent first = WebhookDeliveryTest.event("first", AlertStatus.FIRING);
      AlertEvent second = WebhookDeliveryTest.event("second", AlertStatus.FIRING);

      OneInputStreamOperatorTestHarness<AlertEvent, Void> before = harness(config, null);
      before.processElement(first, 1L);
      assertThat(receiver.requests()).as("nothing before the checkpoint completes").isEmpty();
      OperatorSubtaskState checkpoint1 = before.snapshot(1L, 1L);
      before.notifyOfCompletedCheckpoint(1L);
      // the first attempt fails (503), the retry is accepted
      Await.until(WAIT, "the first alert accepted", () -> receiver.accepted().size() == 1);
      // produced after checkpoint 1; then the job fails before checkpoint 2
      before.processElement(second, 2L);
      before.close();
      assertThat(receiver.accepted()).hasSize(1);

      // restart from checkpoint 1: the evaluator replays and produces the second event again
      OneInputStreamOperatorTestHarness<AlertEvent, Void> after = harness(config, checkpoint1);
      after.processElement(second, 2L);
      after.snapshot(2L, 2L);
      after.notifyOfCompletedCheckpoint(2L);
      Await.until(WAIT, "the second alert accepted", () -> receiver.accepted().size() == 2);
      after.close();

      assertThat(receiver.accepted())
          .extracting(r -> r.header("Idempotency-Key"))
          .containsExactly(first.idempotencyKey, second.idempotencyKey);
    }
  }
}
