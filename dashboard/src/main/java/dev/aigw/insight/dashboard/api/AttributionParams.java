package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.schema.attribution.AttributionCell;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * What the endpoints over the cell families with long ranges share (the gateway attribution, the
 * GenAI apps and the application attribution endpoints): their range (up to the day cells'
 * retention), optional names, the {@code attribute} parameter, the answer's header, the values'
 * placeholders and their order by cost.
 */
final class AttributionParams {

  /** Longest attribute name accepted (the job normalises values, not names, to 256 bytes). */
  static final int MAX_ATTRIBUTE_LENGTH = 256;

  private AttributionParams() {}

  /** The {@code range}/{@code from}/{@code to} parameters on {@code clock}, up to 730 days. */
  static TimeRange range(Context ctx, LongSupplier clock) {
    // long ranges read hour and day cells (docs/dashboard.md, "Minute, hour and day cells")
    return TimeRange.parse(
        ctx.queryParam("range"),
        ctx.queryParam("from"),
        ctx.queryParam("to"),
        clock.getAsLong(),
        TimeRange.DAY_CELLS_RETENTION);
  }

  /** The answer's first keys: the range and its step. */
  static Map<String, Object> header(TimeRange range, long stepMs) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", range.fromMs());
    out.put("to", range.toMs());
    out.put("step_ms", stepMs);
    return out;
  }

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
}
