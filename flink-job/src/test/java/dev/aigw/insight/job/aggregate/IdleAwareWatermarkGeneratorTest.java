package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.options.AnalysisMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

class IdleAwareWatermarkGeneratorTest {

  private static final long OOO = 30_000;
  private static final long IDLE = 30_000;

  private long now = 1_000_000;
  private final Recorder out = new Recorder();
  private final IdleAwareWatermarkGenerator<Object> gen =
      new IdleAwareWatermarkGenerator<>(OOO, IDLE, () -> now);

  @Test
  void lagGaugeIsTheClockMinusTheLastWatermark() {
    MetricListener metrics = new MetricListener();
    gen.registerLagGauge(metrics.getMetricGroup());
    Gauge<Long> lag = metrics.<Long>getGauge(AnalysisMetrics.WATERMARK_LAG_MS).orElseThrow();
    assertThat(lag.getValue()).as("no watermark yet").isZero();

    now = 600_500;
    gen.onEvent("x", 600_000, out);
    gen.onPeriodicEmit(out);
    assertThat(lag.getValue()).isEqualTo(600_500 - (600_000 - OOO - 1));
    // a watermark that stops moving (no point, not yet idle) lags more as the clock goes on
    now += IDLE - 1;
    gen.onPeriodicEmit(out);
    assertThat(lag.getValue()).isEqualTo(600_500 + IDLE - 1 - (600_000 - OOO - 1));
  }

  @Test
  void boundedOutOfOrdernessWhilePointsArrive() {
    gen.onEvent("x", 600_000, out);
    gen.onEvent("x", 590_000, out);
    gen.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(600_000 - OOO - 1);
  }

  @Test
  void keepsAdvancingWithProcessingTimeWhenTrafficStops() {
    // the last point of minute [540 000, 600 000) arrives 200 ms after its time
    long pointTime = 599_000;
    now = pointTime + 200;
    gen.onEvent("x", pointTime, out);
    gen.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(pointTime - OOO - 1);

    now += IDLE - 1; // not idle yet: no advance
    gen.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(pointTime - OOO - 1);

    // documented bound: minute end + out-of-orderness + idle timeout + transport delay
    now = 600_000 + OOO + IDLE + 200 - 1;
    gen.onPeriodicEmit(out);
    assertThat(out.last()).isLessThan(600_000 - 1);
    now += 1;
    gen.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(600_000 - 1); // the minute's window fires now
  }

  @Test
  void idleAdvanceContinuesFromOldEventTimeForReplayedData() {
    now = 5_000_000;
    gen.onEvent("x", 60_000, out); // data from long ago
    now += IDLE + 10_000;
    gen.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(60_000 + 10_000 - OOO - 1);
  }

  @Test
  void splitWithoutPointsIsMarkedIdleAfterTheTimeout() {
    gen.onPeriodicEmit(out);
    assertThat(out.idle).isFalse();
    now += IDLE;
    gen.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();
    assertThat(out.watermarks).isEmpty();
  }

  @Test
  void aPointAheadOfTheClockDoesNotMoveTheWatermarkPastTheClock() {
    // a sender whose clock is 4 minutes fast (within the decoders' accepted skew)
    gen.onEvent("x", now + 240_000, out);
    gen.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(now - OOO - 1);
    // on-time points of the current minute are therefore not late
    gen.onEvent("x", now - 5_000, out);
    now += 100_000;
    gen.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(now - OOO - 1);
    // the fast point's own minute closes once the clock reaches it
    now = 1_000_000 + 240_000 + OOO + 1;
    gen.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(1_000_000 + 240_000);
  }

  @Test
  void watermarkNeverGoesBack() {
    gen.onEvent("x", 600_000, out);
    gen.onPeriodicEmit(out);
    gen.onEvent("x", 100_000, out);
    gen.onPeriodicEmit(out);
    assertThat(out.watermarks).containsExactly(600_000 - OOO - 1);
  }

  private static final class Recorder implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    boolean idle;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }

    long last() {
      return watermarks.get(watermarks.size() - 1);
    }
  }
}
