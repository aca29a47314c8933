package dev.aigw.insight.job.sample;

import dev.aigw.insight.job.decode.logs.AccessLogAttributes;
import dev.aigw.insight.job.model.AccessLogKey;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * The access-log sampling policy: SkyWalking 10.4's rule for Envoy AI Gateway logs, plus two
 * options.
 *
 * <p>A record is dropped only when all of these hold: {@code response_code} is present and below
 * 400; there is no upstream failure ({@code upstream_transport_failure_reason} empty or {@code -});
 * both input and output token counts are present; input + output is below the token threshold.
 * Everything else is kept. Of the records that rule would drop, the options keep those slower than
 * a duration threshold and a fixed fraction chosen by a hash of the record's key ({@link
 * AccessLogKey}), so that a replay decides the same.
 */
public final class AccessLogSampler implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long tokenThreshold;
  private final Long keepSlowerThanMs;
  private final double keepFraction;

  /**
   * @param tokenThreshold input + output tokens from which a request is kept
   * @param keepSlowerThan keep requests whose duration exceeds this; null for off
   * @param keepFraction fraction in [0, 1] of otherwise dropped records to keep
   */
  public AccessLogSampler(long tokenThreshold, Duration keepSlowerThan, double keepFraction) {
    this.tokenThreshold = tokenThreshold;
    this.keepSlowerThanMs = keepSlowerThan == null ? null : keepSlowerThan.toMillis();
    this.keepFraction = keepFraction;
  }

  /** The sampler of the access-log options. */
  public static AccessLogSampler create(LogsConfig config) {
    return new AccessLogSampler(
        config.tokenThreshold(), config.keepSlowerThan(), config.keepFraction());
  }

  /** Decides one record; pure and thread-safe. */
  public SampleDecision decide(AccessLogRecord record) {
    if (record.statusCode == null) {
      return SampleDecision.KEEP_MISSING_STATUS;
    }
    if (record.statusCode >= 400) {
      return SampleDecision.KEEP_ERROR_STATUS;
    }
    if (record.attribute(AccessLogAttributes.UPSTREAM_TRANSPORT_FAILURE_REASON) != null) {
      return SampleDecision.KEEP_UPSTREAM_FAILURE;
    }
    if (record.inputTokens == null || record.outputTokens == null) {
      return SampleDecision.KEEP_MISSING_TOKENS;
    }
    if (record.inputTokens + record.outputTokens >= tokenThreshold) {
      return SampleDecision.KEEP_TOKEN_THRESHOLD;
    }
    if (keepSlowerThanMs != null
        && record.durationMs != null
        && record.durationMs > keepSlowerThanMs) {
      return SampleDecision.KEEP_SLOW;
    }
    if (keepFraction > 0 && AccessLogKey.unitInterval(AccessLogKey.of(record)) < keepFraction) {
      return SampleDecision.KEEP_FRACTION;
    }
    return SampleDecision.DROP_NORMAL;
  }
}
