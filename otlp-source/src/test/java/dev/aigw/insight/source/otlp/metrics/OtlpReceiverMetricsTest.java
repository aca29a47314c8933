package dev.aigw.insight.source.otlp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.source.otlp.server.PendingAck;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** The receiver's health metrics an operator alerts on: queue fill and receive-to-ack time. */
class OtlpReceiverMetricsTest {

  private final MetricListener listener = new MetricListener();
  private final AtomicInteger queued = new AtomicInteger();
  private final OtlpReceiverMetrics metrics =
      new OtlpReceiverMetrics(listener.getMetricGroup(), queued::get, 10_000, () -> 0);

  @Test
  void queueFillRatioIsTheQueuedShareOfTheCapacity() {
    Gauge<Double> fill =
        listener
            .<Double>getGauge(OtlpReceiverMetrics.GROUP, OtlpReceiverMetrics.QUEUE_FILL_RATIO)
            .orElseThrow();
    assertThat(fill.getValue()).isZero();
    queued.set(2_500);
    assertThat(fill.getValue()).isEqualTo(0.25);
    queued.set(10_000);
    assertThat(fill.getValue()).isEqualTo(1.0);
  }

  @Test
  void receiveToAckRecordsEachSuccessAnswerOnceAndNoFailure() {
    Histogram histogram =
        listener
            .getHistogram(OtlpReceiverMetrics.GROUP, OtlpReceiverMetrics.RECEIVE_TO_ACK_MS)
            .orElseThrow();
    assertThat(histogram).isSameAs(metrics.receiveToAckMs());
    long arrived = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(250);

    PendingAck answered =
        PendingAck.timed(new Discard(), "ok", arrived, metrics.receiveToAckMs()::update);
    answered.acknowledge();
    answered.acknowledge(); // settled already: neither answered nor measured again
    assertThat(histogram.getCount()).isEqualTo(1);
    assertThat(histogram.getStatistics().getMin()).isGreaterThanOrEqualTo(250);

    PendingAck failed =
        PendingAck.timed(new Discard(), "ok", arrived, metrics.receiveToAckMs()::update);
    failed.fail(Status.UNAVAILABLE.asRuntimeException());
    failed.acknowledge();
    assertThat(histogram.getCount()).as("failures are not answers").isEqualTo(1);
  }

  /** A client that goes away: the answers are not the subject here. */
  private static final class Discard implements StreamObserver<String> {
    @Override
    public void onNext(String value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
