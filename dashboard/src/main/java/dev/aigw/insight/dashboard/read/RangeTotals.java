package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.cell.CellField;
import java.util.Map;

/**
 * The additive values of one group's cells summed over a range: integer fields exactly (cost in
 * picos can exceed a double's exact range), float sums (e.g. latency sums in ms) as doubles.
 * Averages and ratios are derived from these sums and counts, never by averaging averages.
 */
public record RangeTotals(
    String group, long minutes, Map<CellField, Long> integers, Map<CellField, Double> floats) {

  public RangeTotals {
    integers = Map.copyOf(integers);
    floats = Map.copyOf(floats);
  }

  /** The exact sum of an integer field (0 when the group had none). */
  public long integer(CellField field) {
    return integers.getOrDefault(field, 0L);
  }

  /** The sum of a float field (0 when the group had none). */
  public double floating(CellField field) {
    return floats.getOrDefault(field, 0.0);
  }
}
