package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Sends the calls of each guarded {@link AppCallBatch} on one by one, for the watermarks. */
public class AppCallBatchSplitter implements FlatMapFunction<AppCallBatch, LlmCall> {

  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(AppCallBatch batch, Collector<LlmCall> out) {
    for (LlmCall call : batch.calls) {
      out.collect(call);
    }
  }
}
