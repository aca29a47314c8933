package dev.aigw.insight.dashboard.read.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.ResolutionPlan;
import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.CellResolution;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The job's hour and day cells in OpenSearch ({@code <hour-prefix>-yyyy.MM}, {@code
 * <day-prefix>-yyyy}): which of them a long range reads ({@link ResolutionPlan}, from one min/max
 * search of their starts) and the filter that keeps, in one search over the minute, hour and day
 * indices, each cell kind only inside the part of the range the plan gives it. One instance per
 * cell family (gateway, attribution, application cells): every family's documents carry their
 * period's start in {@code timestamp}.
 */
public final class RollUpCells {

  private static final String FIRST = "first";
  private static final String LAST = "last";

  private final OpenSearchSearchClient client;
  private final ObjectMapper json;
  private final Map<CellResolution, String> prefixes = new EnumMap<>(CellResolution.class);

  /** The roll-ups of one family, in {@code <hourPrefix>-*} and {@code <dayPrefix>-*}. */
  public RollUpCells(
      OpenSearchSearchClient client, ObjectMapper json, String hourPrefix, String dayPrefix) {
    this.client = client;
    this.json = json;
    prefixes.put(CellResolution.HOUR, hourPrefix);
    prefixes.put(CellResolution.DAY, dayPrefix);
  }

  /**
   * The plan of the query for totals ({@code stepMs} 0) or steps; the stored hour and day starts
   * are asked (one search for both) only when the range is long enough to read them.
   */
  ResolutionPlan plan(CellQuery query, long stepMs) {
    return plan(query.fromMs(), query.toMs(), stepMs);
  }

  /** As {@link #plan(CellQuery, long)}, for the range {@code [fromMs, toMs)} of any family. */
  public ResolutionPlan plan(long fromMs, long toMs, long stepMs) {
    Map<CellResolution, long[]> stored = new EnumMap<>(CellResolution.class);
    boolean[] asked = {false};
    return ResolutionPlan.of(
        fromMs,
        toMs,
        stepMs,
        (r, start, end) -> {
          if (!asked[0]) {
            asked[0] = true;
            stored.putAll(storedPeriods());
          }
          return stored.get(r);
        });
  }

  /** The oldest and newest stored start of the hour and of the day cells (absent when none). */
  private Map<CellResolution, long[]> storedPeriods() {
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    ObjectNode aggs = body.putObject("aggs");
    for (Map.Entry<CellResolution, String> e : prefixes.entrySet()) {
      ObjectNode kind = aggs.putObject(e.getKey().storeName());
      kind.set("filter", is(e.getKey()));
      ObjectNode sub = kind.putObject("aggs");
      sub.putObject(FIRST).putObject("min").put("field", CellDocument.TIMESTAMP);
      sub.putObject(LAST).putObject("max").put("field", CellDocument.TIMESTAMP);
    }
    String indices = indices(CellResolution.HOUR) + "," + indices(CellResolution.DAY);
    JsonNode result = client.search(indices, body).path("aggregations");
    Map<CellResolution, long[]> out = new EnumMap<>(CellResolution.class);
    for (CellResolution r : prefixes.keySet()) {
      JsonNode first = result.path(r.storeName()).path(FIRST).path("value");
      JsonNode last = result.path(r.storeName()).path(LAST).path("value");
      if (first.isNumber() && last.isNumber()) {
        out.put(r, new long[] {first.asLong(), last.asLong()});
      }
    }
    return out;
  }

  /** The index pattern of the hour or day cells. */
  public String indices(CellResolution resolution) {
    return prefixes.get(resolution) + "-*";
  }

  /** The indices a search of the plan reads: the minute cells' and those of the plan's kinds. */
  public String indices(String minuteIndices, ResolutionPlan plan) {
    StringBuilder out = new StringBuilder(minuteIndices);
    for (CellResolution r : prefixes.keySet()) {
      if (plan.reads(r)) {
        out.append(',').append(indices(r));
      }
    }
    return out.toString();
  }

  /**
   * Narrows {@code minuteFilter} (scope, dimension, coordinates and the whole range) to each cell
   * kind's own intervals of the plan; unchanged when the plan reads minute cells only.
   */
  public ObjectNode narrow(ObjectNode minuteFilter, ResolutionPlan plan) {
    if (plan.coarsest() == CellResolution.MINUTE) {
      return minuteFilter;
    }
    ArrayNode filter = (ArrayNode) minuteFilter.path("bool").path("filter");
    ArrayNode oneOf =
        filter.addObject().putObject("bool").put("minimum_should_match", 1).putArray("should");
    for (CellResolution r : prefixes.keySet()) {
      if (plan.reads(r)) {
        ArrayNode kind = oneOf.addObject().putObject("bool").putArray("filter");
        kind.add(is(r));
        kind.add(within(plan.intervals(r)));
      }
    }
    if (plan.reads(CellResolution.MINUTE)) {
      // a minute cell is in neither roll-up index (the minute pattern never matches them, but the
      // search reads all three patterns at once)
      ObjectNode minutes = oneOf.addObject().putObject("bool");
      ArrayNode not = minutes.putArray("must_not");
      prefixes.keySet().forEach(r -> not.add(is(r)));
      minutes.putArray("filter").add(within(plan.intervals(CellResolution.MINUTE)));
    }
    return minuteFilter;
  }

  /** A filter matching the cells of one roll-up kind (by their index name). */
  public ObjectNode is(CellResolution resolution) {
    ObjectNode f = json.createObjectNode();
    f.putObject("prefix").put("_index", prefixes.get(resolution) + "-");
    return f;
  }

  /** A filter on {@code timestamp} in any of the half-open intervals. */
  private ObjectNode within(List<long[]> intervals) {
    ObjectNode f = json.createObjectNode();
    ArrayNode any = f.putObject("bool").put("minimum_should_match", 1).putArray("should");
    for (long[] interval : intervals) {
      any.addObject()
          .putObject("range")
          .putObject(CellDocument.TIMESTAMP)
          .put("gte", interval[0])
          .put("lt", interval[1]);
    }
    return f;
  }
}
