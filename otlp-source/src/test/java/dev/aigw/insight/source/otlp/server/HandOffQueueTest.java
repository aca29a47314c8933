package dev.aigw.insight.source.otlp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HandOffQueueTest {

  @Test
  void boundsByWeightButAlwaysAcceptsIntoAnEmptyQueue() {
    HandOffQueue<String> queue = new HandOffQueue<>(10);
    assertThat(queue.isFull()).isFalse();
    assertThat(queue.offer("huge", 25)).as("alone, even above capacity").isTrue();
    assertThat(queue.isFull()).isTrue();
    assertThat(queue.offer("small", 1)).as("queue over capacity").isFalse();
    assertThat(queue.size()).isEqualTo(25);
    assertThat(queue.poll()).isEqualTo("huge");
    assertThat(queue.offer("a", 6)).isTrue();
    assertThat(queue.isFull()).as("room for 4 more").isFalse();
    assertThat(queue.offer("b", 4)).as("exactly fills").isTrue();
    assertThat(queue.offer("c", 1)).as("one over").isFalse();
    assertThat(queue.isFull()).isTrue();
    assertThat(queue.size()).isEqualTo(10);
    assertThat(queue.poll()).isEqualTo("a");
    assertThat(queue.poll()).isEqualTo("b");
    assertThat(queue.poll()).isNull();
    assertThat(queue.size()).isZero();
  }

  @Test
  void availabilityFutureCompletesOnOffer() {
    HandOffQueue<String> queue = new HandOffQueue<>(10);
    CompletableFuture<Void> waiting = queue.availability();
    assertThat(waiting).isNotDone();
    assertThat(queue.availability()).as("same future while empty").isSameAs(waiting);
    queue.offer("x", 1);
    assertThat(waiting).isDone();
    assertThat(queue.availability()).isDone();
    queue.poll();
    CompletableFuture<Void> next = queue.availability();
    assertThat(next).as("a fresh future once drained").isNotDone();
    queue.offer("y", 1);
    assertThat(next).isDone();
  }

  @Test
  void closedQueueRefusesOffersButDrains() {
    HandOffQueue<String> queue = new HandOffQueue<>(10);
    queue.offer("kept", 1);
    queue.close();
    assertThat(queue.isFull()).as("closed").isTrue();
    assertThat(queue.offer("late", 1)).isFalse();
    assertThat(queue.poll()).isEqualTo("kept");
    assertThat(queue.isEmpty()).isTrue();
  }
}
