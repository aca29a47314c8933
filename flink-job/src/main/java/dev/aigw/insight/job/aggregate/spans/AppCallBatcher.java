package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.operators.HoldingOperator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers the deduplicated calls into one {@link AppCallBatch} per application, chained after the
 * deduplication, so that the two guards and their exchanges handle a batch where they handled a
 * call. It sends its batches when one holds {@value #MAX_CALLS} calls, every {@value #TICK_MS} ms
 * of processing time, before every watermark and checkpoint barrier (the batches live only in
 * memory: what a checkpoint covers has been sent) and when the input ends.
 *
 * <p>The tick is on processing time, not on the job's clock: holding calls is no decision of the
 * analysis, only a delay (at most one tick), and a test whose clock stands still must still see its
 * calls reach the watermarks. The calls' ids are cleared: nothing after the deduplication reads
 * them, so the exchanges need not carry them.
 */
public class AppCallBatcher extends HoldingOperator<LlmCall, AppCallBatch> {

  private static final long serialVersionUID = 1L;

  /** Calls per batch at most. */
  static final int MAX_CALLS = 500;

  /** Processing-time interval of the flushes. */
  static final long TICK_MS = 10;

  private transient Map<String, AppCallBatch> batches;
  private transient StreamRecord<AppCallBatch> reuse;

  @Override
  public void open() throws Exception {
    super.open();
    batches = new LinkedHashMap<>(); // batches leave in the order their applications came
    reuse = new StreamRecord<>(null);
    startTicking(TICK_MS);
  }

  @Override
  public void processElement(StreamRecord<LlmCall> element) throws Exception {
    LlmCall call = element.getValue();
    call.ids = null;
    AppCallBatch batch = batches.get(call.application);
    if (batch == null) {
      batch = new AppCallBatch(call.application, new ArrayList<>());
      batches.put(call.application, batch);
    }
    batch.calls.add(call);
    if (batch.calls.size() >= MAX_CALLS) {
      batches.remove(call.application);
      output.collect(reuse.replace(batch));
    }
  }

  @Override
  protected void flush() {
    if (batches.isEmpty()) {
      return;
    }
    for (AppCallBatch batch : batches.values()) {
      output.collect(reuse.replace(batch));
    }
    batches.clear();
  }
}
