package dev.aigw.insight.dashboard.read.apps;

import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import java.util.List;

/**
 * Reads the application attribution cells the job writes (the LLM calls of the span applications
 * per value of a configured attribute such as {@code team.id}, whole application or per model),
 * folded as {@link AppCellStore} folds the application cells: totals per group and one selection's
 * steps, on minute, hour or day cells as the range asks. Methods throw {@link
 * StoreUnavailableException} when the store cannot be reached or refuses.
 */
public interface AppAttributionStore extends AutoCloseable {

  /** The attribute names with whole-application cells in {@code [fromMs, toMs)}, sorted. */
  List<String> attributes(long fromMs, long toMs);

  /**
   * The totals of the query's cells per group of {@code groupBy} (tag store names the query's cells
   * have: application, value, and per-model provider, model), most calls first then by key, at most
   * {@code limit}; with {@code groupBy} empty, one group when there is any cell.
   */
  List<AppTotals> totals(AppAttributionQuery query, List<String> groupBy, int limit);

  /** All the query's cells folded onto steps of {@code stepMs} (whole minutes) from its start. */
  AppSteps steps(AppAttributionQuery query, long stepMs);

  @Override
  void close();
}
