package dev.aigw.insight.schema.app;

import java.util.List;

/**
 * Where the application attribution cells ({@link AppAttributionCell}) are stored: two BanyanDB
 * measures in the minute group (whole application, per provider's model) and daily OpenSearch
 * indices of their own, apart from the gateway's attribution cells so that each family adds up to
 * its own service cells. Entity tags: application, attribute, value, then provider and model.
 */
public final class AppAttributionStoreNames {

  /** Prefix of the daily OpenSearch indices of the application attribution cells. */
  public static final String DEFAULT_INDEX_PREFIX = "aigw-app-attribution-cells";

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

  /** The entity tags of a measure, in order. */
  public static List<String> entityTags(boolean byModel) {
    return byModel
        ? List.of(AppCell.APPLICATION, ATTRIBUTE, VALUE, AppCell.PROVIDER, AppCell.MODEL)
        : List.of(AppCell.APPLICATION, ATTRIBUTE, VALUE);
  }
}
