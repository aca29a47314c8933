package dev.aigw.insight.job.operators;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * A one-input operator that holds what it receives in memory (batches, combined partials) and sends
 * it on by {@link #flush()}: on a processing-time tick, before every watermark, before every
 * checkpoint barrier and when the input ends. The subclass decides what it holds, what a flush
 * sends and whether it ticks; the flush points are this class's:
 *
 * <ul>
 *   <li>before a watermark is forwarded: the records held arrived before it, so they must leave
 *       before it too, or downstream would take them for late data;
 *   <li>before the checkpoint barrier ({@link #prepareSnapshotPreBarrier}): nothing is held across
 *       a barrier, so the effects of every record that came before it are in the checkpoint's
 *       snapshots (downstream's); what is held is memory only, never state, and a restore from the
 *       checkpoint loses none of it;
 *   <li>when the input ends ({@link #finish()}): nothing comes after, the last records must leave.
 * </ul>
 *
 * <p>The tick ({@link #startTicking}) is a processing-time timer that runs {@link #onTick()} and
 * registers the next one. It bounds how long a record is held when no watermark or barrier comes.
 * Such a timer is not state: a restored operator starts ticking again in {@code open()}.
 *
 * <p>An operator that must be a {@code KeyedProcessOperator} because its function sets keyed timers
 * (those live in that operator's timer service, which is in every savepoint), such as {@code
 * temporality/SeriesTemporalityOperator}, cannot extend this class and keeps the same flush points
 * itself.
 */
public abstract class HoldingOperator<IN, OUT> extends AbstractStreamOperator<OUT>
    implements OneInputStreamOperator<IN, OUT> {

  private static final long serialVersionUID = 1L;

  /** Sends on everything held and forgets it; sends nothing when nothing is held. */
  protected abstract void flush() throws Exception;

  /**
   * What a tick does: flushes. An operator whose flushes follow another clock overrides it to flush
   * only when that clock says so.
   */
  protected void onTick() throws Exception {
    flush();
  }

  /**
   * Starts the tick, called from {@code open()} once what {@link #onTick()} reads is set up: every
   * {@code intervalMs} (> 0) of processing time, {@link #onTick()} runs and the next tick is
   * registered.
   */
  protected final void startTicking(long intervalMs) {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService()
        .registerTimer(
            now + intervalMs,
            time -> {
              onTick();
              startTicking(intervalMs);
            });
  }

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
}
