package dev.aigw.insight.dashboard.read.apps.banyandb;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.UnsupportedQueryException;
import dev.aigw.insight.dashboard.read.apps.AppFold;
import dev.aigw.insight.dashboard.read.apps.AppRow;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.read.banyandb.BanyanDbCalls;
import dev.aigw.insight.dashboard.read.banyandb.CellGroups;
import dev.aigw.insight.dashboard.read.banyandb.StoredPeriods;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.cell.CellResolution;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.PairQueryCondition;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;
import org.apache.skywalking.banyandb.v1.client.metadata.MetadataCache;

/**
 * Reads measures of application-shaped cells (every {@link AppCellField}; the application cells'
 * and the application attribution cells' measures) with the official client's {@link MeasureQuery}
 * and folds their rows into totals and steps ({@link AppFold}, exact 64-bit sums): the part both
 * BanyanDB readers of those families share. Long ranges read the hour and day measures for the
 * whole hours and days they hold ({@link ResolutionPlan}, {@link StoredPeriods}). Only the fields a
 * measure has are projected; a group or measure not created yet reads as empty; a store that cannot
 * be reached or refuses raises {@link StoreUnavailableException}.
 */
final class AppMeasureReader implements AutoCloseable {

  /** Rows per query page. */
  private static final int PAGE_ROWS = 10_000;

  /** Rows one call may read at most: beyond, the caller must narrow the range. */
  static final int MAX_ROWS = 1_000_000;

  /**
   * One read: the measure of each resolution, its tags (the first is asked for where periods are
   * stored), the equality conditions on tags, the minutes {@code [fromMs, toMs)}.
   */
  record Selection(
      Function<CellResolution, String> measure,
      List<String> tags,
      Map<String, String> equal,
      long fromMs,
      long toMs) {}

  private final BanyanDbQueryClient connection;
  private final Map<CellResolution, String> groups;

  /** A reader at the first of {@code targets} of the minute, hour and day groups. */
  static AppMeasureReader open(
      String targets, String minuteGroup, String hourGroup, String dayGroup) {
    return new AppMeasureReader(
        CellGroups.connect(targets), CellGroups.of(minuteGroup, hourGroup, dayGroup));
  }

  private AppMeasureReader(BanyanDbQueryClient connection, Map<CellResolution, String> groups) {
    this.connection = connection;
    this.groups = groups;
  }

  /** The selection's totals per group of {@code groupBy} (tags it has), most calls first. */
  List<AppTotals> totals(Selection s, List<String> groupBy, int limit) {
    for (String tag : groupBy) {
      if (!s.tags().contains(tag)) {
        throw new IllegalArgumentException(
            s.measure().apply(CellResolution.MINUTE) + " has no " + tag + " to group by");
      }
    }
    ResolutionPlan plan = plan(s, 0);
    return AppFold.totals(rows(s, plan), groupBy, limit, plan::minutesAt);
  }

  /** The selection's cells folded onto steps of {@code stepMs} (whole minutes). */
  AppSteps steps(Selection s, long stepMs) {
    if (stepMs <= 0 || stepMs % 60_000 != 0) {
      throw new IllegalArgumentException("a step is a whole number of minutes: " + stepMs);
    }
    // hour or day cells only where every step is made of whole hours or days of them
    return AppFold.steps(rows(s, plan(s, stepMs)), s.fromMs(), s.toMs(), stepMs);
  }

  /** Which cells answer which part of the range, by where hour and day cells are stored. */
  private ResolutionPlan plan(Selection s, long stepMs) {
    return ResolutionPlan.of(
        s.fromMs(),
        s.toMs(),
        stepMs,
        (r, start, end) ->
            StoredPeriods.ofMeasure(
                connection,
                groups.get(r),
                s.measure().apply(r),
                s.tags().get(0),
                AppCellField.CALLS.storeName(),
                r,
                start,
                end));
  }

  /** The selection's cells of every kind the plan reads, each kind in its own intervals. */
  private List<AppRow> rows(Selection s, ResolutionPlan plan) {
    List<AppRow> rows = new ArrayList<>();
    for (CellResolution r : CellResolution.values()) {
      for (long[] interval : plan.intervals(r)) {
        rows.addAll(rows(s, r, interval[0], interval[1]));
      }
    }
    return rows;
  }

  /** The selection's cells of one resolution starting in {@code [fromMs, toMs)}, in pages. */
  private List<AppRow> rows(Selection s, CellResolution resolution, long fromMs, long toMs) {
    String group = groups.get(resolution);
    String measure = s.measure().apply(resolution);
    MetadataCache.EntityMetadata schema =
        call(
            measure, () -> connection.client().updateMeasureMetadataCacheFromSever(group, measure));
    if (schema == null) {
      return List.of();
    }
    List<AppCellField> fields = new ArrayList<>();
    Set<String> fieldNames = new HashSet<>();
    for (AppCellField field : AppCellField.values()) {
      if (schema.getFieldOffset().containsKey(field.storeName())) {
        fields.add(field);
        fieldNames.add(field.storeName());
      }
    }
    Set<String> tagNames = new HashSet<>(s.tags());
    List<AppRow> rows = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE_ROWS) {
      MeasureQuery q =
          new MeasureQuery(
              List.of(group), measure, new TimestampRange(fromMs, toMs), tagNames, fieldNames);
      s.equal()
          .forEach((tag, value) -> q.and(PairQueryCondition.StringQueryCondition.eq(tag, value)));
      q.limit(PAGE_ROWS);
      q.offset(offset);
      List<DataPoint> points = call(measure, () -> connection.client().query(q).getDataPoints());
      if (points == null) {
        points = List.of();
      }
      for (DataPoint point : points) {
        rows.add(row(point, s.tags(), fields));
      }
      if (rows.size() > MAX_ROWS) {
        throw new UnsupportedQueryException(
            "More than " + MAX_ROWS + " rows of " + measure + " in the range: narrow it");
      }
      if (points.size() < PAGE_ROWS) {
        return rows;
      }
    }
  }

  private static AppRow row(DataPoint point, List<String> tags, List<AppCellField> fields) {
    Map<String, String> values = new HashMap<>();
    for (String tag : tags) {
      String value = point.getTagValue(tag);
      values.put(tag, value == null ? "" : value);
    }
    Map<AppCellField, Number> numbers = new EnumMap<>(AppCellField.class);
    for (AppCellField field : fields) {
      if (point.getFieldValue(field.storeName()) instanceof Number n) {
        numbers.put(field, n);
      }
    }
    return new AppRow(point.getTimestamp(), values, numbers);
  }

  /** One client call; NOT_FOUND (nothing created yet) reads as null. */
  private <R> R call(String what, BanyanDbCalls.ClientCall<R> call) {
    return BanyanDbCalls.call(connection.target(), what, call);
  }

  /** The target read, for descriptions. */
  String target() {
    return connection.target();
  }

  /** The group of a resolution, for descriptions. */
  String group(CellResolution resolution) {
    return groups.get(resolution);
  }

  @Override
  public void close() {
    connection.close();
  }
}
