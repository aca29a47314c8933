package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.GenAiPoint;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Incrementally folds one leaf's delta points of a minute into a {@link LeafAggregate}. */
public class LeafAggregator implements AggregateFunction<GenAiPoint, LeafAggregate, LeafAggregate> {

  private static final long serialVersionUID = 1L;

  @Override
  public LeafAggregate createAccumulator() {
    return new LeafAggregate();
  }

  @Override
  public LeafAggregate add(GenAiPoint point, LeafAggregate acc) {
    acc.add(point);
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
