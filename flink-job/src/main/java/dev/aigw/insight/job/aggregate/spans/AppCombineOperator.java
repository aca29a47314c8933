package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.operators.HoldingOperator;
import dev.aigw.insight.job.time.JobClock;
import java.time.Duration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs an {@link AppCallCombiner} on the counted calls, chained after their watermarks, and sends
 * its partials on: every flush interval of the job's clock, when {@value #MAX_COMBINED} partials
 * wait, before every watermark (so no partial follows the watermark its calls preceded, and a
 * window's lateness is decided as it was for the calls), before every checkpoint barrier (the
 * partials live only in memory: what a checkpoint covers has been sent) and when the input ends.
 *
 * <p>As for the metrics' combiner, the flush interval is measured on {@link JobClock}: a test whose
 * clock stands still holds the partials until a watermark, a checkpoint or the end.
 */
public class AppCombineOperator extends HoldingOperator<LlmCall, AppAggregate> {

  private static final long serialVersionUID = 1L;

  /** Bound of the partials held between flushes. */
  static final int MAX_COMBINED = 10_000;

  private final long flushIntervalMs;
  private final JobClock clock;

  private transient AppCallCombiner combiner;
  private transient StreamRecord<AppAggregate> reuse;
  private transient long nextFlushMs;

  /** Flushes every {@code flushInterval} of {@code clock} (0: after every call). */
  public AppCombineOperator(Duration flushInterval, JobClock clock) {
    this.flushIntervalMs = flushInterval.toMillis();
    this.clock = clock;
  }

  @Override
  public void open() throws Exception {
    super.open();
    combiner = new AppCallCombiner();
    reuse = new StreamRecord<>(null);
    if (flushIntervalMs > 0) {
      nextFlushMs = clock.nowMs() + flushIntervalMs;
      startTicking(flushIntervalMs);
    }
  }

  @Override
  public void processElement(StreamRecord<LlmCall> element) throws Exception {
    combiner.add(element.getValue());
    if (flushIntervalMs == 0 || combiner.size() >= MAX_COMBINED) {
      flush();
    }
  }

  /** Every flush interval of processing time; flushes when the clock is due. */
  @Override
  protected void onTick() {
    long clockNow = clock.nowMs();
    if (clockNow >= nextFlushMs) {
      flush();
      nextFlushMs = clockNow + flushIntervalMs;
    }
  }

  @Override
  protected void flush() {
    combiner.emitTo((partial, timestampMs) -> output.collect(reuse.replace(partial, timestampMs)));
  }
}
