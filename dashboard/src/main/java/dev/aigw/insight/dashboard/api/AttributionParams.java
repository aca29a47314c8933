package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.schema.attribution.AttributionCell;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What the gateway attribution, GenAI apps and application attribution endpoints share beyond
 * {@link QueryApi}'s helpers: optional names, the {@code attribute} parameter, the values'
 * placeholders and their order and top lists by cost.
 */
final class AttributionParams {

  /** Longest attribute name accepted (the job normalises values, not names, to 256 bytes). */
  static final int MAX_ATTRIBUTE_LENGTH = 256;

  private AttributionParams() {}

  /** An optional name: null when absent, refused when given empty. */
  static String optional(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value != null && value.isEmpty()) {
      throw new ApiException(name + " is empty: leave it out or give a name");
    }
    return value;
  }

  /**
   * The required {@code attribute} parameter, trimmed; the refusal names {@code listing}, the
   * endpoint that lists the names.
   */
  static String attribute(Context ctx, String listing) {
    String attribute = ctx.queryParam("attribute");
    if (attribute == null || attribute.isBlank()) {
      throw new ApiException(
          "attribute is required: an attribute name such as team.id, see " + listing);
    }
    if (attribute.length() > MAX_ATTRIBUTE_LENGTH) {
      throw new ApiException(
          "attribute must be at most " + MAX_ATTRIBUTE_LENGTH + " characters long");
    }
    return attribute.trim();
  }

  /**
   * {@code none} or {@code other} for the values the job writes in place of one, else null (both
   * attribution families reserve the same two).
   */
  static String placeholder(String value) {
    return value.equals(AttributionCell.NONE) || value.equals(AttributionCell.OTHER) ? value : null;
  }

  /** Groups most cost first, then most requests (calls), then by key. */
  static <T> List<T> byCost(
      List<T> groups,
      ToLongFunction<T> cost,
      ToLongFunction<T> requests,
      Function<T, List<String>> key) {
    List<T> sorted = new ArrayList<>(groups);
    sorted.sort(
        Comparator.comparingLong(cost)
            .thenComparingLong(requests)
            .reversed()
            .thenComparing(t -> String.join("\u0000", key.apply(t))));
    return sorted;
  }

  /**
   * The {@code n} groups of most cost (as {@link #byCost}), each as its key's names after the value
   * (the key's first part is the attribute's value), its count under {@code countName}, its cost in
   * picos and in currency units.
   */
  static <T> List<Map<String, Object>> topByCost(
      List<T> groups,
      int n,
      List<String> names,
      Function<T, List<String>> key,
      String countName,
      ToLongFunction<T> count,
      ToLongFunction<T> costPicos) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (groups == null) {
      return out;
    }
    for (T t : byCost(groups, costPicos, count, key)) {
      if (out.size() == n) {
        break;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        row.put(names.get(i), key.apply(t).get(i + 1));
      }
      row.put(countName, count.applyAsLong(t));
      row.put("cost_picos", costPicos.applyAsLong(t));
      row.put("estimated_cost", costPicos.applyAsLong(t) / Summary.PICOS_PER_UNIT);
      out.add(row);
    }
    return out;
  }
}
