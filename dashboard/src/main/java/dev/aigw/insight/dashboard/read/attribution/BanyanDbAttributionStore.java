package dev.aigw.insight.dashboard.read.attribution;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.StepFold;
import dev.aigw.insight.dashboard.read.UnsupportedQueryException;
import dev.aigw.insight.dashboard.read.banyandb.BanyanDbCalls;
import dev.aigw.insight.dashboard.read.banyandb.CellGroups;
import dev.aigw.insight.dashboard.read.banyandb.StoredPeriods;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.PairQueryCondition;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;
import org.apache.skywalking.banyandb.v1.client.metadata.MetadataCache;

/**
 * Reads the attribution cells from the two BanyanDB measures the job writes in the minute group
 * ({@link AttributionStoreNames#SERVICE_MEASURE}, {@link
 * AttributionStoreNames#SERVICE_MODEL_MEASURE}), with the official client's {@link MeasureQuery}.
 *
 * <p>As for minute cells ({@code BanyanDbTelemetryStore}), totals and steps are summed and folded
 * here from the range's rows: the client's aggregation sums one field per query, a total needs
 * every additive field at once. The rows are few: one per service, value (at most the job's cap per
 * attribute) and minute. A measure the job has not created (attribution off) reads as empty.
 *
 * <p>Long ranges read the hour and day measures ({@link
 * AttributionStoreNames#measureName(Dimension, CellResolution)} in the hour and day groups) for the
 * whole hours and days they hold and the minute measures for the rest ({@link ResolutionPlan},
 * where they are stored: {@link StoredPeriods}), as the gateway cells are read.
 */
public final class BanyanDbAttributionStore implements AttributionStore {

  private static final int PAGE_ROWS = 10_000;

  /** Rows one call may read at most: beyond, the caller must narrow the range. */
  static final int MAX_ROWS = 1_000_000;

  private final BanyanDbQueryClient connection;
  private final Map<CellResolution, String> groups;

  private BanyanDbAttributionStore(
      BanyanDbQueryClient connection, Map<CellResolution, String> groups) {
    this.connection = connection;
    this.groups = groups;
  }

