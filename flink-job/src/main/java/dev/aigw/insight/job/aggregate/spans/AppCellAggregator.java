package dev.aigw.insight.job.aggregate.spans;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Merges the partials of one application cell and minute into an {@link AppAggregate}. */
public class AppCellAggregator
    implements AggregateFunction<AppAggregate, AppAggregate, AppAggregate> {

  private static final long serialVersionUID = 1L;

  @Override
  public AppAggregate createAccumulator() {
    return new AppAggregate();
  }

  @Override
  public AppAggregate add(AppAggregate partial, AppAggregate acc) {
    acc.merge(partial);
    return acc;
  }

  @Override
  public AppAggregate getResult(AppAggregate acc) {
    return acc;
  }

  @Override
  public AppAggregate merge(AppAggregate a, AppAggregate b) {
    a.merge(b);
    return a;
  }
}
