package dev.aigw.insight.dashboard.read.apps.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.dashboard.read.UnsupportedQueryException;
import dev.aigw.insight.dashboard.read.apps.AppFields;
import dev.aigw.insight.dashboard.read.apps.AppFold;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchSearchClient;
import dev.aigw.insight.dashboard.read.opensearch.RollUpCells;
import dev.aigw.insight.dashboard.read.opensearch.TermsGroups;
import dev.aigw.insight.schema.app.AppCellDocument;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.cell.CellResolution;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Searches of application-shaped cells (every {@link AppCellField}; the application cells and the
 * application attribution cells) on OpenSearch with filtered searches and aggregations only: the
 * part both OpenSearch readers of those families share. Totals are a {@code terms} (or {@code
 * multi_terms}) aggregation with a {@code sum} per additive field, a {@code max} per percentile and
 * the {@code cardinality} of minutes; steps a {@code date_histogram} with the same sums and maxima.
 * OpenSearch sums in doubles, exact for whole numbers below 2⁵³; a range total at or above it is
 * summed again per part of the range and the parts added here in longs.
 *
 * <p>Long ranges read the family's hour and day cells for the whole hours and days they hold and
 * the minute cells for the rest, in the same searches ({@link RollUpCells}, {@link
 * ResolutionPlan}); a step's or range's percentile is then the highest of its minutes', hours' or
 * days' exact percentiles.
 */
final class AppCellSearches {

  /** Below this, a double sum of non-negative whole numbers is exact. */
  static final double EXACT_BOUND = 9_007_199_254_740_992.0; // 2^53

  /** Most group × part buckets of a search that sums per part of the range. */
  private static final long SPLIT_BUCKETS = 50_000;

  private static final long MINUTE_MS = 60_000;
  private static final String GROUPS = "groups";
  private static final String PARTS = "parts";
  private static final String STEPS = "steps";
  private static final String MINUTES = "minutes";
  private static final List<CellResolution> ROLL_UPS =
      List.of(CellResolution.HOUR, CellResolution.DAY);

  private final ObjectMapper json = new ObjectMapper();
  private final OpenSearchSearchClient client;
  private final String indices;
  private final RollUpCells rollUps;

  /**
   * Searches of the minute indices {@code <indexPrefix>-*} and of the hour and day cells in {@code
   * <hourPrefix>-*} and {@code <dayPrefix>-*}.
   */
  AppCellSearches(
      OpenSearchReadOptions options, String indexPrefix, String hourPrefix, String dayPrefix) {
    this.client = new OpenSearchSearchClient(options, json);
    this.indices = indexPrefix + "-*";
    this.rollUps = new RollUpCells(client, json, hourPrefix, dayPrefix);
  }

  /** The minute indices' pattern, for descriptions. */
  String indices() {
    return indices;
  }

  /**
   * The totals of the cells of {@code [fromMs, toMs)} whose keyword fields equal {@code terms}, per
   * group of {@code groupBy} (keyword fields), most calls first then by key, at most {@code limit};
   * without a grouping one group (key empty) when there is any cell.
   */
  List<AppTotals> totals(
      long fromMs, long toMs, Map<String, String> terms, List<String> groupBy, int limit) {
    List<AppTotals> totals = totals(fromMs, toMs, terms, groupBy, limit, 0);
    if (totals == null) {
      // an integer total at or above 2^53 (a range's cost in picos above ~9007 currency units):
      // summed per part of the range on the node, the parts added here exactly
      long minutes = (toMs - fromMs) / MINUTE_MS;
      long partMinutes = Math.max(1, (minutes * limit + SPLIT_BUCKETS - 1) / SPLIT_BUCKETS);
      totals = totals(fromMs, toMs, terms, groupBy, limit, partMinutes);
    }
    if (totals == null) {
      throw new UnsupportedQueryException(
          "a total of one part of the range is too large to sum exactly: narrow the range");
    }
    return totals;
  }

