package dev.aigw.insight.job.aggregate.spans;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds the calls of one application attribution cell and minute. */
public class AppAttributionAggregator
    implements AggregateFunction<
        AppAttributionTarget, AppAttributionAggregate, AppAttributionAggregate> {

  private static final long serialVersionUID = 1L;

  @Override
  public AppAttributionAggregate createAccumulator() {
    return new AppAttributionAggregate();
  }

  @Override
  public AppAttributionAggregate add(AppAttributionTarget target, AppAttributionAggregate acc) {
    acc.add(target);
    return acc;
  }

  @Override
  public AppAttributionAggregate getResult(AppAttributionAggregate acc) {
    return acc;
  }

  @Override
  public AppAttributionAggregate merge(AppAttributionAggregate a, AppAttributionAggregate b) {
    a.merge(b);
    return a;
  }
}
