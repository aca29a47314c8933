package dev.aigw.insight.dashboard.read.attribution;

import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * Range totals summed in the dashboard from attribution cells: integers exactly in 64 bits, the
 * duration sums as doubles. For a store that cannot sum every field of a group at once (BanyanDB),
 * and for OpenSearch when a double sum would not be exact.
 */
final class AttributionSums {

  private AttributionSums() {}

  /** The groups' totals of minute cells, most requests first then by key, at most {@code limit}. */
  static List<RangeTotals> totals(
      List<AttributionCell> cells, List<AttributionTag> groupBy, int limit) {
    return totals(cells, groupBy, limit, start -> 1);
  }

  /**
   * The groups' totals of cells of any resolution: a cell starting at {@code s} counts for {@code
   * minutesAt(s)} minutes with data ({@link ResolutionPlan#minutesAt}).
   */
  static List<RangeTotals> totals(
      List<AttributionCell> cells,
      List<AttributionTag> groupBy,
      int limit,
      LongUnaryOperator minutesAt) {
    Map<List<String>, Map<CellField, Long>> integers = new LinkedHashMap<>();
    Map<List<String>, Map<CellField, Double>> floats = new LinkedHashMap<>();
    Map<List<String>, Set<Long>> minutes = new LinkedHashMap<>();
    for (AttributionCell a : cells) {
      List<String> key = key(a, groupBy);
      Map<CellField, Long> ints =
          integers.computeIfAbsent(key, k -> new EnumMap<>(CellField.class));
      Map<CellField, Double> dbls =
          floats.computeIfAbsent(key, k -> new EnumMap<>(CellField.class));
      minutes.computeIfAbsent(key, k -> new HashSet<>()).add(a.cell.windowStartMs);
      for (CellField f : CellField.values()) {
        if (!f.isAdditive()) {
          continue;
        }
        if (f.type() == CellField.Type.INTEGER) {
          ints.merge(f, f.value(a.cell).longValue(), Math::addExact);
        } else {
          dbls.merge(f, f.doubleValue(a.cell), Double::sum);
        }
      }
    }
    List<RangeTotals> totals = new ArrayList<>();
    integers.forEach(
        (key, ints) ->
            totals.add(
                new RangeTotals(
                    key,
                    minutes.get(key).stream().mapToLong(minutesAt::applyAsLong).sum(),
                    ints,
                    floats.get(key))));
    totals.sort(ORDER);
    return totals.size() > limit ? List.copyOf(totals.subList(0, limit)) : totals;
  }

  /** Most requests first, then by key: the order both stores answer groups in. */
  static final Comparator<RangeTotals> ORDER =
      Comparator.comparingLong((RangeTotals t) -> t.integer(CellField.REQUESTS))
          .reversed()
          .thenComparing(t -> String.join("\u0000", t.key()));

  static List<String> key(AttributionCell cell, List<AttributionTag> groupBy) {
    List<String> key = new ArrayList<>(groupBy.size());
    groupBy.forEach(t -> key.add(t.get(cell)));
    return key;
  }

  /**
   * Refuses a grouping the query's cells cannot have (provider or model of whole-service cells).
   */
  static void checkGroups(AttributionQuery query, List<AttributionTag> groupBy) {
    if (groupBy.isEmpty()) {
      throw new IllegalArgumentException("group by at least one tag");
    }
    for (AttributionTag tag : groupBy) {
      if (!tag.belongsTo(query.isByModel())) {
        throw new IllegalArgumentException(
            "whole-service attribution cells have no " + tag.storeName() + " to group by");
      }
    }
  }
}