  /** The totals; null when a sum is not exact as a double (of the range, or of a part). */
  private List<AppTotals> totals(
      long fromMs,
      long toMs,
      Map<String, String> terms,
      List<String> groupBy,
      int limit,
      long partMinutes) {
    ResolutionPlan plan = rollUps.plan(fromMs, toMs, 0);
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    body.set("query", rollUps.narrow(filter(fromMs, toMs, terms), plan));
    ObjectNode groups = body.putObject("aggs").putObject(GROUPS);
    ObjectNode sub = groups(groups, groupBy, limit);
    sub.putObject(MINUTES)
        .putObject("cardinality")
        .put("field", AppCellDocument.TIMESTAMP)
        .put("precision_threshold", 40_000); // exact up to 40000 minutes (4 weeks)
    for (CellResolution r : ROLL_UPS) {
      if (plan.reads(r)) {
        // an hour (day) cell counts as its 60 (1440) minutes: it does not say which had calls
        ObjectNode kind = sub.putObject(r.storeName());
        kind.set("filter", rollUps.is(r));
        kind.putObject("aggs")
            .putObject(MINUTES)
            .putObject("cardinality")
            .put("field", AppCellDocument.TIMESTAMP)
            .put("precision_threshold", 40_000);
      }
    }
    ObjectNode perPart = sub;
    if (partMinutes > 0) {
      ObjectNode parts = sub.putObject(PARTS);
      parts
          .putObject("date_histogram")
          .put("field", AppCellDocument.TIMESTAMP)
          .put("fixed_interval", partMinutes + "m")
          .put("min_doc_count", 1);
      perPart = parts.putObject("aggs");
    }
    for (AppCellField f : AppFields.ADDITIVE) {
      sum(perPart, f);
    }
    for (AppCellField f : AppFields.PERCENTILES) {
      sub.putObject(f.storeName()).putObject("max").put("field", f.storeName());
    }
    JsonNode result =
        client.search(rollUps.indices(indices, plan), body).path("aggregations").path(GROUPS);
    List<AppTotals> totals = new ArrayList<>();
    for (JsonNode bucket : buckets(result, groupBy)) {
      Map<AppCellField, Long> sums = new EnumMap<>(AppCellField.class);
      for (AppCellField f : AppFields.ADDITIVE) {
        long exact = 0;
        Iterable<JsonNode> parts =
            partMinutes > 0 ? bucket.path(PARTS).path("buckets") : List.of(bucket);
        for (JsonNode part : parts) {
          double sum = part.path(f.storeName()).path("value").asDouble();
          if (sum >= EXACT_BOUND) {
            return null;
          }
          exact = Math.addExact(exact, (long) sum);
        }
        sums.put(f, exact);
      }
      Map<AppCellField, Double> highest = new EnumMap<>(AppCellField.class);
      for (AppCellField f : AppFields.PERCENTILES) {
        JsonNode max = bucket.path(f.storeName()).path("value");
        if (max.isNumber()) {
          highest.put(f, max.asDouble());
        }
      }
      long minutes = bucket.path(MINUTES).path("value").asLong();
      for (CellResolution r : ROLL_UPS) {
        long periods = bucket.path(r.storeName()).path(MINUTES).path("value").asLong();
        minutes += periods * (ResolutionPlan.minutesOf(r) - 1);
      }
      totals.add(new AppTotals(key(bucket, groupBy), minutes, sums, highest));
    }
    return totals;
  }

