package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.time.JobClock;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Bounded out-of-orderness watermarks that keep advancing when points stop arriving, so that the
 * last minute is still emitted.
 *
 * <p>While points arrive the watermark is {@code maxTime − outOfOrderness − 1}. Once no point has
 * arrived for {@code idleTimeout} (processing time), event time is assumed to pass as fast as
 * processing time since the last point: the watermark becomes {@code maxTime + (now − lastArrival)
 * − outOfOrderness − idleTimeout − 1}, which continues the busy watermark without a jump (so
 * replayed old data is not suddenly late). A split that never had a point is marked idle so that it
 * does not hold the other splits back.
 *
 * <p>The watermark never runs ahead of the clock: it is at most {@code now − outOfOrderness − 1}.
 * The decoders accept points up to {@code analysis.time.max-future-skew} ahead of their clock (a
 * sender's clock may be a little fast); such a point is counted in its own minute when the clock
 * reaches it, instead of making every other client's points late. For live and replayed data (point
 * times at or behind the clock) the cap never binds.
 *
 * <p>Bound: a minute ending at E is emitted at the latest at processing time {@code lastArrival +
 * (E − maxTime) + outOfOrderness + idleTimeout} plus one watermark interval; for live traffic
 * (arrival ≈ point time + transport delay d) that is E + outOfOrderness + idleTimeout + d +
 * interval.
 */
public class IdleAwareWatermarkGenerator<T> implements WatermarkGenerator<T> {

  private final long outOfOrdernessMs;
  private final long idleTimeoutMs;
  private final JobClock clock;
  private final long createdMs;

  private long maxTimestamp = Long.MIN_VALUE;
  private long lastArrivalMs;

  /** Read by the metric reporter's thread ({@link #registerLagGauge}). */
  private volatile long lastEmitted = Long.MIN_VALUE;

  private boolean idleMarked;

  public IdleAwareWatermarkGenerator(long outOfOrdernessMs, long idleTimeoutMs, JobClock clock) {
    this.outOfOrdernessMs = outOfOrdernessMs;
    this.idleTimeoutMs = idleTimeoutMs;
    this.clock = clock;
    this.createdMs = clock.nowMs();
  }

  /**
   * Registers the gauge {@value AnalysisMetrics#WATERMARK_LAG_MS}: the job clock minus the last
   * watermark emitted, in milliseconds (0 before the first one). Healthy it stays near the
   * out-of-orderness plus the export interval; a watermark that is stuck makes it grow without
   * bound, and no minute is written meanwhile.
   */
  public IdleAwareWatermarkGenerator<T> registerLagGauge(MetricGroup group) {
    group.gauge(
        AnalysisMetrics.WATERMARK_LAG_MS,
        (Gauge<Long>)
            () -> {
              long emitted = lastEmitted;
              return emitted == Long.MIN_VALUE ? 0L : clock.nowMs() - emitted;
            });
    return this;
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    lastArrivalMs = clock.nowMs();
    idleMarked = false;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = clock.nowMs();
    if (maxTimestamp == Long.MIN_VALUE) {
      if (!idleMarked && now - createdMs >= idleTimeoutMs) {
        output.markIdle();
        idleMarked = true;
      }
      return;
    }
    long wm = maxTimestamp - outOfOrdernessMs - 1;
    long quiet = now - lastArrivalMs;
    if (quiet >= idleTimeoutMs) {
      wm = Math.max(wm, maxTimestamp + quiet - outOfOrdernessMs - idleTimeoutMs - 1);
    }
    wm = Math.min(wm, now - outOfOrdernessMs - 1);
    if (wm > lastEmitted) {
      lastEmitted = wm;
      output.emitWatermark(new Watermark(wm));
    }
  }
}
