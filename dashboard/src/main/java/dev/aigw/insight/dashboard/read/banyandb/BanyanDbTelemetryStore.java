package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.LogPage;
import dev.aigw.insight.dashboard.read.LogProviders;
import dev.aigw.insight.dashboard.read.LogQuery;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.StepFold;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.dashboard.read.UnsupportedQueryException;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.log.AccessLogField;
import dev.aigw.insight.schema.log.AccessLogStoreNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.skywalking.banyandb.v1.client.AbstractQuery;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.Element;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.PairQueryCondition;
import org.apache.skywalking.banyandb.v1.client.StreamQuery;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;
import org.apache.skywalking.banyandb.v1.client.metadata.MetadataCache;

/**
 * Reads the cells and kept access logs the job wrote to BanyanDB, with the official Java client's
 * query API ({@link MeasureQuery}, {@link StreamQuery}), by the {@link CellTag} and {@link
 * CellField} tables the job's emitter writes with.
 *
 * <p><b>Schema evolution.</b> Before each read the measure's schema is fetched from the server
 * (which also refreshes the client's metadata cache), and only the fields the measure has are
 * projected: a field added to {@link CellField} after the measure was created is missing until the
 * job has updated the measure, and on rows written before that update. A missing duration sum reads
 * as its average times its count ({@link CellField#sumOf}), any other missing value as 0.
 *
 * <p><b>Totals</b> are summed on the client from the cells: BanyanDB's measure aggregation sums one
 * field per query (and the test stand-in does not aggregate), while a range total needs every
 * additive field ({@link CellField#isAdditive}) of the group at once, integers exactly in 64 bits.
 * A day of one service's models is a few ten thousand rows, one query.
 *
 * <p><b>Long ranges</b> read the job's hour cells ({@code genai_hour} group, measures {@code
 * genai_*_hour}) for the whole hours of a range over two days and its day cells ({@code genai_day},
 * {@code genai_*_day}) for the whole days of a range over 14 days, where they are stored, and
 * minute cells for the rest ({@link ResolutionPlan}; where they are stored: {@link StoredPeriods}),
 * so that totals and steps are those of the minute cells while far fewer rows are read.
 *
 * <p><b>Logs</b>: the stream is filtered by service, instance and model on the server; the provider
 * ({@link LogProviders}: the cells' name or a gateway backend of that name), the status class and
 * free text are applied here, so that the page's total is exact. The stream does not store why a
 * record was kept, so a keep-reason filter is refused with a 400 ({@link
 * UnsupportedQueryException}).
 *
 * <p>A group, measure or stream that does not exist yet (the job has not started) reads as empty,
 * so the page shows its empty state; a store that cannot be reached or refuses a query raises
 * {@link StoreUnavailableException} naming the store, the resource and the gRPC status.
 */
public final class BanyanDbTelemetryStore implements TelemetryStore {
  /** Rows per query page: BanyanDB answers a query in one message. */
  private static final int PAGE_ROWS = 10_000;

  /** Rows one call may read at most: beyond, the caller must narrow the range. */
  static final int MAX_ROWS = 1_000_000;

  private static final double PICOS_PER_UNIT = 1e12;

  /** Every tag of the access-log stream (the fields the stream holds). */
  private static final Set<String> STREAM_TAGS = streamTags();

  private final BanyanDbQueryClient connection;
  private final Map<CellResolution, String> cellGroups = new EnumMap<>(CellResolution.class);
  private final String logsGroup;

  private BanyanDbTelemetryStore(
      BanyanDbQueryClient connection,
      String minuteGroup,
      String hourGroup,
      String dayGroup,
      String logs) {
    this.connection = connection;
    cellGroups.put(CellResolution.MINUTE, minuteGroup);
    cellGroups.put(CellResolution.HOUR, hourGroup);
    cellGroups.put(CellResolution.DAY, dayGroup);
    this.logsGroup = logs;
  }

