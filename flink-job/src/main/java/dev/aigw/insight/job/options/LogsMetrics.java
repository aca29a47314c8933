package dev.aigw.insight.job.options;

import dev.aigw.insight.job.price.AccessLogPricer;

/** Names of the access-log job metrics (decoder, sampler, pricing); documented in docs/logs.md. */
public final class LogsMetrics {

  // decoder (on the receiver's operator)
  /** Log records decoded into access-log records. */
  public static final String DECODED = "accessLogsDecoded";

  /** Records of resources whose service.layer is not the configured one. */
  public static final String DROPPED_OTHER_LAYER = "accessLogsDroppedOtherLayer";

  /** Records whose resource has no service.name. */
  public static final String DROPPED_MISSING_SERVICE = "accessLogsDroppedMissingService";

  /** Records with neither time_unix_nano nor observed_time_unix_nano. */
  public static final String DROPPED_MISSING_TIME = "accessLogsDroppedMissingTime";

  /** Numeric attributes (tokens, duration, status) that were present but not a number. */
  public static final String UNPARSABLE_NUMBERS = "accessLogsUnparsableNumbers";

  /** Records stamped more than analysis.time.max-future-skew ahead: rejected. */
  public static final String REJECTED_FUTURE = "accessLogsRejectedFuture";

  /** Records older than analysis.time.max-past-age: rejected. */
  public static final String REJECTED_TOO_OLD = "accessLogsRejectedTooOld";

  /** Bodies and attribute values of stored records truncated to logs.max-field-bytes. */
  public static final String FIELDS_TRUNCATED = "accessLogsFieldsTruncated";

  /**
   * Attributes of stored records dropped (logs.max-attributes, logs.max-record-bytes, key size).
   */
  public static final String ATTRIBUTES_DROPPED = "accessLogsAttributesDropped";

  /** Service, instance, provider or model values of stored records shortened to the bound. */
  public static final String DIMENSION_VALUES_SHORTENED = "accessLogsDimensionValuesShortened";

  /** Attribute values of stored records whose arrays or lists nest too deep: cut. */
  public static final String ATTRIBUTE_VALUES_TOO_DEEP = "accessLogsAttributeValuesTooDeep";

  /**
   * Requests a sampling decoder could not read from the wire format exactly (groups, odd field
   * order, deep nesting, …) and parsed whole instead: same result, more CPU.
   */
  public static final String WIRE_FALLBACKS = "accessLogsWireFallbacks";

  // sampler: every record is counted once, under the first reason that applies
  public static final String KEPT_MISSING_STATUS = "accessLogsKeptMissingStatus";
  public static final String KEPT_ERROR_STATUS = "accessLogsKeptErrorStatus";
  public static final String KEPT_UPSTREAM_FAILURE = "accessLogsKeptUpstreamFailure";
  public static final String KEPT_MISSING_TOKENS = "accessLogsKeptMissingTokens";
  public static final String KEPT_TOKEN_THRESHOLD = "accessLogsKeptTokenThreshold";
  public static final String KEPT_SLOW = "accessLogsKeptSlow";
  public static final String KEPT_FRACTION = "accessLogsKeptFraction";
  public static final String DROPPED_NORMAL = "accessLogsDroppedNormal";

  // pricing
  /** Kept records with token counts whose model is not in the price table (cost left empty). */
  public static final String UNPRICED = AccessLogPricer.UNPRICED;

  // redaction
  /** Attribute values removed by redaction ('drop', or 'hash' without a secret). */
  public static final String REDACTED_DROPPED = "accessLogAttributesRedactedDropped";

  /** Attribute values replaced by their keyed hash. */
  public static final String REDACTED_HASHED = "accessLogAttributesRedactedHashed";

  private LogsMetrics() {}
}
