package dev.aigw.insight.schema.app;

import java.util.Objects;

/**
 * One attribution cell of the application cells: the LLM calls of one application and minute whose
 * attribution attribute {@link #attribute} (e.g. {@code team.id}) had the value {@link #value},
 * over all providers and models ({@link #byModel} false) or for one provider's model. {@link #cell}
 * holds the minute, the coordinates and every {@link AppCellField} value; its dimension is {@link
 * AppDimension#APPLICATION_MODEL}, and in a whole-application cell provider and model are {@link
 * AppCell#ABSENT}.
 *
 * <p>A family of its own beside the gateway's attribution cells ({@code schema.attribution}): the
 * per-value cells of one attribute add up to the application cells of the spans, the gateway's to
 * the gateway's service cells, and neither store mixes the two. Reserved values as there: {@link
 * #NONE} and {@link #OTHER}. A Flink POJO without importing Flink; in no Flink state.
 */
public class AppAttributionCell {

  /** The value of calls without the attribute (or with an empty value). */
  public static final String NONE = "none";

  /** The value that values beyond the per-attribute cap are folded into. */
  public static final String OTHER = "other";

  /** The attribute's name as configured. */
  public String attribute;

  /** Its value, normalised (or its keyed hash for a secret attribute). */
  public String value;

  /** A per-(provider, model) cell, else the whole application. */
  public boolean byModel;

  /** Minute, coordinates and values. */
  public AppCell cell;

  /** Flink POJO constructor. */
  public AppAttributionCell() {}

  public AppAttributionCell(String attribute, String value, boolean byModel, AppCell cell) {
    this.attribute = attribute;
    this.value = value;
    this.byModel = byModel;
    this.cell = cell;
  }

  /** The stored dimension: {@code APPLICATION} or {@code APPLICATION_MODEL}. */
  public String dimension() {
    return byModel
        ? AppAttributionStoreNames.APPLICATION_MODEL
        : AppAttributionStoreNames.APPLICATION;
  }

  /**
   * Stable identity of the row: minute, stored dimension, application, (provider, model,) attribute
   * and value, {@code |}-separated with {@code |} and {@code \} escaped.
   */
  public String cellKey() {
    StringBuilder sb = new StringBuilder(128);
    sb.append(cell.windowStartMs).append('|').append(dimension());
    appendEscaped(sb, cell.application);
    if (byModel) {
      appendEscaped(sb, cell.provider);
      appendEscaped(sb, cell.model);
    }
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
    return o instanceof AppAttributionCell a
        && byModel == a.byModel
        && Objects.equals(attribute, a.attribute)
        && Objects.equals(value, a.value)
        && Objects.equals(
            cell == null ? null : cell.toString(), a.cell == null ? null : a.cell.toString());
  }

  @Override
  public int hashCode() {
    return Objects.hash(attribute, value, byModel, cell == null ? null : cell.cellKey());
  }

  @Override
  public String toString() {
    return "AppAttributionCell{" + attribute + "=" + value + " " + cell + "}";
  }
}
