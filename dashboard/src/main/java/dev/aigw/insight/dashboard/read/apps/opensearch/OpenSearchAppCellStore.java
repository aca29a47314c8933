package dev.aigw.insight.dashboard.read.apps.opensearch;

import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.apps.AppCellQuery;
import dev.aigw.insight.dashboard.read.apps.AppCellStore;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.RollUpCells;
import dev.aigw.insight.schema.app.AppCellDocument;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.cell.CellResolution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the application cells from the job's daily OpenSearch indices ({@code aigw-app-cells-*})
 * with filtered searches and aggregations only ({@link AppCellSearches}: exact sums, percentiles at
 * their highest), filtered on the query's dimension and coordinates.
 *
 * <p>Long ranges read the job's application hour and day cells ({@link
 * AppCellStoreNames#indexPrefix}) for the whole hours and days they hold and the minute cells for
 * the rest, in the same searches ({@link RollUpCells}, {@link ResolutionPlan}).
 */
public final class OpenSearchAppCellStore implements AppCellStore {

  private final AppCellSearches searches;

  /** A reader of the job's default application index prefix on the given hosts. */
  public OpenSearchAppCellStore(OpenSearchReadOptions options) {
    this(options, AppCellStoreNames.DEFAULT_INDEX_PREFIX);
  }

  /** A reader of the daily indices {@code <indexPrefix>-yyyy.MM.dd}. */
  public OpenSearchAppCellStore(OpenSearchReadOptions options, String indexPrefix) {
    this(
        options,
        indexPrefix,
        AppCellStoreNames.indexPrefix(CellResolution.HOUR),
        AppCellStoreNames.indexPrefix(CellResolution.DAY));
  }

  /** A reader whose hour and day cells are in {@code <hourPrefix>-*} and {@code <dayPrefix>-*}. */
  public OpenSearchAppCellStore(
      OpenSearchReadOptions options, String indexPrefix, String hourPrefix, String dayPrefix) {
    this.searches = new AppCellSearches(options, indexPrefix, hourPrefix, dayPrefix);
  }

  @Override
  public List<AppTotals> totals(AppCellQuery query, List<String> groupBy, int limit) {
    return searches.totals(query.fromMs(), query.toMs(), terms(query), groupBy, limit);
  }

  @Override
  public AppSteps steps(AppCellQuery query, long stepMs) {
    return searches.steps(query.fromMs(), query.toMs(), terms(query), stepMs);
  }

  /** The query's dimension and coordinates as keyword terms. */
  private static Map<String, String> terms(AppCellQuery query) {
    Map<String, String> terms = new LinkedHashMap<>();
    terms.put(AppCellDocument.DIMENSION, query.dimension().name());
    terms.putAll(query.coordinates());
    return terms;
  }

  @Override
  public void close() {
    // the JDK client holds no resources that outlive its requests
  }

  @Override
  public String toString() {
    return "OpenSearch application cells " + searches.indices();
  }
}
