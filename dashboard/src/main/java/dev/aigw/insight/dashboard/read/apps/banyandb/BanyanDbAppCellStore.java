package dev.aigw.insight.dashboard.read.apps.banyandb;

import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.apps.AppCellQuery;
import dev.aigw.insight.dashboard.read.apps.AppCellStore;
import dev.aigw.insight.dashboard.read.apps.AppFold;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.read.banyandb.StoredPeriods;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import java.util.List;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;

/**
 * Reads the application cells from the BanyanDB measures the job writes ({@link
 * AppCellStoreNames#measureName}, in the minute group of the gateway cells) with the official Java
 * client's {@link MeasureQuery} ({@link AppMeasureReader}): the query's coordinates as equality
 * conditions on the server, the totals and steps folded here ({@link AppFold}, exact 64-bit sums),
 * since the client's aggregation sums one field per query. A group or measure the job has not
 * created yet reads as empty; a store that cannot be reached or refuses the query raises {@link
 * StoreUnavailableException} naming the measure and the gRPC status.
 *
 * <p>Long ranges read the hour and day measures ({@link AppCellStoreNames#measureName(AppDimension,
 * CellResolution)} in the hour and day groups) for the whole hours and days they hold and the
 * minute measures for the rest ({@link ResolutionPlan}; where they are stored: {@link
 * StoredPeriods}), as the gateway cells are read.
 */
public final class BanyanDbAppCellStore implements AppCellStore {

  private final AppMeasureReader reader;

  private BanyanDbAppCellStore(AppMeasureReader reader) {
    this.reader = reader;
  }

  /**
   * A reader of the measures in {@code minuteGroup} (the job's {@code banyandb.genai.minute.group})
   * at the first of {@code targets}; the connection is made on the first query.
   */
  public static BanyanDbAppCellStore open(String targets, String minuteGroup) {
    return open(
        targets,
        minuteGroup,
        CellResolution.HOUR.defaultGroup(),
        CellResolution.DAY.defaultGroup());
  }

  /**
   * A reader of the minute measures in {@code minuteGroup} and of their hour and day roll-ups in
   * {@code hourGroup} and {@code dayGroup} (the job's {@code banyandb.genai.hour.group}, {@code
   * .day.group}).
   */
  public static BanyanDbAppCellStore open(
      String targets, String minuteGroup, String hourGroup, String dayGroup) {
    return new BanyanDbAppCellStore(
        AppMeasureReader.open(targets, minuteGroup, hourGroup, dayGroup));
  }

  /** A reader of the job's default minute group. */
  public static BanyanDbAppCellStore open(String targets) {
    return open(targets, CellStoreNames.DEFAULT_MINUTE_GROUP);
  }

  @Override
  public List<AppTotals> totals(AppCellQuery query, List<String> groupBy, int limit) {
    return reader.totals(selection(query), groupBy, limit);
  }

  @Override
  public AppSteps steps(AppCellQuery query, long stepMs) {
    return reader.steps(selection(query), stepMs);
  }

  /** The query's measures (one per dimension and resolution), tags and coordinates. */
  private static AppMeasureReader.Selection selection(AppCellQuery query) {
    return new AppMeasureReader.Selection(
        r -> AppCellStoreNames.measureName(query.dimension(), r),
        query.dimension().tags(),
        query.coordinates(),
        query.fromMs(),
        query.toMs());
  }

  @Override
  public void close() {
    reader.close();
  }

  @Override
  public String toString() {
    return "BanyanDB application cells at "
        + reader.target()
        + " group "
        + reader.group(CellResolution.MINUTE);
  }
}
