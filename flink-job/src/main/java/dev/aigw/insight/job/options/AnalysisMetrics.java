package dev.aigw.insight.job.options;

/**
 * Names of the job metrics of the GenAI metrics analysis, all in one place (documented in {@code
 * docs/analysis.md}). They are registered on the operator that counts them.
 */
public final class AnalysisMetrics {

  // decoder (runs inside the OTLP source, on gRPC threads)

  /** GenAI histogram points decoded and emitted. */
  public static final String POINTS_DECODED = "genaiPointsDecoded";

  /** Points of metrics that are not one of the four GenAI histograms (e.g. SDK self-metrics). */
  public static final String POINTS_IGNORED_NON_GENAI = "genaiPointsIgnoredNonGenAi";

  /** Points of resources the resource filter does not accept. */
  public static final String POINTS_FILTERED_RESOURCE = "genaiPointsFilteredResource";

  /** GenAI points in exponential-histogram form (not analysed). */
  public static final String POINTS_EXPONENTIAL_DROPPED = "genaiPointsExponentialDropped";

  /** Token-usage points without a known {@code gen_ai.token.type}. */
  public static final String POINTS_UNKNOWN_TOKEN_TYPE = "genaiPointsUnknownTokenType";

  /** Points flagged {@code NO_RECORDED_VALUE}. */
  public static final String POINTS_NO_RECORDED_VALUE = "genaiPointsNoRecordedValue";

  /** Malformed points (all reasons); each reason also has its own counter below. */
  public static final String POINTS_MALFORMED = "genaiPointsMalformed";

  /** Malformed: {@code time_unix_nano} is 0. */
  public static final String MALFORMED_MISSING_TIME = "genaiPointsMalformedMissingTime";

  /** Malformed: bucket counts do not match the bounds, or do not add up to count. */
  public static final String MALFORMED_BUCKET_MISMATCH = "genaiPointsMalformedBucketMismatch";

  /** Malformed: a negative count or bucket count (an unsigned value above 2^63). */
  public static final String MALFORMED_NEGATIVE_COUNT = "genaiPointsMalformedNegativeCount";

  /** Malformed: sum missing, NaN or infinite. */
  public static final String MALFORMED_INVALID_SUM = "genaiPointsMalformedInvalidSum";

  /** Malformed: bucket bounds not strictly increasing or not finite. */
  public static final String MALFORMED_INVALID_BOUNDS = "genaiPointsMalformedInvalidBounds";

  /** Malformed: aggregation temporality unspecified. */
  public static final String MALFORMED_TEMPORALITY = "genaiPointsMalformedTemporality";

  /** Malformed: {@code start_time_unix_nano} after {@code time_unix_nano}. */
  public static final String MALFORMED_START_AFTER_TIME = "genaiPointsMalformedStartAfterTime";

  /** Malformed: count or a bucket count above {@code analysis.point.max-count}. */
  public static final String MALFORMED_COUNT_TOO_LARGE = "genaiPointsMalformedCountTooLarge";

  /** Malformed: min or max NaN or infinite, or min above max. */
  public static final String MALFORMED_INVALID_MIN_MAX = "genaiPointsMalformedInvalidMinMax";

  /** Points stamped more than {@code analysis.time.max-future-skew} ahead: rejected. */
  public static final String POINTS_REJECTED_FUTURE = "genaiPointsRejectedFuture";

  /** Points older than {@code analysis.time.max-past-age}: rejected. */
  public static final String POINTS_REJECTED_TOO_OLD = "genaiPointsRejectedTooOld";

  /** Dimension values (service, instance, provider, model, token type) shortened to the limit. */
  public static final String DIMENSION_VALUES_SHORTENED = "genaiDimensionValuesShortened";

  /** Attributes beyond {@code analysis.point.max-attributes} (per point or resource): ignored. */
  public static final String ATTRIBUTES_IGNORED = "genaiAttributesIgnored";

  /** Attribute values whose arrays or lists nest deeper than the rendering depth: cut. */
  public static final String ATTRIBUTE_VALUES_TOO_DEEP = "genaiAttributeValuesTooDeep";

  /**
   * Metrics requests the decoder parsed whole instead of reading their wire format (an unusual
   * shape; same result, more CPU).
   */
  public static final String POINTS_WIRE_FALLBACKS = "genaiPointsWireFallbacks";

  // temporality

  /** First points of cumulative series that only set the baseline (joined a running gateway). */
  public static final String CUMULATIVE_BASELINE_ONLY = "genaiCumulativeBaselineOnly";

  /** First points counted in full because an earlier export of the incarnation lacked them. */
  public static final String CUMULATIVE_FIRST_COUNTED_NEW_SERIES =
      "genaiCumulativeFirstPointNewSeries";

  /** First points counted in full because the series started within the grace period. */
  public static final String CUMULATIVE_FIRST_COUNTED_FRESH_START =
      "genaiCumulativeFirstPointFreshStart";

  /** Cumulative series resets (start time changed, count went down, bounds changed). */
  public static final String CUMULATIVE_RESETS = "genaiCumulativeResets";

  /** Cumulative points not newer than the series' last point (replays, reordering): dropped. */
  public static final String CUMULATIVE_STALE_DROPPED = "genaiCumulativeStaleDropped";

  /** Delta points already counted for the same series, start and end: dropped. */
  public static final String DELTA_DUPLICATES_DROPPED = "genaiDeltaDuplicatesDropped";

  /**
   * Points of new series of a resource that already has {@code analysis.series.max-per-resource}
   * series: dropped.
   */
  public static final String SERIES_OVER_CAP_DROPPED = "genaiSeriesOverCapDropped";

  /** Series and incarnations forgotten after the series TTL. */
  public static final String SERIES_EXPIRED = "genaiSeriesExpired";

  // cardinality guard, windows, price

  /** Points whose provider was folded into {@code other} by the cardinality guard. */
  public static final String PROVIDERS_FOLDED = "genaiProvidersFolded";

  /** Points whose model was folded into {@code other} by the cardinality guard. */
  public static final String MODELS_FOLDED = "genaiModelsFolded";

  /**
   * LLM calls whose application was folded into {@code other} by the span path's application cap.
   */
  public static final String APPLICATIONS_FOLDED = "genaiApplicationsFolded";

  /** Points later than the allowed lateness: dropped. */
  public static final String LATE_POINTS_DROPPED = "genaiLatePointsDropped";

  /** Input + output tokens of models the price table does not cover. */
  public static final String UNPRICED_TOKENS = "genaiUnpricedTokens";

  /**
   * Gauge on the watermark operator: the job clock minus the last watermark, in milliseconds (how
   * far behind the analysis' event time is).
   */
  public static final String WATERMARK_LAG_MS = "genaiWatermarkLagMs";

  /** Minute cells emitted (including re-emissions after late points). */
  public static final String CELLS_EMITTED = "genaiCellsEmitted";

  /** Hour cells emitted by the roll-up (including re-emissions after late points). */
  public static final String HOUR_CELLS_EMITTED = "genaiHourCellsEmitted";

  /** Day cells emitted by the roll-up (including re-emissions after late points). */
  public static final String DAY_CELLS_EMITTED = "genaiDayCellsEmitted";

  private AnalysisMetrics() {}
}