  /**
   * A store reading the job's default groups at the first of {@code targets} ({@code host:port},
   * comma separated, as the job's {@code banyandb.targets}).
   */
  public static BanyanDbTelemetryStore open(String targets) {
    return open(
        targets, CellStoreNames.DEFAULT_MINUTE_GROUP, AccessLogStoreNames.DEFAULT_STREAM_GROUP);
  }

  /**
   * A store reading the cells from {@code minuteGroup} (job option {@code
   * banyandb.genai.minute.group}) and the logs from {@code logsGroup} ({@code
   * banyandb.genai.logs.group}). The connection is made on the first query.
   */
  public static BanyanDbTelemetryStore open(String targets, String minuteGroup, String logsGroup) {
    return open(
        targets,
        minuteGroup,
        CellResolution.HOUR.defaultGroup(),
        CellResolution.DAY.defaultGroup(),
        logsGroup);
  }

  /**
   * As {@link #open(String, String, String)}, with the hour and day cells' groups (job options
   * {@code banyandb.genai.hour.group}, {@code banyandb.genai.day.group}).
   */
  public static BanyanDbTelemetryStore open(
      String targets, String minuteGroup, String hourGroup, String dayGroup, String logsGroup) {
    String target = targets.split("[,;]")[0].trim();
    if (target.isEmpty()) {
      throw new IllegalArgumentException("No BanyanDB target given (host:port)");
    }
    return new BanyanDbTelemetryStore(
        BanyanDbQueryClient.open(target), minuteGroup, hourGroup, dayGroup, logsGroup);
  }

  @Override
  public List<MinuteCell> cells(CellQuery query) {
    return cells(query, CellResolution.MINUTE, query.fromMs(), query.toMs());
  }

  /**
   * The coarsest cells the totals ({@code stepMs} 0) or the steps of {@code stepMs} read for part
   * of the range: {@code day}, {@code hour} or {@code minute}.
   */
  @Override
  public String resolution(CellQuery query, long stepMs) {
    return plan(query, stepMs).coarsest().storeName();
  }

  /** Which cells answer which part of the range, by where hour and day cells are stored. */
  private ResolutionPlan plan(CellQuery query, long stepMs) {
    return ResolutionPlan.of(query, stepMs, (r, start, end) -> storedPeriods(query, r, start, end));
  }

  private long[] storedPeriods(CellQuery query, CellResolution resolution, long start, long end) {
    return StoredPeriods.ofMeasure(
        connection,
        cellGroups.get(resolution),
        CellStoreNames.measureName(query.scope(), query.dimension(), resolution),
        CellTag.of(query.scope(), query.dimension()).get(0).storeName(),
        CellField.REQUESTS.storeName(),
        resolution,
        start,
        end);
  }

  /** The cells of the plan: each resolution's cells in its own intervals, by resolution. */
  private Map<CellResolution, List<MinuteCell>> cells(CellQuery query, ResolutionPlan plan) {
    Map<CellResolution, List<MinuteCell>> out = new EnumMap<>(CellResolution.class);
    for (CellResolution r : CellResolution.values()) {
      List<MinuteCell> cells = new ArrayList<>();
      for (long[] interval : plan.intervals(r)) {
        cells.addAll(cells(query, r, interval[0], interval[1]));
      }
      out.put(r, cells);
    }
    return out;
  }