  /**
   * All the cells of {@code [fromMs, toMs)} whose keyword fields equal {@code terms} folded onto
   * steps of {@code stepMs} (whole minutes) from {@code fromMs}.
   */
  AppSteps steps(long fromMs, long toMs, Map<String, String> terms, long stepMs) {
    if (stepMs <= 0 || stepMs % MINUTE_MS != 0) {
      throw new IllegalArgumentException("a step is a whole number of minutes: " + stepMs);
    }
    int n = AppFold.stepCount(fromMs, toMs, stepMs);
    // hour or day cells only where every step is made of whole hours or days of them
    ResolutionPlan plan = rollUps.plan(fromMs, toMs, stepMs);
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    body.set("query", rollUps.narrow(filter(fromMs, toMs, terms), plan));
    ObjectNode histogram = body.putObject("aggs").putObject(STEPS);
    histogram
        .putObject("date_histogram")
        .put("field", AppCellDocument.TIMESTAMP)
        .put("fixed_interval", (stepMs / MINUTE_MS) + "m")
        .put("offset", "+" + Math.floorMod(fromMs, stepMs) + "ms")
        .put("min_doc_count", 1);
    ObjectNode perStep = histogram.putObject("aggs");
    AppFields.ADDITIVE.forEach(f -> sum(perStep, f));
    for (AppCellField f : AppFields.PERCENTILES) {
      perStep.putObject(f.storeName()).putObject("max").put("field", f.storeName());
    }
    JsonNode result = client.search(rollUps.indices(indices, plan), body).path("aggregations");
    Map<AppCellField, Number[]> values = new EnumMap<>(AppCellField.class);
    AppFields.ADDITIVE.forEach(f -> values.put(f, new Number[n]));
    AppFields.PERCENTILES.forEach(f -> values.put(f, new Number[n]));
    for (JsonNode step : result.path(STEPS).path("buckets")) {
      long start = step.path("key").asLong();
      if (start < fromMs || (start - fromMs) / stepMs >= n) {
        continue;
      }
      int i = (int) ((start - fromMs) / stepMs);
      for (AppCellField f : AppFields.ADDITIVE) {
        double sum = step.path(f.storeName()).path("value").asDouble();
        if (sum >= EXACT_BOUND) {
          throw new UnsupportedQueryException(
              f.storeName() + " of one step is too large to sum exactly: narrow the range");
        }
        values.get(f)[i] = (long) sum;
      }
      for (AppCellField f : AppFields.PERCENTILES) {
        values.get(f)[i] = step.path(f.storeName()).path("value").asDouble();
      }
    }
    return new AppSteps(values);
  }

  /**
   * Fills the group aggregation (most calls first, then by key) and returns its sub-aggregations,
   * which hold the {@code calls} sum it is ordered by. Without a grouping, a {@code filter} that
   * matches every cell of the query (one bucket).
   */
  private ObjectNode groups(ObjectNode groups, List<String> groupBy, int limit) {
    if (groupBy.isEmpty()) {
      groups.putObject("filter").putObject("match_all");
      return groups.putObject("aggs");
    }
    return TermsGroups.byCount(groups, groupBy, AppCellField.CALLS.storeName(), limit);
  }

  /** The group buckets; without a grouping, the one filter bucket when it holds any cell. */
  private static Iterable<JsonNode> buckets(JsonNode groups, List<String> groupBy) {
    if (groupBy.isEmpty()) {
      return groups.path("doc_count").asLong() > 0 ? List.of(groups) : List.of();
    }
    return groups.path("buckets");
  }

  private static List<String> key(JsonNode bucket, List<String> groupBy) {
    return groupBy.isEmpty() ? List.of() : TermsGroups.key(bucket, groupBy.size());
  }

  private static void sum(ObjectNode aggs, AppCellField f) {
    aggs.putObject(f.storeName()).putObject("sum").put("field", f.storeName());
  }

  private ObjectNode filter(long fromMs, long toMs, Map<String, String> terms) {
    ObjectNode root = json.createObjectNode();
    ArrayNode filter = root.putObject("bool").putArray("filter");
    filter
        .addObject()
        .putObject("range")
        .putObject(AppCellDocument.TIMESTAMP)
        .put("gte", fromMs)
        .put("lt", toMs);
    terms.forEach((field, value) -> filter.addObject().putObject("term").put(field, value));
    return root;
  }
}
