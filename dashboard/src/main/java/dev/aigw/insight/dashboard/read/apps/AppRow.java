package dev.aigw.insight.dashboard.read.apps;

import dev.aigw.insight.schema.app.AppCellField;
import java.util.Map;

/**
 * One application cell as a store without aggregations reads it, for {@link AppFold}: its minute,
 * its coordinates by store name, and the stored values it has (a missing value reads as 0).
 */
public record AppRow(long minuteMs, Map<String, String> tags, Map<AppCellField, Number> values) {

  public AppRow {
    tags = Map.copyOf(tags);
    values = Map.copyOf(values);
  }

  /** A whole-number value (0 when absent). */
  public long integer(AppCellField field) {
    Number v = values.get(field);
    return v == null ? 0L : v.longValue();
  }

  /** A value as a double (0 when absent). */
  public double floating(AppCellField field) {
    Number v = values.get(field);
    return v == null ? 0.0 : v.doubleValue();
  }
}
