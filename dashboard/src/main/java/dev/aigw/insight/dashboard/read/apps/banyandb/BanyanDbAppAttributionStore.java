package dev.aigw.insight.dashboard.read.apps.banyandb;

import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.apps.AppAttributionQuery;
import dev.aigw.insight.dashboard.read.apps.AppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.read.banyandb.StoredPeriods;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import java.util.List;
import java.util.Map;

/**
 * Reads the application attribution cells from the two BanyanDB measures the job writes in the
 * minute group ({@link AppAttributionStoreNames#APPLICATION_MEASURE}, {@link
 * AppAttributionStoreNames#APPLICATION_MODEL_MEASURE}) as the application cells are read ({@link
 * AppMeasureReader}): the attribute, and the application and value asked for, as equality
 * conditions on the server, totals and steps folded here. The rows are few: one per application,
 * value (at most the job's cap per attribute) and minute. Long ranges read the hour and day
 * measures ({@link AppAttributionStoreNames#measureName(boolean, CellResolution)}) for the whole
 * hours and days they hold ({@link ResolutionPlan}, {@link StoredPeriods}). A measure the job has
 * not created (attribution off) reads as empty.
 */
public final class BanyanDbAppAttributionStore implements AppAttributionStore {

  /** Most attribute names listed (the job is configured with a handful). */
  static final int MAX_ATTRIBUTES = 1_000;

  private final AppMeasureReader reader;

  private BanyanDbAppAttributionStore(AppMeasureReader reader) {
    this.reader = reader;
  }

  /**
   * A reader of the minute measures in {@code minuteGroup} and of their hour and day roll-ups in
   * {@code hourGroup} and {@code dayGroup} (the job's {@code banyandb.genai.minute.group}, {@code
   * .hour.group}, {@code .day.group}) at the first of {@code targets}.
   */
  public static BanyanDbAppAttributionStore open(
      String targets, String minuteGroup, String hourGroup, String dayGroup) {
    return new BanyanDbAppAttributionStore(
        AppMeasureReader.open(targets, minuteGroup, hourGroup, dayGroup));
  }

  /** The job's default groups at the first of {@code targets}. */
  public static BanyanDbAppAttributionStore open(String targets) {
    return open(
        targets,
        CellStoreNames.DEFAULT_MINUTE_GROUP,
        CellResolution.HOUR.defaultGroup(),
        CellResolution.DAY.defaultGroup());
  }

  @Override
  public List<String> attributes(long fromMs, long toMs) {
    AppMeasureReader.Selection every =
        new AppMeasureReader.Selection(
            r -> AppAttributionStoreNames.measureName(false, r),
            AppAttributionStoreNames.entityTags(false),
            Map.of(),
            fromMs,
            toMs);
    return AppTotals.sortedGroups(
        reader.totals(every, List.of(AppAttributionStoreNames.ATTRIBUTE), MAX_ATTRIBUTES));
  }

  @Override
  public List<AppTotals> totals(AppAttributionQuery query, List<String> groupBy, int limit) {
    query.checkGroups(groupBy);
    return reader.totals(selection(query), groupBy, limit);
  }

  @Override
  public AppSteps steps(AppAttributionQuery query, long stepMs) {
    return reader.steps(selection(query), stepMs);
  }

  private static AppMeasureReader.Selection selection(AppAttributionQuery query) {
    return new AppMeasureReader.Selection(
        r -> AppAttributionStoreNames.measureName(query.byModel(), r),
        query.tags(),
        query.equal(),
        query.fromMs(),
        query.toMs());
  }

  @Override
  public void close() {
    reader.close();
  }

  @Override
  public String toString() {
    return "BanyanDB application attribution cells at "
        + reader.target()
        + " group "
        + reader.group(CellResolution.MINUTE);
  }
}
