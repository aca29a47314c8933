package dev.aigw.insight.dashboard.read.opensearch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.LogPage;
import dev.aigw.insight.dashboard.read.LogProviders;
import dev.aigw.insight.dashboard.read.LogQuery;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.StepFold;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.log.AccessLogField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads cells and access logs from the daily OpenSearch indices the job writes ({@code
 * <cells-prefix>-*}, {@code <logs-prefix>-*}), with filtered searches and aggregations only (the
 * embedded store has no scripting).
 *
 * <p>Cells are filtered on {@code timestamp} and sorted by it and the coordinates, fields that kept
 * their names since 0.1.0, so indices holding documents of both versions read whole ({@link
 * CellDocument#fromSource} maps the value names). Range totals are {@code sum} aggregations per
 * group; OpenSearch sums in doubles, which is exact for whole numbers as long as the total stays
 * below 2⁵³ (every partial sum of non-negative integers is then an exact double). When a total
 * reaches that bound (cost picos above about 9007 currency units), the integers are summed again
 * per part of the range (a minute, or a few on long ranges of many groups) on the node and the
 * parts added here in longs; only when a part of one group reaches the bound too, or the range
 * holds cells written before the duration sums existed, are the totals summed here from the cells:
 * exact, just slower.
 *
 * <p>Series ({@link #steps}) are folded on the node as well: a date_histogram of steps per group
 * with sum and max aggregations, so that an answer's size depends on groups × steps, never on the
 * number of cells.
 *
 * <p>On a range longer than two days, totals and steps of whole hours read the job's hour cells
 * ({@code <hour-prefix>-*}) for the whole hours they hold, on a range longer than 14 days its day
 * cells ({@code <day-prefix>-*}) for the whole days they hold, and the minute cells for the rest of
 * the range, in the same search ({@link RollUpCells}, {@link ResolutionPlan}): sums are the same as
 * over the minutes, percentiles of a step are its hours' or days' exact percentiles (the highest of
 * them, as the fold rule takes the highest minute).
 */
public final class OpenSearchTelemetryStore implements TelemetryStore {

  /** Below this, a double sum of non-negative whole numbers is exact. */
  static final double EXACT_BOUND = 9_007_199_254_740_992.0; // 2^53

  /** Cells per search request when reading a range page by page. */
  static final int PAGE = 2_000;

  private static final String GROUPS = "groups";
  private static final String MINUTES = "minutes";
  private static final String WITHOUT_SUMS = "without_sums";
  private static final String STEPS = "steps";
  private static final String PARTS = "parts";

  /** Most group × part buckets of a search that sums integers per part of the range (totals). */
  private static final long SPLIT_BUCKETS = 50_000;

  private static final JsonNode NO_BUCKETS = new ObjectMapper().createArrayNode();
  private static final String LEGACY = "legacy_";
  private static final long MINUTE_MS = 60_000;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final OpenSearchReadOptions options;
  private final ObjectMapper json = new ObjectMapper();
  private final OpenSearchSearchClient client;
  private final OldCells oldCells;
  private final RollUpCells rollUps;

  /** A reader of the cells under the job's default hour-cell prefix ({@code aigw-hour-cells}). */
  public OpenSearchTelemetryStore(OpenSearchReadOptions options) {
    this(options, CellResolution.HOUR.defaultIndexPrefix());
  }

  /**
   * A reader whose hour cells are in {@code <hourIndexPrefix>-*} (job option
   * cells.hour.index-prefix).
   */
  public OpenSearchTelemetryStore(OpenSearchReadOptions options, String hourIndexPrefix) {
    this(options, hourIndexPrefix, CellResolution.DAY.defaultIndexPrefix());
  }

  /**
   * A reader whose hour cells are in {@code <hourIndexPrefix>-*} and day cells in {@code
   * <dayIndexPrefix>-*} (job options cells.hour.index-prefix, cells.day.index-prefix).
   */
  public OpenSearchTelemetryStore(
      OpenSearchReadOptions options, String hourIndexPrefix, String dayIndexPrefix) {
    this.options = options;
    this.client = new OpenSearchSearchClient(options, json);
    this.oldCells = new OldCells(client, cellIndices());
    this.rollUps = new RollUpCells(client, json, hourIndexPrefix, dayIndexPrefix);
  }

  /**
   * The coarsest cells the totals ({@code stepMs} 0) or the steps of {@code stepMs} of the query
   * read for part of the range: {@code day}, {@code hour} or {@code minute}.
   */
  @Override
  public String resolution(CellQuery query, long stepMs) {
    return rollUps.plan(query, stepMs).coarsest().storeName();
  }

  /** The indices a search of {@code plan} reads. */
  private String indices(ResolutionPlan plan) {
    return rollUps.indices(cellIndices(), plan);
  }

  @Override
  public List<MinuteCell> cells(CellQuery query) {
    List<MinuteCell> cells = new ArrayList<>();
    ArrayNode after = null;
    while (true) {
      ObjectNode body = json.createObjectNode();
      body.put("size", PAGE);
      body.set("query", cellFilter(query));
      ArrayNode sort = body.putArray("sort");
      sort.addObject().put(CellDocument.TIMESTAMP, "asc");
      for (CellTag tag : CellTag.values()) {
        sort.addObject().put(tag.storeName(), "asc");
      }
      if (after != null) {
        body.set("search_after", after);
      }
      JsonNode hits = client.search(cellIndices(), body).path("hits").path("hits");
      for (JsonNode hit : hits) {
        cells.add(CellDocument.fromSource(json.convertValue(hit.path("_source"), MAP)));
      }
      if (hits.size() < PAGE) {
        return cells;
      }
      after = (ArrayNode) hits.get(hits.size() - 1).path("sort");
    }
  }

  @Override
  public List<RangeTotals> totals(CellQuery query, List<CellTag> groupBy, int limit) {
    Set<CellField> over = EnumSet.noneOf(CellField.class);
    List<RangeTotals> totals = totals(query, groupBy, limit, 0, over);
    if (totals == null && !over.isEmpty()) {
      // an integer total at or above 2^53 (e.g. a day's cost in picos above ~9007 currency
      // units): again with those integers summed per part of the range on the node (the shortest
      // whole-minute parts that keep groups x parts bounded) and the parts added here exactly
      long minutes = (query.toMs() - query.fromMs()) / MINUTE_MS;
      long partMinutes = Math.max(1, (minutes * limit + SPLIT_BUCKETS - 1) / SPLIT_BUCKETS);
      totals = totals(query, groupBy, limit, partMinutes, over);
    }
    return totals != null ? totals : totalsFromCells(query, groupBy, limit);
  }

  /**
   * The totals from the node's sum aggregations; with {@code partMinutes} not 0, the fields of
   * {@code split} summed per part of that many minutes. Null when an integer sum is not exact as a
   * double: a range's sum (its field is then added to {@code split}) or a part's.
   */
  private List<RangeTotals> totals(
      CellQuery query, List<CellTag> groupBy, int limit, long partMinutes, Set<CellField> split) {
    boolean byPart = partMinutes > 0;
    int splitBefore = split.size();
    ResolutionPlan span = rollUps.plan(query, 0);
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    body.set("query", rollUps.narrow(cellFilter(query), span));
    ObjectNode aggs = body.putObject("aggs");
    // cells written before the duration sums: their sums can only be derived cell by cell
    aggs.putObject(WITHOUT_SUMS)
        .putObject("filter")
        .putObject("bool")
        .putArray("must_not")
        .addObject()
        .putObject("exists")
        .put("field", CellField.LATENCY_SUM_MS.storeName());
    ObjectNode perGroup = groups(aggs, groupBy, limit);
    boolean legacy = oldCells.oldNames();
    // one cell per group and minute when the group and the query's filters fix every coordinate:
    // the bucket's document count is then its minutes, else they are counted
    boolean cellPerMinute =
        span.coarsest() == CellResolution.MINUTE
            && CellTag.of(query.scope(), query.dimension()).stream()
                .allMatch(t -> groupBy.contains(t) || query.coordinate(t) != null);
    if (!cellPerMinute) {
      perGroup
          .putObject(MINUTES)
          .putObject("cardinality")
          .put("field", CellDocument.TIMESTAMP)
          .put("precision_threshold", 40_000); // exact up to 40000 minutes (4 weeks)
    }
    for (CellResolution r : List.of(CellResolution.HOUR, CellResolution.DAY)) {
      if (span.reads(r)) {
        // an hour (day) cell counts as the minutes of its hour (day): it does not say which of
        // them had traffic
        ObjectNode kind = perGroup.putObject(r.storeName());
        kind.set("filter", rollUps.is(r));
        kind.putObject("aggs")
            .putObject(MINUTES)
            .putObject("cardinality")
            .put("field", CellDocument.TIMESTAMP)
            .put("precision_threshold", 40_000);
      }
    }
    ObjectNode perPart = null;
    if (byPart) {
      ObjectNode parts = perGroup.putObject(PARTS);
      parts
          .putObject("date_histogram")
          .put("field", CellDocument.TIMESTAMP)
          .put("fixed_interval", partMinutes + "m")
          .put("min_doc_count", 1);
      perPart = parts.putObject("aggs");
    }
    for (CellField f : CellField.values()) {
      if (f.isAdditive() && f != CellField.REQUESTS) {
        sum(perGroup, f.storeName(), f, legacy);
      }
      if (perPart != null && split.contains(f)) {
        sum(perPart, f.storeName(), f, legacy);
      }
    }
    JsonNode result = client.search(indices(span), body).path("aggregations");
    if (result.path(WITHOUT_SUMS).path("doc_count").asLong() > 0) {
      return totalsFromCells(query, groupBy, limit);
    }
    List<RangeTotals> totals = new ArrayList<>();
    for (JsonNode bucket : result.path(GROUPS).path("buckets")) {
      Map<CellField, Long> integers = new EnumMap<>(CellField.class);
      Map<CellField, Double> floats = new EnumMap<>(CellField.class);
      for (CellField f : CellField.values()) {
        if (!f.isAdditive()) {
          continue;
        }
        double sum = sumValue(bucket, f.storeName(), f);
        if (f.type() == CellField.Type.INTEGER) {
          boolean inParts = byPart && split.contains(f);
          if (!inParts && sum >= EXACT_BOUND) {
            split.add(f);
            continue;
          }
          long exact = inParts ? 0 : (long) sum;
          for (JsonNode part : inParts ? bucket.path(PARTS).path("buckets") : NO_BUCKETS) {
            double partial = sumValue(part, f.storeName(), f);
            if (partial >= EXACT_BOUND) {
              return null;
            }
            exact = Math.addExact(exact, (long) partial);
          }
          integers.put(f, exact);
        } else {
          floats.put(f, sum);
        }
      }
      long minutes =
          cellPerMinute
              ? bucket.path("doc_count").asLong()
              : bucket.path(MINUTES).path("value").asLong();
      for (CellResolution r : List.of(CellResolution.HOUR, CellResolution.DAY)) {
        long periods = bucket.path(r.storeName()).path(MINUTES).path("value").asLong();
        minutes += periods * (ResolutionPlan.minutesOf(r) - 1);
      }
      totals.add(new RangeTotals(key(bucket, groupBy), minutes, integers, floats));
    }
    // a sum not exact as a double: asked again (per part) by the caller
    return split.size() > (byPart ? splitBefore : 0) ? null : totals;
  }

  /**
   * One search: the groups (terms, or multi_terms for several tags, at most {@code limit}, most
   * requests first), in each a date_histogram of {@code stepMs} aligned on the query's start, in
   * each step one sum or max per field. The answer holds at most {@code limit} × steps buckets,
   * whatever the number of cells; the caller keeps that product under the node's {@code
   * search.max_buckets}.
   */
  @Override
  public List<GroupSteps> steps(
      CellQuery query, List<CellTag> groupBy, List<CellField> fields, long stepMs, int limit) {
    checkStep(stepMs);
    ResolutionPlan span = rollUps.plan(query, stepMs);
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    body.set("query", rollUps.narrow(cellFilter(query), span));
    ObjectNode perGroup = groups(body.putObject("aggs"), groupBy, limit);
    // breadth first: the node ranks the groups by their requests first and folds the steps of the
    // busiest only (depth first, it would fold every group's steps and then drop most of them)
    TermsGroups.terms((ObjectNode) body.path("aggs").path(GROUPS), groupBy.size())
        .put("collect_mode", "breadth_first");
    return foldSteps(body, perGroup, query, groupBy, fields, stepMs, span);
  }

  /**
   * One search: the steps of the given groups only (see above), in the order the node ranks them.
   */
  @Override
  public List<GroupSteps> steps(
      CellQuery query,
      List<CellTag> groupBy,
      List<List<String>> top,
      List<CellField> fields,
      long stepMs) {
    checkStep(stepMs);
    if (top.isEmpty()) {
      return List.of();
    }
    ResolutionPlan span = rollUps.plan(query, stepMs);
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    ObjectNode filter = rollUps.narrow(cellFilter(query), span);
    body.set("query", filter);
    ArrayNode oneOf =
        ((ArrayNode) filter.path("bool").path("filter"))
            .addObject()
            .putObject("bool")
            .put("minimum_should_match", 1)
            .putArray("should");
    for (List<String> key : top) {
      ArrayNode all = oneOf.addObject().putObject("bool").putArray("filter");
      for (int i = 0; i < groupBy.size(); i++) {
        all.addObject().putObject("term").put(groupBy.get(i).storeName(), key.get(i));
      }
    }
    ObjectNode perGroup = groups(body.putObject("aggs"), groupBy, top.size());
    return foldSteps(body, perGroup, query, groupBy, fields, stepMs, span);
  }

  private static void checkStep(long stepMs) {
    if (stepMs <= 0 || stepMs % MINUTE_MS != 0) {
      throw new IllegalArgumentException("a step is a whole number of minutes: " + stepMs);
    }
  }

  /**
   * Adds the steps (a date_histogram of {@code stepMs} aligned on the query's start, one sum or max
   * per field in each) under each group of {@code body}, runs it and reads the steps.
   */
  private List<GroupSteps> foldSteps(
      ObjectNode body,
      ObjectNode perGroup,
      CellQuery query,
      List<CellTag> groupBy,
      List<CellField> fields,
      long stepMs,
      ResolutionPlan span) {
    int n = StepFold.steps(query.fromMs(), query.toMs(), stepMs);
    boolean legacy = oldCells.oldNames();
    boolean withoutSums = oldCells.withoutSums();
    ObjectNode histogram = perGroup.putObject(STEPS);
    histogram
        .putObject("date_histogram")
        .put("field", CellDocument.TIMESTAMP)
        .put("fixed_interval", (stepMs / MINUTE_MS) + "m")
        .put("offset", "+" + Math.floorMod(query.fromMs(), stepMs) + "ms")
        .put("min_doc_count", 1);
    ObjectNode perStep = histogram.putObject("aggs");
    for (CellField f : fields) {
      switch (StepFold.rule(f, stepMs)) {
        case SUM -> sum(perStep, f.storeName(), f, legacy);
        case RATIO -> {
          // named after the sum and count fields: a count the caller also asks for (requests,
          // ttft_count) is then one aggregation, not two
          CellField sumOf = f.sumOf().orElseThrow();
          CellField countOf = f.countOf().orElseThrow();
          sum(perStep, sumOf.storeName(), sumOf, legacy);
          sum(perStep, countOf.storeName(), countOf, legacy);
          if (withoutSums) {
            max(perStep, f.storeName(), f, legacy);
          }
        }
        case MAX -> max(perStep, f.storeName(), f, legacy);
      }
    }
    JsonNode result = client.search(indices(span), body).path("aggregations");
    List<GroupSteps> out = new ArrayList<>();
    for (JsonNode bucket : result.path(GROUPS).path("buckets")) {
      Map<CellField, Number[]> values = new EnumMap<>(CellField.class);
      fields.forEach(f -> values.put(f, new Number[n]));
      for (JsonNode step : bucket.path(STEPS).path("buckets")) {
        long start = step.path("key").asLong();
        int i = (int) ((start - query.fromMs()) / stepMs);
        if (start < query.fromMs() || i >= n) {
          continue;
        }
        for (CellField f : fields) {
          values.get(f)[i] =
              switch (StepFold.rule(f, stepMs)) {
                case SUM -> {
                  double sum = sumValue(step, f.storeName(), f);
                  yield f.type() == CellField.Type.INTEGER ? (Number) (long) sum : sum;
                }
                case RATIO -> {
                  CellField sumOf = f.sumOf().orElseThrow();
                  CellField countOf = f.countOf().orElseThrow();
                  yield StepFold.ratio(
                      sumValue(step, sumOf.storeName(), sumOf),
                      sumValue(step, countOf.storeName(), countOf),
                      maxValue(step, f.storeName(), f));
                }
                case MAX -> {
                  double max = maxValue(step, f.storeName(), f);
                  yield f.type() == CellField.Type.INTEGER ? (Number) (long) max : max;
                }
              };
        }
      }
      out.add(new GroupSteps(key(bucket, groupBy), values));
    }
    return out;
  }

  /**
   * Adds the group aggregation (largest {@code requests} first, then by key, so that totals and
   * steps of one query pick the same groups) and returns the object for its sub-aggregations, which
   * holds the {@code requests} sum it is ordered by.
   */
  private ObjectNode groups(ObjectNode aggs, List<CellTag> groupBy, int limit) {
    return TermsGroups.byCount(
        aggs.putObject(GROUPS),
        groupBy.stream().map(CellTag::storeName).toList(),
        CellField.REQUESTS.storeName(),
        limit);
  }

  private static List<String> key(JsonNode bucket, List<CellTag> groupBy) {
    return TermsGroups.key(bucket, groupBy.size());
  }

  /**
   * A sum of a field, and of its 0.1.0 name when it had another and an index still maps it (a day
   * may hold both).
   */
  private static void sum(ObjectNode aggs, String name, CellField f, boolean legacy) {
    aggs.putObject(name).putObject("sum").put("field", f.storeName());
    if (legacy && !f.legacyName().equals(f.storeName())) {
      aggs.putObject(LEGACY + name).putObject("sum").put("field", f.legacyName());
    }
  }

  private static void max(ObjectNode aggs, String name, CellField f, boolean legacy) {
    aggs.putObject(name).putObject("max").put("field", f.storeName());
    if (legacy && !f.legacyName().equals(f.storeName())) {
      aggs.putObject(LEGACY + name).putObject("max").put("field", f.legacyName());
    }
  }

  private static double sumValue(JsonNode bucket, String name, CellField f) {
    return bucket.path(name).path("value").asDouble()
        + bucket.path(LEGACY + name).path("value").asDouble();
  }

  /** The highest value under either name; a max of no values answers null, read as 0. */
  private static double maxValue(JsonNode bucket, String name, CellField f) {
    return Math.max(
        bucket.path(name).path("value").asDouble(0),
        bucket.path(LEGACY + name).path("value").asDouble(0));
  }

  /** The totals summed here from every cell of the query (exact longs, any document version). */
  List<RangeTotals> totalsFromCells(CellQuery query, List<CellTag> groupBy, int limit) {
    Map<List<String>, long[]> integers = new LinkedHashMap<>();
    Map<List<String>, double[]> floats = new LinkedHashMap<>();
    Map<List<String>, Set<Long>> minutes = new LinkedHashMap<>();
    CellField[] fields = CellField.values();
    for (MinuteCell cell : cells(query)) {
      List<String> group = new ArrayList<>();
      groupBy.forEach(t -> group.add(t.get(cell)));
      long[] ints = integers.computeIfAbsent(group, g -> new long[fields.length]);
      double[] dbls = floats.computeIfAbsent(group, g -> new double[fields.length]);
      minutes.computeIfAbsent(group, g -> new HashSet<>()).add(cell.windowStartMs);
      for (CellField f : fields) {
        if (!f.isAdditive()) {
          continue;
        }
        if (f.type() == CellField.Type.INTEGER) {
          ints[f.ordinal()] = Math.addExact(ints[f.ordinal()], f.value(cell).longValue());
        } else {
          dbls[f.ordinal()] += f.doubleValue(cell);
        }
      }
    }
    List<RangeTotals> totals = new ArrayList<>();
    for (List<String> group : integers.keySet()) {
      Map<CellField, Long> ints = new EnumMap<>(CellField.class);
      Map<CellField, Double> dbls = new EnumMap<>(CellField.class);
      for (CellField f : fields) {
        if (f.isAdditive() && f.type() == CellField.Type.INTEGER) {
          ints.put(f, integers.get(group)[f.ordinal()]);
        } else if (f.isAdditive()) {
          dbls.put(f, floats.get(group)[f.ordinal()]);
        }
      }
      totals.add(new RangeTotals(group, minutes.get(group).size(), ints, dbls));
    }
    totals.sort(
        Comparator.comparingLong((RangeTotals t) -> t.integer(CellField.REQUESTS))
            .reversed()
            .thenComparing(t -> String.join("\u0000", t.key())));
    return totals.size() > limit ? List.copyOf(totals.subList(0, limit)) : totals;
  }

  @Override
  public LogPage logs(LogQuery query) {
    ObjectNode body = json.createObjectNode();
    body.put("from", query.page() * query.size());
    body.put("size", query.size());
    body.put("track_total_hits", true);
    ObjectNode bool = body.putObject("query").putObject("bool");
    ArrayNode filter = bool.putArray("filter");
    filter
        .addObject()
        .putObject("range")
        .putObject(AccessLogField.TIMESTAMP.storeName())
        .put("gte", query.fromMs())
        .put("lt", query.toMs());
    term(filter, AccessLogField.SERVICE, query.service());
    term(filter, AccessLogField.INSTANCE, query.instance());
    if (query.provider() != null) {
      // the provider as the cells name it, or a gateway backend of that name (LogProviders)
      ObjectNode provider = filter.addObject().putObject("bool");
      provider.put("minimum_should_match", 1);
      ArrayNode should = provider.putArray("should");
      should
          .addObject()
          .putObject("term")
          .put(AccessLogField.PROVIDER.storeName(), query.provider());
      should
          .addObject()
          .putObject("wildcard")
          .putObject(AccessLogField.PROVIDER.storeName())
          .put("value", LogProviders.backendPattern(query.provider()));
    }
    term(filter, AccessLogField.MODEL, query.model());
    term(filter, AccessLogField.KEEP_REASON, query.keepReason());
    if (query.statusClass() != null) {
      int hundreds = Character.digit(query.statusClass().charAt(0), 10) * 100;
      filter
          .addObject()
          .putObject("range")
          .putObject(AccessLogField.STATUS_CODE.storeName())
          .put("gte", hundreds)
          .put("lt", hundreds + 100);
    }
    if (query.text() != null && !query.text().isBlank()) {
      ObjectNode text = filter.addObject().putObject("bool");
      text.put("minimum_should_match", 1);
      ArrayNode should = text.putArray("should");
      should
          .addObject()
          .putObject("match")
          .putObject(AccessLogField.BODY.storeName())
          .put("query", query.text())
          .put("operator", "and");
      String pattern = "*" + escapeWildcard(query.text().trim()) + "*";
      for (AccessLogField f :
          List.of(
              AccessLogField.MODEL,
              AccessLogField.REQUEST_MODEL,
              AccessLogField.RESPONSE_MODEL,
              AccessLogField.REQUEST_ID)) {
        should
            .addObject()
            .putObject("wildcard")
            .putObject(f.storeName())
            .put("value", pattern)
            .put("case_insensitive", true);
      }
    }
    ArrayNode sort = body.putArray("sort");
    sort.addObject().put(AccessLogField.TIMESTAMP.storeName(), "desc");
    JsonNode hits = client.search(logIndices(), body).path("hits");
    List<Map<String, Object>> records = new ArrayList<>();
    for (JsonNode hit : hits.path("hits")) {
      records.add(json.convertValue(hit.path("_source"), MAP));
    }
    return new LogPage(
        hits.path("total").path("value").asLong(), query.page(), query.size(), records);
  }

  private ObjectNode cellFilter(CellQuery query) {
    ObjectNode root = json.createObjectNode();
    ArrayNode filter = root.putObject("bool").putArray("filter");
    filter
        .addObject()
        .putObject("range")
        .putObject(CellDocument.TIMESTAMP)
        .put("gte", query.fromMs())
        .put("lt", query.toMs());
    filter.addObject().putObject("term").put(CellDocument.SCOPE, query.scope().name());
    filter.addObject().putObject("term").put(CellDocument.DIMENSION, query.dimension().name());
    Map<CellTag, String> coordinates = new EnumMap<>(CellTag.class);
    coordinates.put(CellTag.SERVICE, query.service());
    coordinates.put(CellTag.INSTANCE, query.instance());
    coordinates.put(CellTag.PROVIDER, query.provider());
    coordinates.put(CellTag.MODEL, query.model());
    coordinates.forEach(
        (tag, value) -> {
          if (value != null) {
            filter.addObject().putObject("term").put(tag.storeName(), value);
          }
        });
    return root;
  }

  private static void term(ArrayNode filter, AccessLogField field, String value) {
    if (value != null) {
      filter.addObject().putObject("term").put(field.storeName(), value);
    }
  }

  private static String escapeWildcard(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      if (ch == '*' || ch == '?' || ch == '\\') {
        sb.append('\\');
      }
      sb.append(ch);
    }
    return sb.toString();
  }

  private String cellIndices() {
    return options.cellsIndexPrefix() + "-*";
  }

  private String logIndices() {
    return options.logsIndexPrefix() + "-*";
  }

  @Override
  public void close() {
    // the JDK client holds no resources that outlive its requests
  }

  @Override
  public String toString() {
    return "OpenSearch " + options;
  }
}
