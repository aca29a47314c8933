package dev.aigw.insight.schema.app;

import dev.aigw.insight.schema.cell.CellResolution;
import java.util.List;

/**
 * Where the application attribution cells ({@link AppAttributionCell}) are stored: two BanyanDB
 * measures in the minute group (whole application, per provider's model) and daily OpenSearch
 * indices of their own, apart from the gateway's attribution cells so that each family adds up to
 * its own service cells; their hour and day roll-ups in the same two measures of the hour and day
 * groups and in monthly and yearly indices. Entity tags: application, attribute, value, then
 * provider and model.
 */
public final class AppAttributionStoreNames {

  /** Prefix of the daily OpenSearch indices of the application attribution cells. */
  public static final String DEFAULT_INDEX_PREFIX = "aigw-app-attribution-cells";

  /**
   * Prefix of the monthly OpenSearch indices of the application attribution hour cells ({@code
   * <prefix>-yyyy.MM}); not {@code aigw-app-attribution-cells-hour}, which the minute pattern would
   * match.
   */
  public static final String DEFAULT_HOUR_INDEX_PREFIX = "aigw-app-attribution-hour-cells";

  /**
   * Prefix of the yearly OpenSearch indices of the application attribution day cells ({@code
   * <prefix>-yyyy}).
   */
  public static final String DEFAULT_DAY_INDEX_PREFIX = "aigw-app-attribution-day-cells";

  /** Tag (and keyword field) of the attribute name. */
  public static final String ATTRIBUTE = "attribute";

  /** Tag (and keyword field) of the attribute value. */
  public static final String VALUE = "value";

  /** Stored dimension of a whole application's cells. */
  public static final String APPLICATION = "APPLICATION";

  /** Stored dimension of an application's per-(provider, model) cells. */
  public static final String APPLICATION_MODEL = "APPLICATION_MODEL";

  /** The measure of a whole application's cells by attribute value. */
  public static final String APPLICATION_MEASURE = "genai_app_attribution_application_minute";

  /** The measure of an application's per-model cells by attribute value. */
  public static final String APPLICATION_MODEL_MEASURE =
      "genai_app_attribution_application_model_minute";

  private AppAttributionStoreNames() {}

  /** The measure of a whole-application ({@code byModel} false) or per-model cell. */
  public static String measureName(boolean byModel) {
    return byModel ? APPLICATION_MODEL_MEASURE : APPLICATION_MEASURE;
  }

  /**
   * The measure at a resolution: the minute measures ({@link #measureName(boolean)}) and, in the
   * hour and day groups, {@code genai_app_attribution_application[_model]_<hour|day>}.
   */
  public static String measureName(boolean byModel, CellResolution resolution) {
    String minute = measureName(byModel);
    return minute.substring(0, minute.length() - "minute".length()) + resolution.storeName();
  }

  /** The OpenSearch index prefix of the application attribution cells of a resolution. */
  public static String indexPrefix(CellResolution resolution) {
    return switch (resolution) {
      case MINUTE -> DEFAULT_INDEX_PREFIX;
      case HOUR -> DEFAULT_HOUR_INDEX_PREFIX;
      case DAY -> DEFAULT_DAY_INDEX_PREFIX;
    };
  }

  /** The entity tags of a measure, in order. */
  public static List<String> entityTags(boolean byModel) {
    return byModel
        ? List.of(AppCell.APPLICATION, ATTRIBUTE, VALUE, AppCell.PROVIDER, AppCell.MODEL)
        : List.of(AppCell.APPLICATION, ATTRIBUTE, VALUE);
  }
}
