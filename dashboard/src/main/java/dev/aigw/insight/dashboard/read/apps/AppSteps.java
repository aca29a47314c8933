package dev.aigw.insight.dashboard.read.apps;

import dev.aigw.insight.schema.app.AppCellField;
import java.util.Map;

/**
 * A selection's cells folded onto a grid of steps: per field, one value per step, null for a step
 * without a cell. Additive fields ({@link AppFields#ADDITIVE}) hold the step's exact sum as a
 * {@link Long}; percentiles ({@link AppFields#PERCENTILES}) the highest value of the step's cells
 * as a {@link Double}.
 */
public record AppSteps(Map<AppCellField, Number[]> values) {

  public AppSteps {
    values = Map.copyOf(values);
  }

  /** The values of one field per step. */
  public Number[] of(AppCellField field) {
    return values.get(field);
  }
}
