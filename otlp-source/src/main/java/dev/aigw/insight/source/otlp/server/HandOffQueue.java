package dev.aigw.insight.source.otlp.server;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The one point where gRPC threads meet the task thread: a queue bounded by the total weight
 * (records) of its elements, whose producers never block and whose consumer is woken through an
 * availability future.
 *
 * <p>An element is accepted when it fits, or when the queue is empty (so that a request larger than
 * the capacity can still pass, alone).
 */
public final class HandOffQueue<E> {

  private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

  private final int capacity;
  private final ArrayDeque<Weighted<E>> elements = new ArrayDeque<>();
  private long weight;
  private CompletableFuture<Void> availability = new CompletableFuture<>();
  private boolean closed;

  public HandOffQueue(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Adds an element of the given weight if it fits; never blocks.
   *
   * @return false when the queue is full or closed
   */
  public boolean offer(E element, int elementWeight) {
    CompletableFuture<Void> toComplete;
    synchronized (this) {
      if (closed || (!elements.isEmpty() && weight + elementWeight > capacity)) {
        return false;
      }
      elements.add(new Weighted<>(element, elementWeight));
      weight += elementWeight;
      toComplete = availability;
    }
    // Completed outside the lock: completion runs the task's wake-up callbacks.
    toComplete.complete(null);
    return true;
  }

  /** Takes the oldest element, or null when empty; never blocks. */
  public synchronized E poll() {
    Weighted<E> head = elements.poll();
    if (head == null) {
      return null;
    }
    weight -= head.weight;
    return head.element;
  }

  /** A future that completes when an element is (or may be) available. */
  public synchronized CompletableFuture<Void> availability() {
    if (!elements.isEmpty()) {
      return AVAILABLE;
    }
    if (availability.isDone()) {
      availability = new CompletableFuture<>();
    }
    return availability;
  }

  /** Current total weight (records) held. */
  public synchronized int size() {
    return (int) weight;
  }

  /** True when no element of any weight would be accepted now. */
  public synchronized boolean isFull() {
    return closed || (!elements.isEmpty() && weight >= capacity);
  }

  /** True when no element is held. */
  public synchronized boolean isEmpty() {
    return elements.isEmpty();
  }

  /** Refuses further offers; elements already held can still be polled. */
  public synchronized void close() {
    closed = true;
  }

  private static final class Weighted<E> {
    final E element;
    final int weight;

    Weighted(E element, int weight) {
      this.element = element;
      this.weight = weight;
    }
  }
}
