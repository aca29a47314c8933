package dev.aigw.insight.dashboard.read.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.CellResolution;

/**
 * Which part of a long range the job's hour cells can answer (docs/dashboard.md, "Ranges"): the
 * whole UTC hours inside the range from the first to the last hour any hour cell was written for.
 * The job writes all hour cells of an hour when the watermark passes the hour's end, so an hour at
 * or before the newest written one is complete; the oldest written hour (it may hold only the
 * minutes after the roll-ups began), the hours before it and the running hour are left to the
 * minute cells.
 */
final class HourCells {

  /** Ranges longer than this read hour cells where they can. */
  static final long LONG_RANGE_MS = 2 * 86_400_000L;

  private static final long HOUR_MS = CellResolution.HOUR.periodMs();
  private static final String FIRST = "first";
  private static final String LAST = "last";

  private final OpenSearchSearchClient client;
  private final ObjectMapper json;
  private final String prefix;

  HourCells(OpenSearchSearchClient client, ObjectMapper json, String prefix) {
    this.client = client;
    this.json = json;
    this.prefix = prefix;
  }

  /** The hour cells' index pattern. */
  String indices() {
    return prefix + "-*";
  }

  /**
   * The hours {@code [from, to)} of the query the hour cells answer, or null when the range is not
   * long or no whole written hour lies in it. One small search (min and max of the hour cells'
   * starts).
   */
  long[] span(CellQuery query) {
    if (query.toMs() - query.fromMs() <= LONG_RANGE_MS) {
      return null;
    }
    long from = -Math.floorDiv(-query.fromMs(), HOUR_MS) * HOUR_MS;
    long to = Math.floorDiv(query.toMs(), HOUR_MS) * HOUR_MS;
    if (to <= from) {
      return null;
    }
    ObjectNode body = json.createObjectNode();
    body.put("size", 0);
    ObjectNode aggs = body.putObject("aggs");
    aggs.putObject(FIRST).putObject("min").put("field", CellDocument.TIMESTAMP);
    aggs.putObject(LAST).putObject("max").put("field", CellDocument.TIMESTAMP);
    JsonNode result = client.search(indices(), body).path("aggregations");
    JsonNode first = result.path(FIRST).path("value");
    JsonNode last = result.path(LAST).path("value");
    if (!first.isNumber() || !last.isNumber()) {
      return null; // no hour cell at all
    }
    // the oldest written hour may hold only the minutes after the roll-ups began (an upgrade, a
    // first start mid-hour): its minutes answer it
    from = Math.max(from, first.asLong() + HOUR_MS);
    to = Math.min(to, last.asLong() + HOUR_MS);
    return to > from ? new long[] {from, to} : null;
  }

  /**
   * A filter that keeps the hour cells of {@code span} and the minute cells of the rest of the
   * query's range ({@code span} may be null: minute cells only).
   */
  ObjectNode narrow(ObjectNode minuteFilter, long[] span) {
    if (span == null) {
      return minuteFilter;
    }
    // minuteFilter already fixes scope, dimension, coordinates and [from, to); split the time
    ArrayNode filter = (ArrayNode) minuteFilter.path("bool").path("filter");
    ArrayNode oneOf =
        filter.addObject().putObject("bool").put("minimum_should_match", 1).putArray("should");
    ArrayNode hours = oneOf.addObject().putObject("bool").putArray("filter");
    hours.addObject().putObject("prefix").put("_index", prefix + "-");
    hours
        .addObject()
        .putObject("range")
        .putObject(CellDocument.TIMESTAMP)
        .put("gte", span[0])
        .put("lt", span[1]);
    ObjectNode minutes = oneOf.addObject().putObject("bool");
    ArrayNode not = minutes.putArray("must_not");
    not.addObject().putObject("prefix").put("_index", prefix + "-");
    not.addObject()
        .putObject("range")
        .putObject(CellDocument.TIMESTAMP)
        .put("gte", span[0])
        .put("lt", span[1]);
    return minuteFilter;
  }

  /** Whether steps of {@code stepMs} from the query's start fall on whole hours. */
  static boolean onHours(CellQuery query, long stepMs) {
    return stepMs % HOUR_MS == 0 && Math.floorMod(query.fromMs(), HOUR_MS) == 0;
  }

  /** A filter matching the hour cells only (for counting their hours). */
  ObjectNode isHourCell() {
    ObjectNode f = json.createObjectNode();
    f.putObject("prefix").put("_index", prefix + "-");
    return f;
  }
}
