package dev.aigw.insight.dashboard.read.apps.banyandb;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.UnsupportedQueryException;
import dev.aigw.insight.dashboard.read.apps.AppCellQuery;
import dev.aigw.insight.dashboard.read.apps.AppCellStore;
import dev.aigw.insight.dashboard.read.apps.AppFold;
import dev.aigw.insight.dashboard.read.apps.AppRow;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.read.banyandb.BanyanDbCalls;
import dev.aigw.insight.dashboard.read.banyandb.StoredPeriods;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.PairQueryCondition;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;
import org.apache.skywalking.banyandb.v1.client.metadata.MetadataCache;

/**
 * Reads the application cells from the BanyanDB measures the job writes ({@link
 * AppCellStoreNames#measureName}, in the minute group of the gateway cells) with the official Java
 * client's {@link MeasureQuery}: the query's coordinates as equality conditions on the server, the
 * totals and steps folded here ({@link AppFold}, exact 64-bit sums), since the client's aggregation
 * sums one field per query. Only the fields the measure has are projected. A group or measure the
 * job has not created yet reads as empty; a store that cannot be reached or refuses the query
 * raises {@link StoreUnavailableException} naming the measure and the gRPC status.
 *
 * <p>Long ranges read the hour and day measures ({@link AppCellStoreNames#measureName(AppDimension,
 * CellResolution)} in the hour and day groups) for the whole hours and days they hold and the
 * minute measures for the rest ({@link ResolutionPlan}; where they are stored: {@link
 * StoredPeriods}), as the gateway cells are read.
 */
public final class BanyanDbAppCellStore implements AppCellStore {

  /** Rows per query page. */
  private static final int PAGE_ROWS = 10_000;

  /** Rows one call may read at most: beyond, the caller must narrow the range. */
  static final int MAX_ROWS = 1_000_000;

  private final BanyanDbQueryClient connection;
  private final Map<CellResolution, String> groups;

  private BanyanDbAppCellStore(BanyanDbQueryClient connection, Map<CellResolution, String> groups) {
    this.connection = connection;
    this.groups = groups;
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
    String target = targets.split("[,;]")[0].trim();
    if (target.isEmpty()) {
      throw new IllegalArgumentException("No BanyanDB target given (host:port)");
    }
    Map<CellResolution, String> groups = new EnumMap<>(CellResolution.class);
    groups.put(CellResolution.MINUTE, minuteGroup);
    groups.put(CellResolution.HOUR, hourGroup);
    groups.put(CellResolution.DAY, dayGroup);
    return new BanyanDbAppCellStore(BanyanDbQueryClient.open(target), groups);
  }

  /** A reader of the job's default minute group. */
  public static BanyanDbAppCellStore open(String targets) {
    return open(targets, CellStoreNames.DEFAULT_MINUTE_GROUP);
  }

  @Override
  public List<AppTotals> totals(AppCellQuery query, List<String> groupBy, int limit) {
    for (String tag : groupBy) {
      if (!query.dimension().tags().contains(tag)) {
        throw new IllegalArgumentException(
            "cells of " + query.dimension() + " have no " + tag + " to group by");
      }
    }
    ResolutionPlan plan = plan(query, 0);
    return AppFold.totals(rows(query, plan), groupBy, limit, plan::minutesAt);
  }

  @Override
  public AppSteps steps(AppCellQuery query, long stepMs) {
    if (stepMs <= 0 || stepMs % 60_000 != 0) {
      throw new IllegalArgumentException("a step is a whole number of minutes: " + stepMs);
    }
    // hour or day cells only where every step is made of whole hours or days of them
    return AppFold.steps(rows(query, plan(query, stepMs)), query, stepMs);
  }

  /** Which cells answer which part of the query's range, by where hour and day cells are stored. */
  private ResolutionPlan plan(AppCellQuery query, long stepMs) {
    return ResolutionPlan.of(
        query.fromMs(),
        query.toMs(),
        stepMs,
        (r, start, end) ->
            StoredPeriods.ofMeasure(
                connection,
                groups.get(r),
                AppCellStoreNames.measureName(query.dimension(), r),
                query.dimension().tags().get(0),
                AppCellField.CALLS.storeName(),
                r,
                start,
                end));
  }

  /** The query's cells of every kind the plan reads, each kind in its own intervals. */
  private List<AppRow> rows(AppCellQuery query, ResolutionPlan plan) {
    List<AppRow> rows = new ArrayList<>();
    for (CellResolution r : CellResolution.values()) {
      for (long[] interval : plan.intervals(r)) {
        rows.addAll(rows(query, r, interval[0], interval[1]));
      }
    }
    return rows;
  }

  /** Every minute cell of the query, read in pages. */
  List<AppRow> rows(AppCellQuery query) {
    return rows(query, CellResolution.MINUTE, query.fromMs(), query.toMs());
  }

  /** The query's cells of one resolution starting in {@code [fromMs, toMs)}, read in pages. */
  private List<AppRow> rows(AppCellQuery query, CellResolution resolution, long fromMs, long toMs) {
    String group = groups.get(resolution);
    String measure = AppCellStoreNames.measureName(query.dimension(), resolution);
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
    Set<String> tagNames = new HashSet<>(query.dimension().tags());
    List<AppRow> rows = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE_ROWS) {
      MeasureQuery q =
          new MeasureQuery(
              List.of(group), measure, new TimestampRange(fromMs, toMs), tagNames, fieldNames);
      query
          .coordinates()
          .forEach((tag, value) -> q.and(PairQueryCondition.StringQueryCondition.eq(tag, value)));
      q.limit(PAGE_ROWS);
      q.offset(offset);
      List<DataPoint> points = call(measure, () -> connection.client().query(q).getDataPoints());
      if (points == null) {
        points = List.of();
      }
      for (DataPoint point : points) {
        rows.add(row(point, query, fields));
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

  private static AppRow row(DataPoint point, AppCellQuery query, List<AppCellField> fields) {
    Map<String, String> tags = new HashMap<>();
    for (String tag : query.dimension().tags()) {
      String value = point.getTagValue(tag);
      tags.put(tag, value == null ? "" : value);
    }
    Map<AppCellField, Number> values = new EnumMap<>(AppCellField.class);
    for (AppCellField field : fields) {
      if (point.getFieldValue(field.storeName()) instanceof Number n) {
        values.put(field, n);
      }
    }
    return new AppRow(point.getTimestamp(), tags, values);
  }

  /** One client call; NOT_FOUND (nothing created yet) reads as null. */
  private <R> R call(String what, BanyanDbCalls.ClientCall<R> call) {
    return BanyanDbCalls.call(connection.target(), what, call);
  }

  @Override
  public void close() {
    connection.close();
  }

  @Override
  public String toString() {
    return "BanyanDB application cells at "
        + connection.target()
        + " group "
        + groups.get(CellResolution.MINUTE);
  }
}
