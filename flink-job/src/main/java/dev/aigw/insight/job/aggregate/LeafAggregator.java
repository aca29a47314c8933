package dev.aigw.insight.job.aggregate;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Incrementally merges one leaf's partial aggregates of a minute into a {@link LeafAggregate}. */
public class LeafAggregator
    implements AggregateFunction<LeafAggregate, LeafAggregate, LeafAggregate> {

  private static final long serialVersionUID = 1L;

  @Override
  public LeafAggregate createAccumulator() {
    return new LeafAggregate();
  }

  @Override
  public LeafAggregate add(LeafAggregate partial, LeafAggregate acc) {
    acc.merge(partial);
    return acc;
  }

  @Override
  public LeafAggregate getResult(LeafAggregate acc) {
    return acc;
  }

  @Override
  public LeafAggregate merge(LeafAggregate a, LeafAggregate b) {
    a.merge(b);
    return a;
  }
}
