package dev.aigw.insight.job.alert.status;

import dev.aigw.insight.job.model.AccessLogStatusCount;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Sums the decoder's status counts of one service and minute, per backend (capped). */
public final class StatusCountAggregator
    implements AggregateFunction<AccessLogStatusCount, ServiceStatusMinute, ServiceStatusMinute> {

  private static final long serialVersionUID = 1L;

  @Override
  public ServiceStatusMinute createAccumulator() {
    return new ServiceStatusMinute();
  }

  @Override
  public ServiceStatusMinute add(AccessLogStatusCount count, ServiceStatusMinute acc) {
    acc.add(count);
    return acc;
  }

  @Override
  public ServiceStatusMinute getResult(ServiceStatusMinute acc) {
    return acc;
  }

  @Override
  public ServiceStatusMinute merge(ServiceStatusMinute a, ServiceStatusMinute b) {
    a.addAll(b);
    return a;
  }
}
