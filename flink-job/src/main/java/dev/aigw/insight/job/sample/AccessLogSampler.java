package dev.aigw.insight.job.sample;

import dev.aigw.insight.job.model.AccessLogKey;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.schema.gateway.GatewayContract;
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

  /**
   * A number that is missing (the record's field is null); the decoder's numbers are never
   * negative.
   */
  public static final long ABSENT = -1;

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
    SampleDecision byRule =
        decideByRule(
            orAbsent(record.statusCode),
            record.attribute(GatewayContract.LOG_UPSTREAM_TRANSPORT_FAILURE_REASON) != null,
            orAbsent(record.inputTokens),
            orAbsent(record.outputTokens),
            orAbsent(record.durationMs));
    if (byRule != null) {
      return byRule;
    }
    return decideFraction(
        keepFraction > 0 ? AccessLogKey.unitInterval(AccessLogKey.of(record)) : 1.0);
  }

  /**
   * Every step but the fraction, from the record's numbers ({@link #ABSENT} when missing): the
   * decision, or null for a normal record, which {@link #decideFraction} then decides. Lets the
   * decoder decide from the wire format without building the record.
   */
  public SampleDecision decideByRule(
      long statusCode,
      boolean upstreamFailure,
      long inputTokens,
      long outputTokens,
      long durationMs) {
    if (statusCode == ABSENT) {
      return SampleDecision.KEEP_MISSING_STATUS;
    }
    if (statusCode >= 400) {
      return SampleDecision.KEEP_ERROR_STATUS;
    }
    if (upstreamFailure) {
      return SampleDecision.KEEP_UPSTREAM_FAILURE;
    }
    if (inputTokens == ABSENT || outputTokens == ABSENT) {
      return SampleDecision.KEEP_MISSING_TOKENS;
    }
    if (inputTokens + outputTokens >= tokenThreshold) {
      return SampleDecision.KEEP_TOKEN_THRESHOLD;
    }
    if (keepSlowerThanMs != null && durationMs != ABSENT && durationMs > keepSlowerThanMs) {
      return SampleDecision.KEEP_SLOW;
    }
    return null;
  }

  /** Whether a normal record's fate depends on its key ({@code keep-fraction} above 0). */
  public boolean samplesFraction() {
    return keepFraction > 0;
  }

  /**
   * The decision for a normal record whose key maps to {@code unitInterval} ({@link
   * AccessLogKey#unitInterval}); any value when {@link #samplesFraction()} is false.
   */
  public SampleDecision decideFraction(double unitInterval) {
    return keepFraction > 0 && unitInterval < keepFraction
        ? SampleDecision.KEEP_FRACTION
        : SampleDecision.DROP_NORMAL;
  }

  private static long orAbsent(Long number) {
    // the decoder's numbers are null or at least 0
    return number == null ? ABSENT : number;
  }
}
