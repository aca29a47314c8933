package dev.aigw.insight.source.otlp.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.source.otlp.server.PendingAck;
import dev.aigw.insight.source.otlp.server.ReceiverStatus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointAcksTest {

  /** Records what a call was answered. */
  private static final class Answer implements StreamObserver<String> {
    final List<String> events = new ArrayList<>();

    @Override
    public void onNext(String value) {
      events.add("next:" + value);
    }

    @Override
    public void onError(Throwable t) {
      events.add("error:" + Status.fromThrowable(t).getCode());
    }

    @Override
    public void onCompleted() {
      events.add("completed");
    }
  }

  @Test
  void answersOnlyRequestsCoveredByACompletedCheckpoint() {
    CheckpointAcks acks = new CheckpointAcks();
    Answer a = new Answer();
    Answer b = new Answer();
    Answer c = new Answer();
    acks.emitted(PendingAck.of(a, "a"));
    acks.snapshot(1);
    acks.emitted(PendingAck.of(b, "b"));
    acks.snapshot(2);
    acks.emitted(PendingAck.of(c, "c"));
    assertThat(acks.pending()).isEqualTo(3);

    acks.complete(1);
    assertThat(a.events).containsExactly("next:a", "completed");
    assertThat(b.events).isEmpty();
    assertThat(acks.pending()).isEqualTo(2);

    // Checkpoint 3 completes without a notification for 2: it covers 2's requests as well.
    acks.snapshot(3);
    acks.complete(3);
    assertThat(b.events).containsExactly("next:b", "completed");
    assertThat(c.events).containsExactly("next:c", "completed");
    assertThat(acks.pending()).isZero();
  }

  @Test
  void requestEmittedAfterSnapshotWaitsForTheNextCheckpoint() {
    CheckpointAcks acks = new CheckpointAcks();
    Answer late = new Answer();
    acks.snapshot(7);
    acks.emitted(PendingAck.of(late, "late"));
    acks.complete(7);
    assertThat(late.events).isEmpty();
    acks.snapshot(8);
    acks.complete(8);
    assertThat(late.events).containsExactly("next:late", "completed");
  }

  @Test
  void failAllFailsAssignedAndUnassignedRequestsOnce() {
    CheckpointAcks acks = new CheckpointAcks();
    Answer assigned = new Answer();
    Answer unassigned = new Answer();
    acks.emitted(PendingAck.of(assigned, "x"));
    acks.snapshot(1);
    acks.emitted(PendingAck.of(unassigned, "y"));
    acks.failAll(ack -> ack.fail(ReceiverStatus.unavailable("closing", Duration.ofSeconds(1))));
    assertThat(assigned.events).containsExactly("error:UNAVAILABLE");
    assertThat(unassigned.events).containsExactly("error:UNAVAILABLE");
    assertThat(acks.pending()).isZero();
    acks.complete(1);
    assertThat(assigned.events).as("never answered twice").hasSize(1);
  }
}
