package dev.aigw.insight.source.otlp.server;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer owed to one export call. It is sent exactly once, from whichever thread settles the
 * call first (gRPC thread on receipt, task thread on checkpoint completion or close).
 */
public final class PendingAck {

  private static final Logger LOG = LoggerFactory.getLogger(PendingAck.class);

  private final Runnable answer;
  private final Consumer<StatusRuntimeException> failure;
  private final AtomicBoolean settled = new AtomicBoolean();

  /** {@link System#nanoTime()} when the call arrived; with {@link #receiveToAckMs}, or unused. */
  private final long receivedNanos;

  /** Told the milliseconds from arrival to the success answer; null when nobody measures. */
  private final LongConsumer receiveToAckMs;

  private <R> PendingAck(
      StreamObserver<R> observer, R response, long receivedNanos, LongConsumer receiveToAckMs) {
    this.receivedNanos = receivedNanos;
    this.receiveToAckMs = receiveToAckMs;
    this.answer =
        () -> {
          observer.onNext(response);
          observer.onCompleted();
        };
    this.failure = observer::onError;
  }

  /** An ack that answers {@code response} to {@code observer}. */
  public static <R> PendingAck of(StreamObserver<R> observer, R response) {
    return new PendingAck(observer, response, 0, null);
  }

  /**
   * An ack that answers {@code response} to {@code observer} and, when it does, reports the
   * milliseconds since {@code receivedNanos} ({@link System#nanoTime()} at the call's arrival) to
   * {@code receiveToAckMs}: how long a client waited for its answer (failures are not measured).
   */
  public static <R> PendingAck timed(
      StreamObserver<R> observer, R response, long receivedNanos, LongConsumer receiveToAckMs) {
    return new PendingAck(observer, response, receivedNanos, receiveToAckMs);
  }

  /** Sends the success answer, unless the call was settled already. */
  public void acknowledge() {
    if (settled.compareAndSet(false, true)) {
      guarded(answer);
      if (receiveToAckMs != null) {
        receiveToAckMs.accept(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - receivedNanos));
      }
    }
  }

  /**
   * Fails the call with {@code status}, unless it was settled already.
   *
   * @return true if this call sent the failure
   */
  public boolean fail(StatusRuntimeException status) {
    if (settled.compareAndSet(false, true)) {
      guarded(() -> failure.accept(status));
      return true;
    }
    return false;
  }

  private static void guarded(Runnable send) {
    try {
      send.run();
    } catch (RuntimeException e) {
      // The client cancelled or timed out: nobody is left to answer.
      LOG.debug("Could not answer an OTLP export call", e);
    }
  }
}
