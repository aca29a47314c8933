package dev.aigw.insight.dashboard.read.attribution;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.StepFold;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchSearchClient;
import dev.aigw.insight.dashboard.read.opensearch.RollUpCells;
import dev.aigw.insight.dashboard.read.opensearch.TermsGroups;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionDocument;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the attribution cells from the daily OpenSearch indices the job writes ({@code
 * <attribution.index-prefix>-*}) with filtered searches and aggregations only.
 *
 * <p>Range totals are one search: a {@code terms} ({@code multi_terms} for several tags)
 * aggregation, most requests first, with a {@code sum} per additive field and the number of
 * minutes. OpenSearch sums in doubles, exact for whole numbers below 2⁵³; should an integer total
 * reach that bound (cost picos above about 9007 currency units in the range), the totals are summed
 * here from the cells instead (exact, slower). Series are two searches, as for minute cells: the
 * busiest groups, then their {@code date_histogram} of steps with sum/max per field.
 *
 * <p>Long ranges read the job's attribution hour cells ({@code <hour-prefix>-*}) and day cells
 * ({@code <day-prefix>-*}) for the whole hours and days they hold and the minute cells for the
 * rest, in the same searches, as the gateway cells are read ({@link RollUpCells}, {@link
 * ResolutionPlan}).
 */
public final class OpenSearchAttributionStore implements AttributionStore {

  /** Below this, a double sum of non-negative whole numbers is exact. */
  static final double EXACT_BOUND = 9_007_199_254_740_992.0; // 2^53

  /** Most attribute names listed (the job is configured with a few). */
  static final int MAX_ATTRIBUTES = 100;

  private static final int PAGE = 2_000;
  private static final long MINUTE_MS = 60_000;
  private static final String GROUPS = "groups";
  private static final String MINUTES = "minutes";
  private static final String STEPS = "steps";
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final List<CellResolution> ROLL_UPS =
      List.of(CellResolution.HOUR, CellResolution.DAY);

  private final ObjectMapper json = new ObjectMapper();
  private final OpenSearchSearchClient client;
  private final String indices;
  private final String description;
  private final RollUpCells rollUps;

  /**
   * A reader of {@code <indexPrefix>-*} (the job's option {@code attribution.index-prefix}, default
   * {@value AttributionStoreNames#DEFAULT_INDEX_PREFIX}) on the hosts and credentials of {@code
   * options}.
   */
  public OpenSearchAttributionStore(OpenSearchReadOptions options, String indexPrefix) {
    this(
        options,
        indexPrefix,
        AttributionStoreNames.DEFAULT_HOUR_INDEX_PREFIX,
        AttributionStoreNames.DEFAULT_DAY_INDEX_PREFIX);
  }

  /**
   * A reader whose hour and day cells are in {@code <hourPrefix>-*} and {@code <dayPrefix>-*} (the
   * job's options {@code attribution.hour.index-prefix}, {@code attribution.day.index-prefix}).
   */
  public OpenSearchAttributionStore(
      OpenSearchReadOptions options, String indexPrefix, String hourPrefix, String dayPrefix) {
    this.client = new OpenSearchSearchClient(options, json);
    this.indices = indexPrefix + "-*";
    this.description = "OpenSearch " + options.hosts() + " " + indices;
    this.rollUps = new RollUpCells(client, json, hourPrefix, dayPrefix);
  }

  @Override
  public List<String> attributes(long fromMs, long toMs) {
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    ObjectNode filter = json.createObjectNode();
    range(filter.putObject("bool").putArray("filter"), fromMs, toMs);
    body.set("query", filter);
    body.putObject("aggs")
        .putObject(GROUPS)
        .putObject("terms")
        .put("field", AttributionStoreNames.ATTRIBUTE)
        .put("size", MAX_ATTRIBUTES)
        .putObject("order")
        .put("_key", "asc");
    List<String> names = new ArrayList<>();
    for (JsonNode bucket :
        client
            .search(
                // names seen in any kind of cells: a long range's older part has no minute cells
                indices
                    + ","
                    + rollUps.indices(CellResolution.HOUR)
                    + ","
                    + rollUps.indices(CellResolution.DAY),
                body)
            .path("aggregations")
            .path(GROUPS)
            .path("buckets")) {
      names.add(bucket.path("key").asText());
    }
    return names;
  }

  @Override
  public List<AttributionCell> cells(AttributionQuery query) {
    return cells(query, ResolutionPlan.minutes(query.fromMs(), query.toMs()));
  }

