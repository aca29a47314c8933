package dev.aigw.insight.job.aggregate.spans;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the calls that reached their cell's window after its allowed lateness (dropped): they
 * arrive combined, so each late partial counts its calls.
 */
public class LateSpanCounter extends ProcessFunction<AppAggregate, Void> {

  private static final long serialVersionUID = 1L;

  /**
   * Job metric: late (call, cell) pairs; a late call counts once per dimension, i.e. three times.
   */
  public static final String LATE = "genaiSpansLateCellContributions";

  private transient Counter late;

  @Override
  public void open(OpenContext openContext) {
    late = getRuntimeContext().getMetricGroup().counter(LATE);
  }

  @Override
  public void processElement(AppAggregate partial, Context ctx, Collector<Void> out) {
    late.inc(partial.calls);
  }
}
