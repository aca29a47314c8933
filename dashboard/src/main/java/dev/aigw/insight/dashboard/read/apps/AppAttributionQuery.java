package dev.aigw.insight.dashboard.read.apps;

import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which application attribution cells to read: one attribute's cells, whole application ({@code
 * byModel} false) or per provider's model, the minutes in {@code [fromMs, toMs)}, of one
 * application or of all ({@code application} null), of one value or of all ({@code value} null).
 */
public record AppAttributionQuery(
    String attribute, boolean byModel, long fromMs, long toMs, String application, String value) {

  public AppAttributionQuery {
    Objects.requireNonNull(attribute, "attribute");
    if (toMs <= fromMs) {
      throw new IllegalArgumentException("empty range: from " + fromMs + " to " + toMs);
    }
  }

  /** The whole-application cells of an attribute in a range, of every application and value. */
  public static AppAttributionQuery of(String attribute, long fromMs, long toMs) {
    return new AppAttributionQuery(attribute, false, fromMs, toMs, null, null);
  }

  /** The same cells of one application only (null: of every one). */
  public AppAttributionQuery withApplication(String name) {
    return new AppAttributionQuery(attribute, byModel, fromMs, toMs, name, value);
  }

  /** The same cells of one value only. */
  public AppAttributionQuery withValue(String v) {
    return new AppAttributionQuery(attribute, byModel, fromMs, toMs, application, v);
  }

  /** The per-model cells of the same attribute, range, application and value. */
  public AppAttributionQuery perModel() {
    return new AppAttributionQuery(attribute, true, fromMs, toMs, application, value);
  }

  /** The tags (store names) the query's cells have, in entity order. */
  public List<String> tags() {
    return AppAttributionStoreNames.entityTags(byModel);
  }

  /** Refuses a grouping by a tag the query's cells do not have (provider of whole cells). */
  public void checkGroups(List<String> groupBy) {
    for (String tag : groupBy) {
      if (!tags().contains(tag)) {
        throw new IllegalArgumentException(
            (byModel ? "per-model" : "whole-application")
                + " attribution cells have no "
                + tag
                + " to group by");
      }
    }
  }

  /** The tag values the cells must have: the attribute, and the application and value if given. */
  public Map<String, String> equal() {
    Map<String, String> equal = new LinkedHashMap<>();
    if (application != null) {
      equal.put(AppCell.APPLICATION, application);
    }
    equal.put(AppAttributionStoreNames.ATTRIBUTE, attribute);
    if (value != null) {
      equal.put(AppAttributionStoreNames.VALUE, value);
    }
    return equal;
  }
}
