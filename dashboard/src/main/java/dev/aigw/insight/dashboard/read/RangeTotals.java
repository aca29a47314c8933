package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.cell.CellField;
import java.util.List;
import java.util.Map;

/**
 * The additive values of one group's cells summed over a range: integer fields exactly (cost in
 * picos can exceed a double's exact range), float sums (e.g. latency sums in ms) as doubles.
 * Averages and ratios are derived from these sums and counts, never by averaging averages.
 *
 * <p>The group is named by its {@code key}: one value per tag it was grouped by, in that order
 * (e.g. provider then model); {@link #group()} is the last of them.
 */
public record RangeTotals(
    List<String> key, long minutes, Map<CellField, Long> integers, Map<CellField, Double> floats) {

  public RangeTotals {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a group has at least one key value");
    }
    key = List.copyOf(key);
    integers = Map.copyOf(integers);
    floats = Map.copyOf(floats);
  }

  /** The totals of a group named by one value. */
  public RangeTotals(
      String group, long minutes, Map<CellField, Long> integers, Map<CellField, Double> floats) {
    this(List.of(group), minutes, integers, floats);
  }

  /** The group's name: the last value of its key (the only one when grouped by one tag). */
  public String group() {
    return key.get(key.size() - 1);
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
