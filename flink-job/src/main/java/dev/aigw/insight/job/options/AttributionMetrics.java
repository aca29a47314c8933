package dev.aigw.insight.job.options;

/**
 * Names of the job metrics of the attribution dimensions (documented in {@code docs/analysis.md}).
 */
public final class AttributionMetrics {

  /** Attribute values that were empty, counted under {@code none} (decoder). */
  public static final String VALUES_EMPTY = "attributionValuesEmpty";

  /** Attribute values over the dimension limit, stored in their stable shortened form (decoder). */
  public static final String VALUES_SHORTENED = "attributionValuesShortened";

  /** Attribute values sent as bytes that are not valid UTF-8 (decoder). */
  public static final String VALUES_INVALID_UTF8 = "attributionValuesInvalidUtf8";

  /** Values of secret attributes replaced by their keyed hash (decoder). */
  public static final String VALUES_HASHED = "attributionValuesHashed";

  /** Points whose value was folded into {@code other} by the per-attribute cap (guard). */
  public static final String VALUES_FOLDED = "attributionValuesFolded";

  /** Attribution cells emitted. */
  public static final String CELLS_EMITTED = "attributionCellsEmitted";

  /** Attribution hour cells emitted (each firing of an hour, late re-firings included). */
  public static final String HOUR_CELLS_EMITTED = "attributionHourCellsEmitted";

  /** Attribution day cells emitted (each firing of a day, late re-firings included). */
  public static final String DAY_CELLS_EMITTED = "attributionDayCellsEmitted";

  private AttributionMetrics() {}
}
