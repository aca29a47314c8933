package dev.aigw.insight.schema.attribution;

import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import java.util.List;

/**
 * Where attribution cells are stored: two BanyanDB measures in the minute cells' group (one per
 * dimension) and daily OpenSearch indices of their own. Their entity tags are the service, the
 * attribute and its value, then provider and model for the per-model measure.
 */
public final class AttributionStoreNames {

  /**
   * Default prefix of the daily OpenSearch attribution indices (option attribution.index-prefix).
   */
  public static final String DEFAULT_INDEX_PREFIX = "aigw-attribution-cells";

  /** Tag (and keyword field) of the attribute name. */
  public static final String ATTRIBUTE = "attribute";

  /** Tag (and keyword field) of the attribute value. */
  public static final String VALUE = "value";

  /** The measure of a whole service's cells by attribute value. */
  public static final String SERVICE_MEASURE = "genai_attribution_service_minute";

  /** The measure of a service's per-model cells by attribute value. */
  public static final String SERVICE_MODEL_MEASURE = "genai_attribution_service_model_minute";

  /** The dimensions attribution cells have: the whole service and per model. */
  public static final List<Dimension> DIMENSIONS = List.of(Dimension.ALL, Dimension.MODEL);

  private AttributionStoreNames() {}

  /** The measure of a dimension ({@link #DIMENSIONS}). */
  public static String measureName(Dimension dimension) {
    return switch (dimension) {
      case ALL -> SERVICE_MEASURE;
      case MODEL -> SERVICE_MODEL_MEASURE;
      case PROVIDER ->
          throw new IllegalArgumentException("attribution cells have no provider dimension");
    };
  }

  /** The entity tags of a dimension's measure, in order. */
  public static List<String> entityTags(Dimension dimension) {
    return dimension == Dimension.MODEL
        ? List.of(
            CellTag.SERVICE.storeName(),
            ATTRIBUTE,
            VALUE,
            CellTag.PROVIDER.storeName(),
            CellTag.MODEL.storeName())
        : List.of(CellTag.SERVICE.storeName(), ATTRIBUTE, VALUE);
  }
}
