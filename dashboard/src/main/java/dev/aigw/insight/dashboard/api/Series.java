package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.StepFold;
import dev.aigw.insight.schema.cell.CellField;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Series on a range's grid of steps (one minute, or several on a long range), one array per field.
 * Counts, tokens and costs read per minute whatever the step (a step's sum divided by its minutes,
 * so that a chart's unit does not change with the range); averages are the step's Σ sum / Σ count;
 * percentiles the highest per-minute value of the step (see {@link StepFold}). A step without a
 * cell had no traffic: additive fields read 0 there, the others null, since an average of nothing
 * is not 0.
 */
final class Series {

  private Series() {}

  /** Field name → values per step of {@code range}, from one group's folded steps (or none). */
  static Map<String, Object[]> values(
      TimeRange range, long stepMs, GroupSteps steps, List<CellField> fields) {
    Map<String, Object[]> out = new LinkedHashMap<>();
    int n = StepFold.steps(range.fromMs(), range.toMs(), stepMs);
    for (CellField f : fields) {
      boolean summed = StepFold.rule(f, stepMs) == StepFold.Rule.SUM;
      Object[] values = new Object[n];
      if (summed) {
        Number zero =
            f.type() == CellField.Type.INTEGER && stepMs == TimeRange.MINUTE_MS
                ? (Number) 0L
                : (Number) 0.0;
        Arrays.fill(values, zero);
      }
      Number[] folded = steps == null ? null : steps.values().get(f);
      for (int i = 0; folded != null && i < n; i++) {
        if (folded[i] == null) {
          continue;
        }
        if (summed && stepMs != TimeRange.MINUTE_MS) {
          // the last step may end with the range
          long start = range.fromMs() + i * stepMs;
          long minutes = (Math.min(start + stepMs, range.toMs()) - start) / TimeRange.MINUTE_MS;
          values[i] = folded[i].doubleValue() / minutes;
        } else {
          values[i] = folded[i];
        }
      }
      out.put(f.storeName(), values);
    }
    return out;
  }
}
