package dev.aigw.insight.dashboard.read.apps.opensearch;

import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.apps.AppAttributionQuery;
import dev.aigw.insight.dashboard.read.apps.AppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.RollUpCells;
import dev.aigw.insight.schema.app.AppAttributionDocument;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCellDocument;
import dev.aigw.insight.schema.cell.CellResolution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the application attribution cells from the job's daily OpenSearch indices ({@code
 * aigw-app-attribution-cells-*}, {@link AppAttributionDocument}) with the searches the application
 * cells are read with ({@link AppCellSearches}): filtered on the stored dimension ({@code
 * APPLICATION} or {@code APPLICATION_MODEL}), the attribute and the application and value asked
 * for. Long ranges read the family's hour and day indices ({@link
 * AppAttributionStoreNames#indexPrefix}) for the whole hours and days they hold ({@link
 * RollUpCells}, {@link ResolutionPlan}).
 */
public final class OpenSearchAppAttributionStore implements AppAttributionStore {

  /** Most attribute names listed (the job is configured with a handful). */
  static final int MAX_ATTRIBUTES = 1_000;

  private final AppCellSearches searches;

  /** A reader of the job's index prefixes (minute, hour, day) on the given hosts. */
  public OpenSearchAppAttributionStore(OpenSearchReadOptions options) {
    this(
        options,
        AppAttributionStoreNames.indexPrefix(CellResolution.MINUTE),
        AppAttributionStoreNames.indexPrefix(CellResolution.HOUR),
        AppAttributionStoreNames.indexPrefix(CellResolution.DAY));
  }

  /** A reader of {@code <indexPrefix>-*}, its hour cells in {@code <hourPrefix>-*}, days alike. */
  public OpenSearchAppAttributionStore(
      OpenSearchReadOptions options, String indexPrefix, String hourPrefix, String dayPrefix) {
    this.searches = new AppCellSearches(options, indexPrefix, hourPrefix, dayPrefix);
  }

  @Override
  public List<String> attributes(long fromMs, long toMs) {
    Map<String, String> terms =
        Map.of(AppCellDocument.DIMENSION, AppAttributionStoreNames.APPLICATION);
    return AppTotals.sortedGroups(
        searches.totals(
            fromMs, toMs, terms, List.of(AppAttributionStoreNames.ATTRIBUTE), MAX_ATTRIBUTES));
  }

  @Override
  public List<AppTotals> totals(AppAttributionQuery query, List<String> groupBy, int limit) {
    query.checkGroups(groupBy);
    return searches.totals(query.fromMs(), query.toMs(), terms(query), groupBy, limit);
  }

  @Override
  public AppSteps steps(AppAttributionQuery query, long stepMs) {
    return searches.steps(query.fromMs(), query.toMs(), terms(query), stepMs);
  }

  /** The query's stored dimension and tag values as keyword terms. */
  private static Map<String, String> terms(AppAttributionQuery query) {
    Map<String, String> terms = new LinkedHashMap<>();
    terms.put(
        AppCellDocument.DIMENSION,
        query.byModel()
            ? AppAttributionStoreNames.APPLICATION_MODEL
            : AppAttributionStoreNames.APPLICATION);
    terms.putAll(query.equal());
    return terms;
  }

  @Override
  public void close() {
    // the JDK client holds no resources that outlive its requests
  }

  @Override
  public String toString() {
    return "OpenSearch application attribution cells " + searches.indices();
  }
}
