package dev.aigw.insight.schema.cell;

/**
 * Where cells are stored: the BanyanDB measure of each scope × dimension and the default group, and
 * the default prefix of the daily OpenSearch indices. The job's options take their defaults from
 * here, so that a reader with no configuration finds what a job with none wrote.
 */
public final class CellStoreNames {

  /** Default BanyanDB measure group of the minute cells (option banyandb.genai.minute.group). */
  public static final String DEFAULT_MINUTE_GROUP = "genai_minute";

  /** Default prefix of the daily OpenSearch cell indices (option cells.index-prefix). */
  public static final String DEFAULT_INDEX_PREFIX = "aigw-cells";

  /** The one tag family of every cell measure; its tags are the entity tags ({@link CellTag}). */
  public static final String TAG_FAMILY = "default";

  private CellStoreNames() {}

  /**
   * The measure of a scope and dimension: {@code genai_<scope>[_<dimension>]_minute}, e.g. {@code
   * genai_service_minute}, {@code genai_instance_model_minute}.
   */
  public static String measureName(Scope scope, Dimension dimension) {
    String dim = dimension == Dimension.ALL ? "" : "_" + dimension.storeName();
    return "genai_" + scope.storeName() + dim + "_minute";
  }

  /**
   * The measure of a scope and dimension at a resolution: {@code genai_<scope>[_<dimension>]_<
   * minute|hour|day>}, e.g. {@code genai_service_model_hour}.
   */
  public static String measureName(Scope scope, Dimension dimension, CellResolution resolution) {
    String dim = dimension == Dimension.ALL ? "" : "_" + dimension.storeName();
    return "genai_" + scope.storeName() + dim + "_" + resolution.storeName();
  }
}
