package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the minute cells of a step fold into one value per field, so that a long range answers a
 * bounded number of points: additive fields and the money values are summed; an average whose sum
 * and count the cells carry is Σ sum / Σ count (never an average of averages); every other value
 * (percentiles, which cannot be combined) is the highest per-minute value of the step. A one-minute
 * step therefore gives each cell's own values. Stores that cannot aggregate on the server fold
 * their cells here; the OpenSearch store does the same with aggregations.
 */
public final class StepFold {

  /** How one field folds. */
  public enum Rule {
    /** Summed over the step. */
    SUM,
    /** Σ {@link CellField#sumOf()} / Σ {@link CellField#countOf()} over the step. */
    RATIO,
    /** The highest per-minute value of the step. */
    MAX
  }

  private StepFold() {}

  /** How {@code field} folds over a step of {@code stepMs}. */
  public static Rule rule(CellField field, long stepMs) {
    if (field.isAdditive()
        || field == CellField.ESTIMATED_COST
        || field == CellField.CACHE_SAVINGS) {
      return Rule.SUM;
    }
    if (stepMs > 60_000 && field.sumOf().isPresent()) {
      return Rule.RATIO;
    }
    return Rule.MAX;
  }

  /** The number of steps of {@code stepMs} from {@code fromMs} that cover up to {@code toMs}. */
  public static int steps(long fromMs, long toMs, long stepMs) {
    return (int) ((toMs - fromMs + stepMs - 1) / stepMs);
  }

  /**
   * Folds cells into steps per group, the groups ordered by requests (most first) then key, at most
   * {@code limit}.
   */
  public static List<GroupSteps> fold(
      List<MinuteCell> cells,
      CellQuery query,
      List<CellTag> groupBy,
      List<CellField> fields,
      long stepMs,
      int limit) {
    return fold(
        cells,
        Function.identity(),
        cell -> {
          List<String> key = new ArrayList<>(groupBy.size());
          groupBy.forEach(t -> key.add(t.get(cell)));
          return key;
        },
        query.fromMs(),
        query.toMs(),
        fields,
        stepMs,
        limit);
  }

  /**
   * As {@link #fold(List, CellQuery, List, List, long, int)} for rows that carry a minute cell
   * ({@code cellOf}) and are grouped by a key of their own ({@code keyOf}), e.g. attribution cells
   * by their attribute's value; the steps run from {@code fromMs} to {@code toMs}.
   */
  public static <R> List<GroupSteps> fold(
      List<R> rows,
      Function<R, MinuteCell> cellOf,
      Function<R, List<String>> keyOf,
      long fromMs,
      long toMs,
      List<CellField> fields,
      long stepMs,
      int limit) {
    int n = steps(fromMs, toMs, stepMs);
    Map<List<String>, Acc> groups = new LinkedHashMap<>();
    for (R row : rows) {
      MinuteCell cell = cellOf.apply(row);
      int step = (int) ((cell.windowStartMs - fromMs) / stepMs);
      if (cell.windowStartMs < fromMs || step >= n) {
        continue;
      }
      groups.computeIfAbsent(keyOf.apply(row), k -> new Acc(fields, n)).add(cell, step, stepMs);
    }
    List<Map.Entry<List<String>, Acc>> ordered = new ArrayList<>(groups.entrySet());
    ordered.sort(
        Comparator.comparingLong((Map.Entry<List<String>, Acc> e) -> -e.getValue().requests)
            .thenComparing(e -> String.join("\u0000", e.getKey())));
    List<GroupSteps> out = new ArrayList<>();
    for (Map.Entry<List<String>, Acc> e : ordered.subList(0, Math.min(limit, ordered.size()))) {
      out.add(new GroupSteps(e.getKey(), e.getValue().values(stepMs)));
    }
    return out;
  }

  /** One group's running folds. */
  private static final class Acc {
    private final List<CellField> fields;
    private final Map<CellField, Number[]> values = new EnumMap<>(CellField.class);
    private final Map<CellField, double[]> sums = new EnumMap<>(CellField.class);
    private final Map<CellField, double[]> counts = new EnumMap<>(CellField.class);
    private long requests;

    Acc(List<CellField> fields, int n) {
      this.fields = fields;
      for (CellField f : fields) {
        values.put(f, new Number[n]);
        sums.put(f, new double[n]);
        counts.put(f, new double[n]);
      }
    }

    void add(MinuteCell cell, int step, long stepMs) {
      requests += cell.requests;
      for (CellField f : fields) {
        Number[] v = values.get(f);
        switch (rule(f, stepMs)) {
          case SUM -> {
            if (f.type() == CellField.Type.INTEGER) {
              long prior = v[step] == null ? 0L : v[step].longValue();
              v[step] = Math.addExact(prior, f.value(cell).longValue());
            } else {
              v[step] = (v[step] == null ? 0.0 : v[step].doubleValue()) + f.doubleValue(cell);
            }
          }
          case RATIO -> {
            sums.get(f)[step] += f.sumOf().orElseThrow().doubleValue(cell);
            counts.get(f)[step] += f.countOf().orElseThrow().doubleValue(cell);
            double max = v[step] == null ? Double.NEGATIVE_INFINITY : v[step].doubleValue();
            v[step] = Math.max(max, f.doubleValue(cell)); // kept for the fallback below
          }
          case MAX -> {
            if (v[step] == null || f.doubleValue(cell) > v[step].doubleValue()) {
              v[step] = f.value(cell);
            }
          }
        }
      }
    }

    Map<CellField, Number[]> values(long stepMs) {
      for (CellField f : fields) {
        if (rule(f, stepMs) != Rule.RATIO) {
          continue;
        }
        Number[] v = values.get(f);
        for (int i = 0; i < v.length; i++) {
          if (v[i] != null) {
            v[i] = ratio(sums.get(f)[i], counts.get(f)[i], v[i].doubleValue());
          }
        }
      }
      return values;
    }
  }

  /**
   * Σ sum / Σ count of a step; 0 without any count (as a cell's average reads); the highest
   * per-minute average when the cells carry no sum (written before the duration sums existed).
   */
  public static double ratio(double sum, double count, double max) {
    if (count <= 0) {
      return 0.0;
    }
    return sum > 0 || max <= 0 ? sum / count : max;
  }
}