  /** The query's cells of one resolution starting in {@code [fromMs, toMs)}, ordered. */
  private List<MinuteCell> cells(
      CellQuery query, CellResolution resolution, long fromMs, long toMs) {
    List<CellTag> tags = CellTag.of(query.scope(), query.dimension());
    String group = cellGroups.get(resolution);
    String measure = CellStoreNames.measureName(query.scope(), query.dimension(), resolution);
    Map<CellTag, String> filters = filters(query);
    for (CellTag tag : filters.keySet()) {
      if (!tags.contains(tag)) {
        throw new IllegalArgumentException(
            "Cells of " + measure + " have no " + tag.storeName() + " coordinate");
      }
    }
    MetadataCache.EntityMetadata schema =
        call(
            measure, () -> connection.client().updateMeasureMetadataCacheFromSever(group, measure));
    if (schema == null) {
      return List.of();
    }
    // Only the fields the measure has: one created by an older job lacks fields added since.
    List<CellField> fields = new ArrayList<>();
    for (CellField field : CellField.values()) {
      if (schema.getFieldOffset().containsKey(field.storeName())) {
        fields.add(field);
      }
    }
    Set<String> tagNames = new HashSet<>();
    tags.forEach(t -> tagNames.add(t.storeName()));
    Set<String> fieldNames = new HashSet<>();
    fields.forEach(f -> fieldNames.add(f.storeName()));

    List<MinuteCell> cells = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE_ROWS) {
      MeasureQuery q =
          new MeasureQuery(
              List.of(group), measure, new TimestampRange(fromMs, toMs), tagNames, fieldNames);
      filters.forEach(
          (tag, value) ->
              q.and(PairQueryCondition.StringQueryCondition.eq(tag.storeName(), value)));
      q.limit(PAGE_ROWS);
      q.offset(offset);
      List<DataPoint> points =
          orEmpty(call(measure, () -> connection.client().query(q).getDataPoints()));
      for (DataPoint point : points) {
        cells.add(toCell(point, query, tags, fields));
      }
      checkSize(cells.size(), measure);
      if (points.size() < PAGE_ROWS) {
        break;
      }
    }
    cells.sort(CELL_ORDER);
    return cells;
  }

  @Override
  public List<RangeTotals> totals(CellQuery query, List<CellTag> groupBy, int limit) {
    checkGroups(query, groupBy);
    Map<List<String>, Sums> groups = new LinkedHashMap<>();
    Map<CellResolution, List<MinuteCell>> byResolution = cells(query, plan(query, 0));
    // the minute cells first, so that groups met at equal requests keep the minute order
    for (CellResolution r : CellResolution.values()) {
      long minutes = ResolutionPlan.minutesOf(r);
      for (MinuteCell cell : byResolution.get(r)) {
        groups.computeIfAbsent(key(cell, groupBy), k -> new Sums()).add(cell, minutes);
      }
    }
    List<RangeTotals> totals = new ArrayList<>();
    groups.forEach((group, sums) -> totals.add(sums.totals(group)));
    totals.sort(
        Comparator.comparingLong((RangeTotals t) -> t.integer(CellField.REQUESTS))
            .reversed()
            .thenComparing(t -> String.join("\u0000", t.key())));
    return totals.subList(0, Math.min(Math.max(limit, 0), totals.size()));
  }

  /**
   * Folded here from the range's cells ({@link StepFold}): the answer is bounded by {@code limit}
   * groups × steps; the rows read are bounded by {@link #MAX_ROWS}.
   */
  @Override
  public List<GroupSteps> steps(
      CellQuery query, List<CellTag> groupBy, List<CellField> fields, long stepMs, int limit) {
    checkGroups(query, groupBy);
    List<MinuteCell> cells = new ArrayList<>();
    cells(query, plan(query, stepMs)).values().forEach(cells::addAll);
    return StepFold.fold(cells, query, groupBy, fields, stepMs, limit);
  }

  private static void checkGroups(CellQuery query, List<CellTag> groupBy) {
    for (CellTag tag : groupBy) {
      if (!tag.belongsTo(query.scope(), query.dimension())) {
        throw new IllegalArgumentException(
            "Cells of "
                + CellStoreNames.measureName(query.scope(), query.dimension())
                + " have no "
                + tag.storeName()
                + " to group by");
      }
    }
  }

  private static List<String> key(MinuteCell cell, List<CellTag> groupBy) {
    List<String> key = new ArrayList<>(groupBy.size());
    groupBy.forEach(t -> key.add(t.get(cell)));
    return key;
  }

  @Override
  public LogPage logs(LogQuery query) {
    if (query.keepReason() != null) {
      throw new UnsupportedQueryException(
          "The BanyanDB access-log stream does not store why a record was kept: "
              + "leave the reason filter out (the job's OpenSearch logs store it)");
    }
    Integer statusClass = statusClass(query.statusClass());
    String text = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);
    String stream = AccessLogStoreNames.STREAM;
    MetadataCache.EntityMetadata schema =
        call(
            stream,
            () -> connection.client().updateStreamMetadataCacheFromSever(logsGroup, stream));
    if (schema == null) {
      return new LogPage(0, query.page(), query.size(), List.of());
    }
    List<Element> matching = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE_ROWS) {
      StreamQuery q =
          new StreamQuery(
              List.of(logsGroup),
              stream,
              new TimestampRange(query.fromMs(), query.toMs()),
              STREAM_TAGS);
      eq(q, AccessLogField.SERVICE, query.service());
      eq(q, AccessLogField.INSTANCE, query.instance());
      eq(q, AccessLogField.MODEL, query.model());
      q.setOrderBy(new AbstractQuery.OrderBy(AbstractQuery.Sort.DESC));
      q.setLimit(PAGE_ROWS);
      q.setOffset(offset);
      List<Element> elements =
          orEmpty(call(stream, () -> connection.client().query(q).getElements()));
      for (Element element : elements) {
        if (matches(element, statusClass, text)
            && (query.provider() == null
                || LogProviders.matches(
                    (String) element.getTagValue(AccessLogField.PROVIDER.storeName()),
                    query.provider()))) {
          matching.add(element);
        }
      }
      checkSize(matching.size(), stream);
      if (elements.size() < PAGE_ROWS) {
        break;
      }
    }
    // Newest first; the server's order is not relied on (nor the stand-in's).
    matching.sort(
        Comparator.comparingLong(Element::getTimestamp).reversed().thenComparing(Element::getId));
    long from = (long) query.page() * query.size();
    List<Map<String, Object>> records = new ArrayList<>();
    for (long i = from; i < Math.min(matching.size(), from + query.size()); i++) {
      records.add(record(matching.get((int) i)));
    }
    return new LogPage(matching.size(), query.page(), query.size(), records);
  }

  @Override
  public void close() {
    connection.close();
  }

  private static Set<String> streamTags() {
    Set<String> tags = new HashSet<>();
    for (AccessLogField field : AccessLogField.values()) {
      if (field.tagType() != null) {
        tags.add(field.storeName());
      }
    }
    return tags;
  }

  /** The query's coordinates that are set, by tag. */
  private static Map<CellTag, String> filters(CellQuery query) {
    Map<CellTag, String> filters = new LinkedHashMap<>();
    putIfSet(filters, CellTag.SERVICE, query.service());
    putIfSet(filters, CellTag.INSTANCE, query.instance());
    putIfSet(filters, CellTag.PROVIDER, query.provider());
    putIfSet(filters, CellTag.MODEL, query.model());
    return filters;
  }

  private static void putIfSet(Map<CellTag, String> filters, CellTag tag, String value) {
    if (value != null) {
      filters.put(tag, value);
    }
  }

  private static MinuteCell toCell(
      DataPoint point, CellQuery query, List<CellTag> tags, List<CellField> fields) {
    MinuteCell cell =
        MinuteCell.at(
            point.getTimestamp(),
            query.scope(),
            query.dimension(),
            MinuteCell.ABSENT,
            MinuteCell.ABSENT,
            MinuteCell.ABSENT,
            MinuteCell.ABSENT);
    for (CellTag tag : tags) {
      String value = point.getTagValue(tag.storeName());
      tag.set(cell, value == null ? MinuteCell.ABSENT : value);
    }
    Set<CellField> missing = EnumSet.allOf(CellField.class);
    for (CellField field : fields) {
      // null: a row written before the field was added to the measure
      if (point.getFieldValue(field.storeName()) instanceof Number n) {
        field.set(cell, n);
        missing.remove(field);
      }
    }
    // A row written before the duration sums existed: the sum is the average times its count (as
    // exact as the stored average), as the OpenSearch reader does for such documents; any other
    // missing value reads as 0.
    for (CellField average : CellField.values()) {
      Optional<CellField> sum = average.sumOf();
      if (sum.isPresent() && missing.contains(sum.get()) && average.countOf().isPresent()) {
        sum.get().set(cell, average.doubleValue(cell) * average.countOf().get().doubleValue(cell));
      }
    }
    return cell;
  }

  private static final Comparator<MinuteCell> CELL_ORDER =
      Comparator.comparingLong((MinuteCell c) -> c.windowStartMs)
          .thenComparing(c -> c.service)
          .thenComparing(c -> c.instance)
          .thenComparing(c -> c.provider)
          .thenComparing(c -> c.model);

  private static void eq(StreamQuery query, AccessLogField tag, String value) {
    if (value != null) {
      query.and(PairQueryCondition.StringQueryCondition.eq(tag.storeName(), value));
    }
  }

  /** "2xx" → 2 (null = any). */
  private static Integer statusClass(String text) {
    if (text == null) {
      return null;
    }
    if (!text.matches("[1-5]xx")) {
      throw new UnsupportedQueryException("status class must be 1xx to 5xx, got: " + text);
    }
    return text.charAt(0) - '0';
  }

  private static boolean matches(Element element, Integer statusClass, String text) {
    if (statusClass != null) {
      Object code = element.getTagValue(AccessLogField.STATUS_CODE.storeName());
      if (!(code instanceof Number n) || n.longValue() / 100 != statusClass) {
        return false;
      }
    }
    if (text != null) {
      return contains(element.getTagValue(AccessLogField.BODY.storeName()), text)
          || contains(element.getTagValue(AccessLogField.MODEL.storeName()), text);
    }
    return true;
  }

  private static boolean contains(Object value, String lowerCaseText) {
    return value instanceof String s && s.toLowerCase(Locale.ROOT).contains(lowerCaseText);
  }

  /** The element under the access-log field names; empty and absent values left out. */
  private static Map<String, Object> record(Element element) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put(AccessLogField.TIMESTAMP.storeName(), element.getTimestamp());
    for (AccessLogField field : AccessLogField.values()) {
      Object value = field.tagType() == null ? null : element.getTagValue(field.storeName());
      if (value == null || "".equals(value)) {
        continue;
      }
      if (field == AccessLogField.COST_PICOS && value instanceof Number picos) {
        // under the OpenSearch document's name and unit, so both stores answer alike
        record.put(AccessLogField.ESTIMATED_COST.storeName(), picos.longValue() / PICOS_PER_UNIT);
      } else {
        record.put(field.storeName(), value);
      }
    }
    return record;
  }

  private static void checkSize(int rows, String what) {
    if (rows > MAX_ROWS) {
      throw new UnsupportedQueryException(
          "More than " + MAX_ROWS + " rows of " + what + " in the range: narrow it");
    }
  }

  /** A list a call answered, or none when what it read was not found (deleted meanwhile). */
  private static <E> List<E> orEmpty(List<E> rows) {
    return rows == null ? List.of() : rows;
  }

  /** One client call; NOT_FOUND (nothing created yet) reads as null. */
  private <R> R call(String what, BanyanDbCalls.ClientCall<R> call) {
    return BanyanDbCalls.call(connection.target(), what, call);
  }

  /** The additive values of one group's cells, summed. */
  private static final class Sums {
    private final Map<CellField, Long> integers = new LinkedHashMap<>();
    private final Map<CellField, Double> floats = new LinkedHashMap<>();

    /** The minutes each distinct cell start stands for (1, 60 or 1440). */
    private final Map<Long, Long> minutes = new HashMap<>();

    void add(MinuteCell cell, long minutesOfCell) {
      minutes.put(cell.windowStartMs, minutesOfCell);
      for (CellField field : CellField.values()) {
        if (!field.isAdditive()) {
          continue;
        }
        if (field.type() == CellField.Type.INTEGER) {
          integers.merge(field, field.value(cell).longValue(), Math::addExact);
        } else {
          floats.merge(field, field.doubleValue(cell), Double::sum);
        }
      }
    }

    RangeTotals totals(List<String> group) {
      long total = 0;
      for (long m : minutes.values()) {
        total += m;
      }
      return new RangeTotals(group, total, integers, floats);
    }
  }
}
