package dev.aigw.insight.job.temporality;

import dev.aigw.insight.job.aggregate.AttributedLeaf;
import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.time.JobClock;
import java.time.Duration;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Runs {@link SeriesTemporality} and sends its combined partials on: every flush interval those of
 * the minutes before the newest one seen and the newest minute's latest one (the newest minute's
 * others wait for more points, see {@code aggregate.NewestMinuteHold}); all of them at a flush
 * interval without input (before the watermarks' idle advance could pass a held minute), when
 * {@value #MAX_COMBINED} partials wait, before every checkpoint barrier (so a checkpoint never
 * covers an input whose partials were not sent), before any watermark from upstream (a bounded
 * input's final one) and when the input ends.
 *
 * <p>The flush interval is measured on the job's {@link JobClock} (the one the watermarks' idle
 * advance reads), not on processing time: a processing-time timer ticks every flush interval and
 * flushes when the clock says the interval has passed. In production the clock is the system clock
 * and every tick flushes, as before; a test whose clock stands still holds the partials until it
 * moves the clock or takes a checkpoint, so that it never has to wait for a flush in real time.
 *
 * <p>The combined partials live only in memory: what a checkpoint covers has been sent before its
 * barrier, so nothing is lost on a restore.
 *
 * <p>These are the flush points of {@code operators/HoldingOperator}, kept here rather than
 * inherited: the temporality's cleanup timers are keyed timers, which need a {@link
 * KeyedProcessOperator}.
 */
public class SeriesTemporalityOperator
    extends KeyedProcessOperator<String, ResourcePoints, LeafAggregate> {

  private static final long serialVersionUID = 1L;

  /**
   * Bound of the partials held between flushes (~1 kB each): above the leaves of a subtask's minute
   * in the largest shape measured (~12 400 for 100 000 series), so that the newest minute can be
   * held whole.
   */
  static final int MAX_COMBINED = 25_000;

  private final long flushIntervalMs;

  /** Side output of the attribution partials, or null without attribution. */
  private final OutputTag<AttributedLeaf> attributionTag;

  /** When the next flush is due, in the job clock's time (memory only, like the partials). */
  private transient long nextFlushMs;

  /** Whether input arrived since the last flush interval's flush. */
  private transient boolean inputSinceFlush;

  /** {@code temporality}'s clock times the flushes. */
  public SeriesTemporalityOperator(SeriesTemporality temporality, Duration flushInterval) {
    this(temporality, flushInterval, null);
  }

  /**
   * With {@code attributionTag} (non-null), the attribution partials of a temporality {@linkplain
   * SeriesTemporality#withAttribution with attribution} leave on that side output, at the same
   * moments as the leaf partials.
   */
  public SeriesTemporalityOperator(
      SeriesTemporality temporality,
      Duration flushInterval,
      OutputTag<AttributedLeaf> attributionTag) {
    super(temporality);
    this.flushIntervalMs = flushInterval.toMillis();
    this.attributionTag = attributionTag;
  }

  private SeriesTemporality temporality() {
    return (SeriesTemporality) userFunction;
  }

  private JobClock clock() {
    return temporality().clock();
  }

  @Override
  public void open() throws Exception {
    super.open();
    if (flushIntervalMs > 0) {
      nextFlushMs = clock().nowMs() + flushIntervalMs;
      scheduleTick();
    }
  }

  @Override
  public void processElement(StreamRecord<ResourcePoints> element) throws Exception {
    super.processElement(element);
    inputSinceFlush = true;
    if (flushIntervalMs == 0 || temporality().combined() >= MAX_COMBINED) {
      flush();
    }
  }

  /**
   * The next tick, a flush interval of processing time from now. The clock is read before the
   * processing time: with the system clock as the job's clock, a tick therefore always finds its
   * flush due (Flink fires a timer after its time, never before).
   */
  private void scheduleTick() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService()
        .registerTimer(
            now + flushIntervalMs,
            time -> {
              long clockNow = clock().nowMs();
              if (clockNow >= nextFlushMs) {
                if (inputSinceFlush) {
                  flushAllButNewestMinute();
                } else {
                  flush();
                }
                inputSinceFlush = false;
                nextFlushMs = clockNow + flushIntervalMs;
              }
              scheduleTick();
            });
  }

  /**
   * Sends the partials before any watermark passes on: at the end of a bounded input the final
   * watermark arrives before {@link #finish()}, and the partials must not follow it as late data.
   */
  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void flushAllButNewestMinute() {
    temporality().flushAllButNewestMinute(partial -> output.collect(new StreamRecord<>(partial)));
    if (attributionTag != null) {
      temporality()
          .flushAttributionAllButNewestMinute(
              partial -> output.collect(attributionTag, new StreamRecord<>(partial)));
    }
  }

  private void flush() {
    temporality().flush(partial -> output.collect(new StreamRecord<>(partial)));
    if (attributionTag != null) {
      temporality()
          .flushAttribution(partial -> output.collect(attributionTag, new StreamRecord<>(partial)));
    }
  }
}
