package dev.aigw.insight.job.aggregate;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Incrementally merges one attributed leaf's partials of a minute (as {@link LeafAggregator}). */
public class AttributionAggregator
    implements AggregateFunction<AttributedLeaf, AttributedLeaf, AttributedLeaf> {

  private static final long serialVersionUID = 1L;

  @Override
  public AttributedLeaf createAccumulator() {
    return new AttributedLeaf();
  }

  @Override
  public AttributedLeaf add(AttributedLeaf partial, AttributedLeaf acc) {
    if (acc.attribute == null) {
      acc.attribute = partial.attribute;
      acc.value = partial.value;
    }
    acc.merge(partial);
    return acc;
  }

  @Override
  public AttributedLeaf getResult(AttributedLeaf acc) {
    return acc;
  }

  @Override
  public AttributedLeaf merge(AttributedLeaf a, AttributedLeaf b) {
    if (a.attribute == null) {
      a.attribute = b.attribute;
      a.value = b.value;
    }
    a.merge(b);
    return a;
  }
}
