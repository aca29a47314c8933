package dev.aigw.insight.dashboard.read.apps;

import dev.aigw.insight.schema.app.AppCellField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One group's cells over a range: the exact sum of every {@link AppFields#ADDITIVE} field, the
 * highest value of every {@link AppFields#PERCENTILES} field among the cells, and the number of
 * minutes that have a cell.
 */
public record AppTotals(
    List<String> key,
    long minutes,
    Map<AppCellField, Long> sums,
    Map<AppCellField, Double> highest) {

  public AppTotals {
    key = List.copyOf(key);
    sums = Map.copyOf(sums);
    highest = Map.copyOf(highest);
  }

  /** The sum of an additive field (0 when absent). */
  public long sum(AppCellField field) {
    return sums.getOrDefault(field, 0L);
  }

  /** The highest per-cell value of a percentile field, or null. */
  public Double highest(AppCellField field) {
    return highest.get(field);
  }

  /** The groups' names ({@link #group()}), sorted: e.g. the attribute names of a family. */
  public static List<String> sortedGroups(List<AppTotals> totals) {
    List<String> names = new ArrayList<>();
    totals.forEach(t -> names.add(t.group()));
    names.sort(null);
    return names;
  }

  /** The last coordinate of the key (the group's name). */
  public String group() {
    return key.get(key.size() - 1);
  }
}
