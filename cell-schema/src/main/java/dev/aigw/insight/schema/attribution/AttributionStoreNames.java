package dev.aigw.insight.schema.attribution;

import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import java.util.List;

/**
 * Where attribution cells are stored: two BanyanDB measures in the minute cells' group (one per
 * dimension) and daily OpenSearch indices of their own; their hour and day roll-ups in two measures
 * each of the hour and day groups and in monthly and yearly indices. Their entity tags are the
 * service, the attribute and its value, then provider and model for the per-model measure.
 */
public final class AttributionStoreNames {

  /**
   * Default prefix of the daily OpenSearch attribution indices (option attribution.index-prefix).
   */
  public static final String DEFAULT_INDEX_PREFIX = "aigw-attribution-cells";

  /**
   * Default prefix of the monthly OpenSearch indices of the attribution hour cells (option
   * attribution.hour.index-prefix).
   */
  public static final String DEFAULT_HOUR_INDEX_PREFIX = "aigw-attribution-hour-cells";

  /**
   * Default prefix of the yearly OpenSearch indices of the attribution day cells (option
   * attribution.day.index-prefix).
   */
  public static final String DEFAULT_DAY_INDEX_PREFIX = "aigw-attribution-day-cells";

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

  /**
   * The measure of a dimension at a resolution: the minute measures ({@link
   * #measureName(Dimension)}) and, in the hour and day groups, {@code
   * genai_attribution_service[_model]_<hour|day>}.
   */
  public static String measureName(Dimension dimension, CellResolution resolution) {
    String minute = measureName(dimension);
    return minute.substring(0, minute.length() - "minute".length()) + resolution.storeName();
  }

  /** The default OpenSearch index prefix of the attribution cells of a resolution. */
  public static String defaultIndexPrefix(CellResolution resolution) {
    return switch (resolution) {
      case MINUTE -> DEFAULT_INDEX_PREFIX;
      case HOUR -> DEFAULT_HOUR_INDEX_PREFIX;
      case DAY -> DEFAULT_DAY_INDEX_PREFIX;
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
