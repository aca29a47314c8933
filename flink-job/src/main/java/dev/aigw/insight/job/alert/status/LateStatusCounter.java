package dev.aigw.insight.job.alert.status;

import dev.aigw.insight.job.model.AccessLogStatusCount;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the access logs whose status count arrived after its minute's allowed lateness (gauge
 * {@value #METRIC}); they are dropped from the shares.
 */
public final class LateStatusCounter extends ProcessFunction<AccessLogStatusCount, Void> {

  private static final long serialVersionUID = 1L;

  /** The counter of access logs too late for their minute's status counts. */
  public static final String METRIC = "alertStatusLateRequestsDropped";

  private transient Counter late;

  @Override
  public void open(OpenContext openContext) {
    late = getRuntimeContext().getMetricGroup().counter(METRIC);
  }

  @Override
  public void processElement(AccessLogStatusCount count, Context ctx, Collector<Void> out) {
    late.inc(count.requests);
  }
}
