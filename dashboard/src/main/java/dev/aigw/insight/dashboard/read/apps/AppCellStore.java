package dev.aigw.insight.dashboard.read.apps;

import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import java.util.List;

/**
 * Reads the GenAI application cells (issue 17) the job writes: range totals per group and one
 * selection's per-step series, both folded by the store (or, where the store cannot, by {@link
 * AppFold}) so that an answer's size depends on groups and steps, never on the number of cells.
 * Methods throw {@link StoreUnavailableException} when the store cannot be reached or refuses.
 */
public interface AppCellStore extends AutoCloseable {

  /**
   * The totals of the query's cells per group of {@code groupBy} (coordinate store names of the
   * query's dimension), most calls first then by key, at most {@code limit}. With {@code groupBy}
   * empty, one group (key empty) when there is any cell.
   */
  List<AppTotals> totals(AppCellQuery query, List<String> groupBy, int limit);

  /**
   * All the query's cells folded onto steps of {@code stepMs} (whole minutes) from the query's
   * start: the {@link AppFields#ADDITIVE} fields summed, the {@link AppFields#PERCENTILES} at their
   * highest.
   */
  AppSteps steps(AppCellQuery query, long stepMs);

  @Override
  void close();
}
