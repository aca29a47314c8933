package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.schema.app.AppDimension;

/**
 * The calls of one application attribution cell and minute (a Flink POJO, the window's
 * accumulator): an {@link AppAggregate} of the per-model coordinates plus the attribute, its value
 * and whether the cell is per model.
 */
public class AppAttributionAggregate extends AppAggregate {

  public String attribute;
  public String value;
  public boolean byModel;

  /** Flink POJO constructor. */
  public AppAttributionAggregate() {}

  /** Adds one call (its coordinates come with the first). */
  public void add(AppAttributionTarget t) {
    if (attribute == null) {
      attribute = t.attribute;
      value = t.value;
      byModel = t.byModel;
      dimension = AppDimension.APPLICATION_MODEL;
      application = t.call.application;
      provider = t.call.provider;
      model = t.call.model;
    }
    addValues(t.call);
  }

  /** Adds another aggregate of the same cell. */
  public void merge(AppAttributionAggregate o) {
    if (attribute == null) {
      attribute = o.attribute;
      value = o.value;
      byModel = o.byModel;
    }
    super.merge(o);
  }
}
