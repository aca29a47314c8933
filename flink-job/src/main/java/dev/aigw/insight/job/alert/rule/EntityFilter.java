package dev.aigw.insight.job.alert.rule;

import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which entities a rule watches: per cell tag (by its store name, so a tag added later — an
 * attribute value — is filtered the same way), regular expressions the tag's value must fully match
 * one of ({@code include}) and none of ({@code exclude}). An empty filter passes everything.
 */
public record EntityFilter(Map<String, List<Pattern>> include, Map<String, List<Pattern>> exclude)
    implements Serializable {

  /** The filter that passes every entity. */
  public static final EntityFilter ALL = new EntityFilter(Map.of(), Map.of());

  /** Whether the cell's entity passes. */
  public boolean matches(MinuteCell cell) {
    return matches(cell, null, null);
  }

  /**
   * Whether an attribution cell's entity passes: its cell's tags, and {@code attribute} (e.g.
   * {@code team.id}) filtered by its {@code value} as if it were one more tag.
   */
  public boolean matches(MinuteCell cell, String attribute, String attributeValue) {
    for (Map.Entry<String, List<Pattern>> e : include.entrySet()) {
      String value = valueOf(e.getKey(), cell, attribute, attributeValue);
      if (e.getValue().stream().noneMatch(p -> p.matcher(value).matches())) {
        return false;
      }
    }
    for (Map.Entry<String, List<Pattern>> e : exclude.entrySet()) {
      String value = valueOf(e.getKey(), cell, attribute, attributeValue);
      if (e.getValue().stream().anyMatch(p -> p.matcher(value).matches())) {
        return false;
      }
    }
    return true;
  }

  private static String valueOf(
      String tagName, MinuteCell cell, String attribute, String attributeValue) {
    if (tagName.equals(attribute)) {
      return attributeValue == null ? MinuteCell.ABSENT : attributeValue;
    }
    for (CellTag tag : CellTag.values()) {
      if (tag.storeName().equals(tagName)) {
        String value = tag.get(cell);
        return value == null ? MinuteCell.ABSENT : value;
      }
    }
    return MinuteCell.ABSENT;
  }
}
