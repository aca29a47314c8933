package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the points of partial aggregates that arrived after their minute's allowed lateness; they
 * are dropped.
 */
public class LatePointCounter extends ProcessFunction<LeafAggregate, Void> {

  private static final long serialVersionUID = 1L;

  private transient Counter late;

  @Override
  public void open(OpenContext openContext) {
    late = getRuntimeContext().getMetricGroup().counter(AnalysisMetrics.LATE_POINTS_DROPPED);
  }

  @Override
  public void processElement(LeafAggregate partial, Context ctx, Collector<Void> out) {
    late.inc(partial.points);
  }
}
