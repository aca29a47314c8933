package dev.aigw.insight.schema.attribution;

import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.Objects;

/**
 * One attribution cell: the requests of one service and minute whose attribute {@link #attribute}
 * had the value {@link #value}, over all providers and models ({@link Dimension#ALL}) or for one
 * provider's model ({@link Dimension#MODEL}). {@link #cell} holds the minute, the coordinates
 * (service scope; provider and model for {@code MODEL}) and every value of a minute cell.
 *
 * <p>Reserved values: {@link #NONE} (requests without the attribute, or with an empty value) and
 * {@link #OTHER} (values beyond the per-attribute cap). The cells of one attribute, service and
 * minute add up to the service's minute cell in every additive value.
 *
 * <p>A Flink POJO without importing Flink: the job passes it from its attribution windows to the
 * sinks; it is in no Flink state.
 */
public class AttributionCell {

  /** The value of requests without the attribute (or with an empty value). */
  public static final String NONE = "none";

  /** The value that values beyond the per-attribute cap are folded into. */
  public static final String OTHER = "other";

  /** The attribute's name as configured (e.g. {@code team.id}). */
  public String attribute;

  /** Its value, normalised (or its keyed hash for a secret attribute). */
  public String value;

  /** Minute, coordinates and values; scope {@link Scope#SERVICE}, dimension ALL or MODEL. */
  public MinuteCell cell;

  /** Flink POJO constructor. */
  public AttributionCell() {}

  public AttributionCell(String attribute, String value, MinuteCell cell) {
    this.attribute = attribute;
    this.value = value;
    this.cell = cell;
  }

  /** Whether this is a per-model cell (else the whole service). */
  public boolean byModel() {
    return cell.dimension == Dimension.MODEL;
  }

  /** Stable identity of the row: the minute cell's key, the attribute and the value. */
  public String cellKey() {
    StringBuilder sb = new StringBuilder(cell.cellKey());
    appendEscaped(sb, attribute);
    appendEscaped(sb, value);
    return sb.toString();
  }

  private static void appendEscaped(StringBuilder sb, String value) {
    sb.append('|');
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '|' || ch == '\\') {
        sb.append('\\');
      }
      sb.append(ch);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttributionCell a
        && Objects.equals(attribute, a.attribute)
        && Objects.equals(value, a.value)
        && Objects.equals(cell, a.cell);
  }

  @Override
  public int hashCode() {
    return Objects.hash(attribute, value, cell);
  }

  @Override
  public String toString() {
    return "AttributionCell{" + attribute + "=" + value + " " + cell + "}";
  }
}
