package dev.aigw.insight.job.temporality;

import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.model.ResourcePoints;
import java.time.Duration;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs {@link SeriesTemporality} and sends its combined partials on: every flush interval, when
 * {@value #MAX_COMBINED} partials wait, before every checkpoint barrier (so a checkpoint never
 * covers an input whose partials were not sent), before any watermark from upstream (a bounded
 * input's final one) and when the input ends.
 *
 * <p>The combined partials live only in memory: what a checkpoint covers has been sent before its
 * barrier, so nothing is lost on a restore.
 */
public class SeriesTemporalityOperator
    extends KeyedProcessOperator<String, ResourcePoints, LeafAggregate> {

  private static final long serialVersionUID = 1L;

  /** Bound of the partials held between flushes (~1 kB each). */
  static final int MAX_COMBINED = 10_000;

  private final long flushIntervalMs;

  public SeriesTemporalityOperator(SeriesTemporality temporality, Duration flushInterval) {
    super(temporality);
    this.flushIntervalMs = flushInterval.toMillis();
  }

  private SeriesTemporality temporality() {
    return (SeriesTemporality) userFunction;
  }

  @Override
  public void open() throws Exception {
    super.open();
    if (flushIntervalMs > 0) {
      scheduleFlush();
    }
  }

  @Override
  public void processElement(StreamRecord<ResourcePoints> element) throws Exception {
    super.processElement(element);
    if (flushIntervalMs == 0 || temporality().combined() >= MAX_COMBINED) {
      flush();
    }
  }

  private void scheduleFlush() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService()
        .registerTimer(
            now + flushIntervalMs,
            time -> {
              flush();
              scheduleFlush();
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

  private void flush() {
    temporality().flush(partial -> output.collect(new StreamRecord<>(partial)));
  }
}
