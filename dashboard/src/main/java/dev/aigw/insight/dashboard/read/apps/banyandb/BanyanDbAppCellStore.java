package dev.aigw.insight.dashboard.read.apps.banyandb;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.UnsupportedQueryException;
import dev.aigw.insight.dashboard.read.apps.AppCellQuery;
import dev.aigw.insight.dashboard.read.apps.AppCellStore;
import dev.aigw.insight.dashboard.read.apps.AppFold;
import dev.aigw.insight.dashboard.read.apps.AppRow;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.read.banyandb.BanyanDbCalls;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppCellStoreNames;
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
 */
public final class BanyanDbAppCellStore implements AppCellStore {

  /** Rows per query page. */
  private static final int PAGE_ROWS = 10_000;

  /** Rows one call may read at most: beyond, the caller must narrow the range. */
  static final int MAX_ROWS = 1_000_000;

  private final BanyanDbQueryClient connection;
  private final String group;

  private BanyanDbAppCellStore(BanyanDbQueryClient connection, String group) {
    this.connection = connection;
    this.group = group;
  }

  /**
   * A reader of the measures in {@code minuteGroup} (the job's {@code banyandb.genai.minute.group})
   * at the first of {@code targets}; the connection is made on the first query.
   */
  public static BanyanDbAppCellStore open(String targets, String minuteGroup) {
    String target = targets.split("[,;]")[0].trim();
    if (target.isEmpty()) {
      throw new IllegalArgumentException("No BanyanDB target given (host:port)");
    }
    return new BanyanDbAppCellStore(BanyanDbQueryClient.open(target), minuteGroup);
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
    return AppFold.totals(rows(query), groupBy, limit);
  }

  @Override
  public AppSteps steps(AppCellQuery query, long stepMs) {
    if (stepMs <= 0 || stepMs % 60_000 != 0) {
      throw new IllegalArgumentException("a step is a whole number of minutes: " + stepMs);
    }
    return AppFold.steps(rows(query), query, stepMs);
  }

  /** Every cell of the query, read in pages. */
  List<AppRow> rows(AppCellQuery query) {
    String measure = AppCellStoreNames.measureName(query.dimension());
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
              List.of(group),
              measure,
              new TimestampRange(query.fromMs(), query.toMs()),
              tagNames,
              fieldNames);
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
    return "BanyanDB application cells at " + connection.target() + " group " + group;
  }
}
