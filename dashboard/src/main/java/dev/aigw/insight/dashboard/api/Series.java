package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.StepFold;
import dev.aigw.insight.schema.cell.CellField;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * is not 0. A value a step of several minutes computes (a per-minute rate, a ratio) is rounded to
 * {@link #SIGNIFICANT_DIGITS} significant digits, yet at least {@link #DECIMALS} decimals: finer
 * than any number the page shows, and the digits of an unrounded quotient were most of an answer's
 * bytes.
 */
final class Series {

  /** Significant digits kept of a computed value. */
  static final int SIGNIFICANT_DIGITS = 4;

  /** Decimals kept of a computed value however large (the page shows money to the cent). */
  static final int DECIMALS = 2;

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
          values[i] = round(folded[i].doubleValue() / minutes);
        } else if (stepMs != TimeRange.MINUTE_MS && folded[i] instanceof Double d) {
          values[i] = round(d); // a step's ratio or highest minute
        } else {
          values[i] = folded[i];
        }
      }
      out.put(f.storeName(), values);
    }
    return out;
  }

  /**
   * {@code v} to {@link #SIGNIFICANT_DIGITS} significant digits, or to {@link #DECIMALS} decimals
   * where that keeps more (205.666… → 205.67, 12 345.678 → 12 345.68, 0.000123456 → 0.0001235).
   */
  static double round(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v;
    }
    BigDecimal exact = BigDecimal.valueOf(v);
    int scale =
        Math.max(DECIMALS, SIGNIFICANT_DIGITS - 1 - (exact.precision() - exact.scale() - 1));
    return exact.setScale(scale, RoundingMode.HALF_UP).doubleValue();
  }
}
