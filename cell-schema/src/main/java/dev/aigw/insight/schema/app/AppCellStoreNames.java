package dev.aigw.insight.schema.app;

/**
 * Where application cells are stored: one BanyanDB measure per {@link AppDimension} (in the minute
 * group of the gateway cells) and daily OpenSearch indices {@code <prefix>-yyyy.MM.dd}.
 */
public final class AppCellStoreNames {

  /** Prefix of the daily OpenSearch indices of the application cells. */
  public static final String DEFAULT_INDEX_PREFIX = "aigw-app-cells";

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
}
