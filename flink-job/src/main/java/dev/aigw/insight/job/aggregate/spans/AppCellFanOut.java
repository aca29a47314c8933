package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.schema.app.AppDimension;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Aims each call at its cell of every {@link AppDimension}. */
public class AppCellFanOut implements FlatMapFunction<LlmCall, AppCellTarget> {

  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(LlmCall call, Collector<AppCellTarget> out) {
    for (AppDimension dimension : AppDimension.values()) {
      out.collect(AppCellTarget.of(call, dimension));
    }
  }
}
