package dev.aigw.insight.source.otlp.reader;

import dev.aigw.insight.source.otlp.server.PendingAck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Answers owed in on-checkpoint mode, kept by the task thread: a request joins the next checkpoint
 * only after all its records were emitted, and is answered when that checkpoint (or a later one)
 * completes.
 */
final class CheckpointAcks {

  /** Requests fully emitted since the last snapshot. */
  private List<PendingAck> emitted = new ArrayList<>();

  /** Checkpoint id to the requests whose records it covers. */
  private final NavigableMap<Long, List<PendingAck>> byCheckpoint = new TreeMap<>();

  /** Read by the metric reporter's thread. */
  private final AtomicInteger pending = new AtomicInteger();

  /** Records that all records of the request were emitted. */
  void emitted(PendingAck ack) {
    emitted.add(ack);
    pending.incrementAndGet();
  }

  /** Assigns the requests emitted so far to the checkpoint being taken. */
  void snapshot(long checkpointId) {
    if (!emitted.isEmpty()) {
      byCheckpoint.computeIfAbsent(checkpointId, id -> new ArrayList<>()).addAll(emitted);
      emitted = new ArrayList<>();
    }
  }

  /**
   * Answers the requests of this checkpoint and of earlier ones (whose completion notification may
   * have been skipped or aborted: a completed later checkpoint covers them too).
   */
  void complete(long checkpointId) {
    Map<Long, List<PendingAck>> done = byCheckpoint.headMap(checkpointId, true);
    for (List<PendingAck> acks : done.values()) {
      acks.forEach(PendingAck::acknowledge);
      pending.addAndGet(-acks.size());
    }
    done.clear();
  }

  /** Fails every request still owed an answer. */
  void failAll(Consumer<PendingAck> fail) {
    for (List<PendingAck> acks : byCheckpoint.values()) {
      acks.forEach(fail);
    }
    byCheckpoint.clear();
    emitted.forEach(fail);
    emitted = new ArrayList<>();
    pending.set(0);
  }

  /** Requests emitted but not yet answered. */
  int pending() {
    return pending.get();
  }
}
