package dev.aigw.insight.dashboard.read.apps;

import dev.aigw.insight.schema.app.AppCellField;
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
 * Totals and steps folded here from cells ({@link AppRow}s), for a store that cannot aggregate on
 * its side: by the same rules as the OpenSearch aggregations (exact integer sums, percentiles at
 * their highest).
 */
public final class AppFold {

  private AppFold() {}

  /** The totals per group of {@code groupBy}, most calls first then by key, at most limit. */
  public static List<AppTotals> totals(List<AppRow> cells, List<String> groupBy, int limit) {
    return totals(cells, groupBy, limit, start -> 1);
  }

  /**
   * As {@link #totals(List, List, int)} for cells of any resolution: a cell starting at {@code s}
   * counts for {@code minutesAt(s)} minutes with data ({@code ResolutionPlan#minutesAt}).
   */
  public static List<AppTotals> totals(
      List<AppRow> cells, List<String> groupBy, int limit, LongUnaryOperator minutesAt) {
    Map<List<String>, Acc> groups = new LinkedHashMap<>();
    for (AppRow cell : cells) {
      List<String> key = new ArrayList<>(groupBy.size());
      groupBy.forEach(t -> key.add(cell.tags().getOrDefault(t, "")));
      groups.computeIfAbsent(key, k -> new Acc()).add(cell);
    }
    List<AppTotals> out = new ArrayList<>();
    groups.forEach((key, acc) -> out.add(acc.totals(key, minutesAt)));
    out.sort(
        Comparator.comparingLong((AppTotals t) -> -t.sum(AppCellField.CALLS))
            .thenComparing(t -> String.join("\u0000", t.key())));
    return out.subList(0, Math.min(Math.max(limit, 0), out.size()));
  }

  /** The cells of {@code [fromMs, toMs)} folded onto steps of {@code stepMs} from its start. */
  public static AppSteps steps(List<AppRow> cells, long fromMs, long toMs, long stepMs) {
    int n = stepCount(fromMs, toMs, stepMs);
    Map<AppCellField, Number[]> values = new EnumMap<>(AppCellField.class);
    AppFields.ADDITIVE.forEach(f -> values.put(f, new Number[n]));
    AppFields.PERCENTILES.forEach(f -> values.put(f, new Number[n]));
    for (AppRow cell : cells) {
      long offset = cell.minuteMs() - fromMs;
      if (offset < 0 || offset / stepMs >= n) {
        continue;
      }
      int i = (int) (offset / stepMs);
      for (AppCellField f : AppFields.ADDITIVE) {
        Number[] v = values.get(f);
        v[i] = Math.addExact(v[i] == null ? 0L : v[i].longValue(), cell.integer(f));
      }
      for (AppCellField f : AppFields.PERCENTILES) {
        Number[] v = values.get(f);
        double value = cell.floating(f);
        v[i] = v[i] == null ? value : Math.max(v[i].doubleValue(), value);
      }
    }
    return new AppSteps(values);
  }

  /** The number of steps of {@code stepMs} from {@code fromMs} that cover up to {@code toMs}. */
  public static int stepCount(long fromMs, long toMs, long stepMs) {
    return (int) ((toMs - fromMs + stepMs - 1) / stepMs);
  }

  /** One group's running sums, highest values and minutes. */
  private static final class Acc {
    private final Map<AppCellField, Long> sums = new EnumMap<>(AppCellField.class);
    private final Map<AppCellField, Double> highest = new EnumMap<>(AppCellField.class);
    private final Set<Long> minutes = new HashSet<>();

    void add(AppRow cell) {
      minutes.add(cell.minuteMs());
      for (AppCellField f : AppFields.ADDITIVE) {
        sums.merge(f, cell.integer(f), Math::addExact);
      }
      for (AppCellField f : AppFields.PERCENTILES) {
        highest.merge(f, cell.floating(f), Math::max);
      }
    }

    AppTotals totals(List<String> key, LongUnaryOperator minutesAt) {
      long withData = minutes.stream().mapToLong(minutesAt::applyAsLong).sum();
      return new AppTotals(key, withData, sums, highest);
    }
  }
}