  /** The query's cells of every kind the plan reads, each kind in its own intervals. */
  private List<AttributionCell> cells(AttributionQuery query, ResolutionPlan plan) {
    List<AttributionCell> cells = new ArrayList<>();
    ArrayNode after = null;
    while (true) {
      ObjectNode body = json.createObjectNode();
      body.put("size", PAGE);
      body.set("query", rollUps.narrow(filter(query), plan));
      ArrayNode sort = body.putArray("sort");
      sort.addObject().put(CellDocument.TIMESTAMP, "asc");
      for (AttributionTag tag : AttributionTag.values()) {
        // unmapped_type: per-model fields are absent from whole-service documents
        sort.addObject()
            .putObject(tag.storeName())
            .put("order", "asc")
            .put("unmapped_type", "keyword");
      }
      if (after != null) {
        body.set("search_after", after);
      }
      JsonNode hits = client.search(rollUps.indices(indices, plan), body).path("hits").path("hits");
      for (JsonNode hit : hits) {
        cells.add(AttributionDocument.fromSource(json.convertValue(hit.path("_source"), MAP)));
      }
      if (hits.size() < PAGE) {
        return cells;
      }
      after = (ArrayNode) hits.get(hits.size() - 1).path("sort");
    }
  }

  @Override
  public List<RangeTotals> totals(AttributionQuery query, List<AttributionTag> groupBy, int limit) {
    AttributionSums.checkGroups(query, groupBy);
    ResolutionPlan plan = rollUps.plan(query.fromMs(), query.toMs(), 0);
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    body.set("query", rollUps.narrow(filter(query), plan));
    ObjectNode perGroup = groups(body.putObject("aggs"), groupBy, limit);
    perGroup
        .putObject(MINUTES)
        .putObject("cardinality")
        .put("field", CellDocument.TIMESTAMP)
        .put("precision_threshold", 40_000); // exact up to 40000 minutes (4 weeks)
    for (CellResolution r : ROLL_UPS) {
      if (plan.reads(r)) {
        // an hour (day) cell counts as its 60 (1440) minutes: it does not say which had traffic
        ObjectNode kind = perGroup.putObject(r.storeName());
        kind.set("filter", rollUps.is(r));
        kind.putObject("aggs")
            .putObject(MINUTES)
            .putObject("cardinality")
            .put("field", CellDocument.TIMESTAMP)
            .put("precision_threshold", 40_000);
      }
    }
    for (CellField f : CellField.values()) {
      if (f.isAdditive() && f != CellField.REQUESTS) {
        perGroup.putObject(f.storeName()).putObject("sum").put("field", f.storeName());
      }
    }
    JsonNode result = client.search(rollUps.indices(indices, plan), body).path("aggregations");
    List<RangeTotals> totals = new ArrayList<>();
    for (JsonNode bucket : result.path(GROUPS).path("buckets")) {
      Map<CellField, Long> integers = new EnumMap<>(CellField.class);
      Map<CellField, Double> floats = new EnumMap<>(CellField.class);
      for (CellField f : CellField.values()) {
        if (!f.isAdditive()) {
          continue;
        }
        double sum = bucket.path(f.storeName()).path("value").asDouble();
        if (f.type() == CellField.Type.INTEGER) {
          if (sum >= EXACT_BOUND) {
            // a double sum that may have lost units: exact from the cells instead
            return AttributionSums.totals(cells(query, plan), groupBy, limit, plan::minutesAt);
          }
          integers.put(f, (long) sum);
        } else {
          floats.put(f, sum);
        }
      }
      long minutes = bucket.path(MINUTES).path("value").asLong();
      for (CellResolution r : ROLL_UPS) {
        long periods = bucket.path(r.storeName()).path(MINUTES).path("value").asLong();
        minutes += periods * (ResolutionPlan.minutesOf(r) - 1);
      }
      totals.add(new RangeTotals(key(bucket, groupBy), minutes, integers, floats));
    }
    return totals;
  }

