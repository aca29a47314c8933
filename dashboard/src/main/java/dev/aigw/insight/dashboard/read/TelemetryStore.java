package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.util.List;

/**
 * Reads the minute cells and the kept access logs the job wrote, from one store.
 *
 * <p>Implementations answer every query from the store alone (no state of their own, so a dashboard
 * can be restarted or scaled freely) and throw {@link StoreUnavailableException} when the store
 * cannot be reached or refuses the query, so that the API can say so instead of showing empty data.
 */
public interface TelemetryStore extends AutoCloseable {

  /**
   * The stored cells of the query's scope and dimension whose minute lies in its range, narrowed to
   * the given coordinates, ordered by minute then by the coordinates.
   */
  List<MinuteCell> cells(CellQuery query);

  /**
   * For each distinct value of {@code groupBy} among the query's cells, the totals over its range
   * (additive values summed), largest {@code requests} first, at most {@code limit} groups. The
   * store computes them where it can, so that a long range is not read cell by cell.
   */
  default List<RangeTotals> totals(CellQuery query, CellTag groupBy, int limit) {
    return totals(query, List.of(groupBy), limit);
  }

  /**
   * As {@link #totals(CellQuery, CellTag, int)}, grouped by the combination of several tags (e.g.
   * provider and model, since a model is named by both): one group per distinct key, ties in {@code
   * requests} ordered by key.
   */
  List<RangeTotals> totals(CellQuery query, List<CellTag> groupBy, int limit);

  /**
   * For each group of {@code groupBy} (the {@code limit} with most requests, in that order), the
   * given fields folded onto steps of {@code stepMs} from the query's start ({@link StepFold} says
   * how each field folds). The number of values answered is bounded by {@code limit} × fields ×
   * steps, whatever the number of cells.
   */
  List<GroupSteps> steps(
      CellQuery query, List<CellTag> groupBy, List<CellField> fields, long stepMs, int limit);

  /**
   * As {@link #steps(CellQuery, List, List, long, int)} for groups already chosen (the keys of
   * {@link #totals(CellQuery, List, int)}, in that order), so that a store need not rank the groups
   * a second time: the services list asks for totals and sparklines of the same services.
   */
  default List<GroupSteps> steps(
      CellQuery query,
      List<CellTag> groupBy,
      List<List<String>> groups,
      List<CellField> fields,
      long stepMs) {
    return steps(query, groupBy, fields, stepMs, groups.size());
  }

  /**
   * The cells {@link #totals} ({@code stepMs} 0) or {@link #steps} of {@code stepMs} read for the
   * query: {@code minute}, or {@code hour} when whole hours of a long range come from the job's
   * hour cells and the rest from minute cells (docs/dashboard.md, "Ranges"). Stores that read
   * minute cells only keep this default.
   */
  default String resolution(CellQuery query, long stepMs) {
    return "minute";
  }

  /** One page of kept access logs matching the query, newest first. */
  LogPage logs(LogQuery query);

  /** Frees the store's connections. */
  @Override
  void close();
}
