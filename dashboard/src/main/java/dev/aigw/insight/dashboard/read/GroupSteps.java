package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.cell.CellField;
import java.util.List;
import java.util.Map;

/**
 * One group's cells folded onto a grid of steps (see {@link StepFold} for how each field folds):
 * per field, one value per step of the range, null for a step without any cell of the group.
 */
public record GroupSteps(List<String> key, Map<CellField, Number[]> values) {

  public GroupSteps {
    key = List.copyOf(key);
    values = Map.copyOf(values);
  }
}