  @Override
  public List<GroupSteps> steps(
      AttributionQuery query,
      List<AttributionTag> groupBy,
      List<CellField> fields,
      long stepMs,
      int limit) {
    AttributionSums.checkGroups(query, groupBy);
    if (stepMs <= 0 || stepMs % MINUTE_MS != 0) {
      throw new IllegalArgumentException("a step is a whole number of minutes: " + stepMs);
    }
    // hour or day cells only where every step is made of whole hours or days of them
    ResolutionPlan plan = rollUps.plan(query.fromMs(), query.toMs(), stepMs);
    // the node would fold the steps of every group before keeping the busiest: first pick them
    List<List<String>> top = topGroups(query, plan, groupBy, limit);
    if (top.isEmpty()) {
      return List.of();
    }
    int n = StepFold.steps(query.fromMs(), query.toMs(), stepMs);
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    ObjectNode filter = rollUps.narrow(filter(query), plan);
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
    ObjectNode histogram = groups(body.putObject("aggs"), groupBy, top.size()).putObject(STEPS);
    histogram
        .putObject("date_histogram")
        .put("field", CellDocument.TIMESTAMP)
        .put("fixed_interval", (stepMs / MINUTE_MS) + "m")
        .put("offset", "+" + Math.floorMod(query.fromMs(), stepMs) + "ms")
        .put("min_doc_count", 1);
    ObjectNode perStep = histogram.putObject("aggs");
    for (CellField f : fields) {
      switch (StepFold.rule(f, stepMs)) {
        case SUM -> perStep.putObject(f.storeName()).putObject("sum").put("field", f.storeName());
        case RATIO -> {
          String sum = f.sumOf().orElseThrow().storeName();
          String count = f.countOf().orElseThrow().storeName();
          perStep.putObject("sum_" + f.storeName()).putObject("sum").put("field", sum);
          perStep.putObject("count_" + f.storeName()).putObject("sum").put("field", count);
          perStep.putObject(f.storeName()).putObject("max").put("field", f.storeName());
        }
        case MAX -> perStep.putObject(f.storeName()).putObject("max").put("field", f.storeName());
      }
    }
    JsonNode result = client.search(rollUps.indices(indices, plan), body).path("aggregations");
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
          double v = step.path(f.storeName()).path("value").asDouble(0);
          values.get(f)[i] =
              switch (StepFold.rule(f, stepMs)) {
                case RATIO ->
                    StepFold.ratio(
                        step.path("sum_" + f.storeName()).path("value").asDouble(),
                        step.path("count_" + f.storeName()).path("value").asDouble(),
                        v);
                case SUM, MAX -> f.type() == CellField.Type.INTEGER ? (Number) (long) v : v;
              };
        }
      }
      out.add(new GroupSteps(key(bucket, groupBy), values));
    }
    return out;
  }

  /** The keys of the {@code limit} groups with most requests (then by key), in that order. */
  private List<List<String>> topGroups(
      AttributionQuery query, ResolutionPlan plan, List<AttributionTag> groupBy, int limit) {
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    body.set("query", rollUps.narrow(filter(query), plan));
    groups(body.putObject("aggs"), groupBy, limit);
    List<List<String>> keys = new ArrayList<>();
    for (JsonNode bucket :
        client
            .search(rollUps.indices(indices, plan), body)
            .path("aggregations")
            .path(GROUPS)
            .path("buckets")) {
      keys.add(key(bucket, groupBy));
    }
    return keys;
  }

  /**
   * Adds the group aggregation (most requests first, then by key) and returns the object for its
   * sub-aggregations, which holds the requests sum it is ordered by.
   */
  private static ObjectNode groups(ObjectNode aggs, List<AttributionTag> groupBy, int limit) {
    return TermsGroups.byCount(
        aggs.putObject(GROUPS),
        groupBy.stream().map(AttributionTag::storeName).toList(),
        CellField.REQUESTS.storeName(),
        limit);
  }

  private static List<String> key(JsonNode bucket, List<AttributionTag> groupBy) {
    return TermsGroups.key(bucket, groupBy.size());
  }

  private ObjectNode filter(AttributionQuery query) {
    ObjectNode root = json.createObjectNode();
    ArrayNode filter = root.putObject("bool").putArray("filter");
    range(filter, query.fromMs(), query.toMs());
    filter.addObject().putObject("term").put(CellDocument.SCOPE, Scope.SERVICE.name());
    filter.addObject().putObject("term").put(CellDocument.DIMENSION, query.dimension().name());
    filter.addObject().putObject("term").put(AttributionStoreNames.ATTRIBUTE, query.attribute());
    if (query.service() != null) {
      filter.addObject().putObject("term").put(AttributionTag.SERVICE.storeName(), query.service());
    }
    return root;
  }

  private static void range(ArrayNode filter, long fromMs, long toMs) {
    filter
        .addObject()
        .putObject("range")
        .putObject(CellDocument.TIMESTAMP)
        .put("gte", fromMs)
        .put("lt", toMs);
  }

  @Override
  public void close() {
    // the JDK client holds no resources that outlive its requests
  }

  @Override
  public String toString() {
    return description;
  }
}
