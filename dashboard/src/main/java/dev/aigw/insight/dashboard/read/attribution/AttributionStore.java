package dev.aigw.insight.dashboard.read.attribution;

import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellField;
import java.util.List;

/**
 * Reads the attribution cells the job wrote (per service and value of a configured attribute such
 * as {@code team.id}, whole or per model), from one store. As {@link
 * dev.aigw.insight.dashboard.read.TelemetryStore}: no state of its own, {@link
 * StoreUnavailableException} when the store cannot be reached or refuses the query.
 */
public interface AttributionStore extends AutoCloseable {

  /** The attribute names that have cells in {@code [fromMs, toMs)}, sorted. */
  List<String> attributes(long fromMs, long toMs);

  /** The query's cells, ordered by minute, service, value, provider, model. */
  List<AttributionCell> cells(AttributionQuery query);

  /**
   * For each distinct key of {@code groupBy} among the query's cells, the totals over its range
   * (additive values summed exactly), most {@code requests} first then by key, at most {@code
   * limit}. The store sums where it can, so that a long range is not read cell by cell.
   */
  List<RangeTotals> totals(AttributionQuery query, List<AttributionTag> groupBy, int limit);

  /**
   * For the {@code limit} groups of {@code groupBy} with most requests (in that order), the given
   * fields folded onto steps of {@code stepMs} from the query's start, as {@link
   * dev.aigw.insight.dashboard.read.StepFold} folds minute cells.
   */
  List<GroupSteps> steps(
      AttributionQuery query,
      List<AttributionTag> groupBy,
      List<CellField> fields,
      long stepMs,
      int limit);

  /** Frees the store's connections. */
  @Override
  void close();
}
