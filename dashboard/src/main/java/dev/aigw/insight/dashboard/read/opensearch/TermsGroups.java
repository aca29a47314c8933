package dev.aigw.insight.dashboard.read.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The group aggregation every OpenSearch reader of the dashboard ranks by: {@code terms} on one
 * field or {@code multi_terms} on several, the busiest first (the sum of a count field), then by
 * key, so that the totals and the series of one query pick the same groups.
 */
public final class TermsGroups {

  private TermsGroups() {}

  /**
   * Puts the group aggregation on {@code fields} into {@code groups} (an aggregation's object) and
   * returns the object for its sub-aggregations, which already holds the sum of {@code countField}
   * it is ordered by (named after that field).
   */
  public static ObjectNode byCount(
      ObjectNode groups, List<String> fields, String countField, int limit) {
    ObjectNode terms;
    if (fields.size() == 1) {
      terms = groups.putObject("terms").put("field", fields.get(0));
    } else {
      terms = groups.putObject("multi_terms");
      ArrayNode each = terms.putArray("terms");
      fields.forEach(f -> each.addObject().put("field", f));
    }
    // shard_size = size: the sub-aggregations' buckets count against the node's max_buckets on
    // each shard too (the daily indices have one shard each; the order is then exact per index)
    terms.put("size", limit).put("shard_size", limit);
    ArrayNode order = terms.putArray("order");
    order.addObject().put(countField, "desc");
    order.addObject().put("_key", "asc");
    ObjectNode sub = groups.putObject("aggs");
    sub.putObject(countField).putObject("sum").put("field", countField);
    return sub;
  }

  /** The aggregation object {@link #byCount} put into {@code groups} (to set more on it). */
  public static ObjectNode terms(ObjectNode groups, int fieldCount) {
    return (ObjectNode) groups.path(fieldCount == 1 ? "terms" : "multi_terms");
  }

  /** The key of one group bucket: its value per field, in the fields' order. */
  public static List<String> key(JsonNode bucket, int fieldCount) {
    JsonNode key = bucket.path("key");
    if (fieldCount == 1) {
      return List.of(key.asText());
    }
    List<String> values = new ArrayList<>();
    key.forEach(v -> values.add(v.asText()));
    return values;
  }
}
