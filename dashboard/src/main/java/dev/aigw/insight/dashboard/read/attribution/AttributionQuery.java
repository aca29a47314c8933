package dev.aigw.insight.dashboard.read.attribution;

import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.Dimension;
import java.util.Objects;

/**
 * Which attribution cells to read: one attribute's cells of one dimension ({@link Dimension#ALL}: a
 * whole service per value; {@link Dimension#MODEL}: per provider's model), the minutes in {@code
 * [fromMs, toMs)}, of one service or of all ({@code service} null).
 */
public record AttributionQuery(
    String attribute, Dimension dimension, long fromMs, long toMs, String service) {

  public AttributionQuery {
    Objects.requireNonNull(attribute, "attribute");
    if (!AttributionStoreNames.DIMENSIONS.contains(dimension)) {
      throw new IllegalArgumentException("attribution cells have no dimension " + dimension);
    }
    if (toMs <= fromMs) {
      throw new IllegalArgumentException("empty range: from " + fromMs + " to " + toMs);
    }
  }

  /** The whole-service cells of an attribute in a range, of every service. */
  public static AttributionQuery of(String attribute, long fromMs, long toMs) {
    return new AttributionQuery(attribute, Dimension.ALL, fromMs, toMs, null);
  }

  /** The same cells of one service only. */
  public AttributionQuery withService(String value) {
    return new AttributionQuery(attribute, dimension, fromMs, toMs, value);
  }

  /** The per-model cells of the same attribute, range and service. */
  public AttributionQuery byModel() {
    return new AttributionQuery(attribute, Dimension.MODEL, fromMs, toMs, service);
  }

  /** Whether the query reads per-model cells. */
  public boolean isByModel() {
    return dimension == Dimension.MODEL;
  }
}
