package dev.aigw.insight.schema.app;

import dev.aigw.insight.schema.cell.CellResolution;

/**
 * Where application cells are stored: one BanyanDB measure per {@link AppDimension} (in the minute
 * group of the gateway cells) and daily OpenSearch indices {@code <prefix>-yyyy.MM.dd}; their hour
 * and day roll-ups in one measure per dimension of the hour and day groups and in monthly and
 * yearly indices of their own.
 */
public final class AppCellStoreNames {

  /** Prefix of the daily OpenSearch indices of the application cells. */
  public static final String DEFAULT_INDEX_PREFIX = "aigw-app-cells";

  /**
   * Prefix of the monthly OpenSearch indices of the application hour cells ({@code
   * <prefix>-yyyy.MM}); not {@code aigw-app-cells-hour}, which the minute pattern would match.
   */
  public static final String DEFAULT_HOUR_INDEX_PREFIX = "aigw-app-hour-cells";

  /**
   * Prefix of the yearly OpenSearch indices of the application day cells ({@code <prefix>-yyyy}).
   */
  public static final String DEFAULT_DAY_INDEX_PREFIX = "aigw-app-day-cells";

  /** The one tag family of every application measure (its tags are {@link AppDimension#tags}). */
  public static final String TAG_FAMILY = "default";

  private AppCellStoreNames() {}

  /**
   * The measure of a dimension: {@code genai_apps_<dimension>_minute}, i.e. {@code
   * genai_apps_application_model_minute}, {@code genai_apps_provider_minute}, {@code
   * genai_apps_provider_model_minute}.
   */
  public static String measureName(AppDimension dimension) {
    return "genai_apps_" + dimension.storeName() + "_minute";
  }

  /**
   * The measure of a dimension at a resolution: the minute measures ({@link
   * #measureName(AppDimension)}) and, in the hour and day groups, {@code
   * genai_apps_<dimension>_<hour|day>}.
   */
  public static String measureName(AppDimension dimension, CellResolution resolution) {
    return "genai_apps_" + dimension.storeName() + "_" + resolution.storeName();
  }

  /** The OpenSearch index prefix of the application cells of a resolution. */
  public static String indexPrefix(CellResolution resolution) {
    return switch (resolution) {
      case MINUTE -> DEFAULT_INDEX_PREFIX;
      case HOUR -> DEFAULT_HOUR_INDEX_PREFIX;
      case DAY -> DEFAULT_DAY_INDEX_PREFIX;
    };
  }
}