  /**
   * A reader of the measures in {@code minuteGroup} (the job's {@code banyandb.genai.minute.group})
   * at the first of {@code targets}; the connection is made on the first query.
   */
  public static BanyanDbAttributionStore open(String targets, String minuteGroup) {
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
  public static BanyanDbAttributionStore open(
      String targets, String minuteGroup, String hourGroup, String dayGroup) {
    return new BanyanDbAttributionStore(
        CellGroups.connect(targets), CellGroups.of(minuteGroup, hourGroup, dayGroup));
  }

  /** The job's default minute group at the first of {@code targets}. */
  public static BanyanDbAttributionStore open(String targets) {
    return open(targets, CellStoreNames.DEFAULT_MINUTE_GROUP);
  }

  @Override
  public List<String> attributes(long fromMs, long toMs) {
    Set<String> names = new TreeSet<>();
    ResolutionPlan plan = plan(Dimension.ALL, fromMs, toMs, 0);
    for (AttributionCell cell : read(Dimension.ALL, plan, null)) {
      names.add(cell.attribute);
    }
    return List.copyOf(names);
  }

  @Override
  public List<AttributionCell> cells(AttributionQuery query) {
    List<AttributionCell> cells =
        read(query.dimension(), ResolutionPlan.minutes(query.fromMs(), query.toMs()), query);
    cells.sort(ORDER);
    return cells;
  }

  @Override
  public List<RangeTotals> totals(AttributionQuery query, List<AttributionTag> groupBy, int limit) {
    AttributionSums.checkGroups(query, groupBy);
    ResolutionPlan plan = plan(query, 0);
    return AttributionSums.totals(
        read(query.dimension(), plan, query), groupBy, limit, plan::minutesAt);
  }

  /** Which cells answer which part of the query's range, by where hour and day cells are stored. */
  private ResolutionPlan plan(AttributionQuery query, long stepMs) {
    return plan(query.dimension(), query.fromMs(), query.toMs(), stepMs);
  }

  private ResolutionPlan plan(Dimension dimension, long fromMs, long toMs, long stepMs) {
    return ResolutionPlan.of(
        fromMs,
        toMs,
        stepMs,
        (r, start, end) ->
            StoredPeriods.ofMeasure(
                connection,
                groups.get(r),
                AttributionStoreNames.measureName(dimension, r),
                CellTag.SERVICE.storeName(),
                CellField.REQUESTS.storeName(),
                r,
                start,
                end));
  }

  /** The cells of every kind the plan reads, each kind in its own intervals, ordered. */
  private List<AttributionCell> read(
      Dimension dimension, ResolutionPlan plan, AttributionQuery query) {
    List<AttributionCell> cells = new ArrayList<>();
    for (CellResolution r : CellResolution.values()) {
      for (long[] interval : plan.intervals(r)) {
        cells.addAll(
            read(
                groups.get(r),
                AttributionStoreNames.measureName(dimension, r),
                dimension,
                interval[0],
                interval[1],
                query));
      }
    }
    cells.sort(ORDER);
    return cells;
  }

  @Override
  public List<GroupSteps> steps(
      AttributionQuery query,
      List<AttributionTag> groupBy,
      List<CellField> fields,
      long stepMs,
      int limit) {
    AttributionSums.checkGroups(query, groupBy);
    // hour or day cells only where every step is made of whole hours or days of them
    return StepFold.fold(
        read(query.dimension(), plan(query, stepMs), query),
        a -> a.cell,
        a -> AttributionSums.key(a, groupBy),
        query.fromMs(),
        query.toMs(),
        fields,
        stepMs,
        limit);
  }

  /** The rows of a measure in a range; narrowed to the query's attribute and service if given. */
  private List<AttributionCell> read(
      String group,
      String measure,
      Dimension dimension,
      long fromMs,
      long toMs,
      AttributionQuery query) {
    MetadataCache.EntityMetadata schema =
        call(
            measure, () -> connection.client().updateMeasureMetadataCacheFromSever(group, measure));
    if (schema == null) {
      return new ArrayList<>();
    }
    List<String> tags = AttributionStoreNames.entityTags(dimension);
    // only the fields the measure has (a measure of an older job lacks fields added since)
    List<CellField> fields = new ArrayList<>();
    for (CellField field : CellField.values()) {
      if (schema.getFieldOffset().containsKey(field.storeName())) {
        fields.add(field);
      }
    }
    Set<String> fieldNames = new HashSet<>();
    fields.forEach(f -> fieldNames.add(f.storeName()));
    List<AttributionCell> cells = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE_ROWS) {
      MeasureQuery q =
          new MeasureQuery(
              List.of(group),
              measure,
              new TimestampRange(fromMs, toMs),
              new HashSet<>(tags),
              fieldNames);
      if (query != null) {
        q.and(
            PairQueryCondition.StringQueryCondition.eq(
                AttributionStoreNames.ATTRIBUTE, query.attribute()));
        if (query.service() != null) {
          q.and(
              PairQueryCondition.StringQueryCondition.eq(
                  CellTag.SERVICE.storeName(), query.service()));
        }
      }
      q.limit(PAGE_ROWS);
      q.offset(offset);
      List<DataPoint> points = call(measure, () -> connection.client().query(q).getDataPoints());
      if (points == null) {
        break;
      }
      for (DataPoint point : points) {
        cells.add(toCell(point, dimension, fields));
      }
      if (cells.size() > MAX_ROWS) {
        throw new UnsupportedQueryException(
            "More than " + MAX_ROWS + " rows of " + measure + " in the range: narrow it");
      }
      if (points.size() < PAGE_ROWS) {
        break;
      }
    }
    return cells;
  }

  private static AttributionCell toCell(
      DataPoint point, Dimension dimension, List<CellField> fields) {
    MinuteCell cell =
        MinuteCell.at(
            point.getTimestamp(),
            Scope.SERVICE,
            dimension,
            MinuteCell.ABSENT,
            MinuteCell.ABSENT,
            MinuteCell.ABSENT,
            MinuteCell.ABSENT);
    cell.service = tag(point, CellTag.SERVICE.storeName());
    if (dimension == Dimension.MODEL) {
      cell.provider = tag(point, CellTag.PROVIDER.storeName());
      cell.model = tag(point, CellTag.MODEL.storeName());
    }
    for (CellField field : fields) {
      if (point.getFieldValue(field.storeName()) instanceof Number n) {
        field.set(cell, n);
      }
    }
    return new AttributionCell(
        tag(point, AttributionStoreNames.ATTRIBUTE), tag(point, AttributionStoreNames.VALUE), cell);
  }

  private static String tag(DataPoint point, String name) {
    String value = point.getTagValue(name);
    return value == null ? MinuteCell.ABSENT : value;
  }

  private static final Comparator<AttributionCell> ORDER =
      Comparator.comparingLong((AttributionCell a) -> a.cell.windowStartMs)
          .thenComparing(a -> a.cell.service)
          .thenComparing(a -> a.value)
          .thenComparing(a -> a.cell.provider)
          .thenComparing(a -> a.cell.model);

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
    return "BanyanDB " + connection.target() + " group " + groups.get(CellResolution.MINUTE);
  }
}
