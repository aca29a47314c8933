package dev.aigw.insight.job.sample;

/** The sampler's verdict on one access log, with the first reason that applies. */
public enum SampleDecision {
  /** No usable {@code response_code} (absent, empty, {@code -} or not a number). */
  KEEP_MISSING_STATUS(true),
  /** {@code response_code} ≥ 400. */
  KEEP_ERROR_STATUS(true),
  /** {@code upstream_transport_failure_reason} is set. */
  KEEP_UPSTREAM_FAILURE(true),
  /** Input or output token count missing. */
  KEEP_MISSING_TOKENS(true),
  /** Input + output tokens reach the threshold. */
  KEEP_TOKEN_THRESHOLD(true),
  /** Option: slower than the duration threshold. */
  KEEP_SLOW(true),
  /** Option: in the fixed fraction of normal records that is kept. */
  KEEP_FRACTION(true),
  /** A normal, successful, small request: dropped. */
  DROP_NORMAL(false);

  private final boolean keep;

  SampleDecision(boolean keep) {
    this.keep = keep;
  }

  /** Whether the record is stored. */
  public boolean keep() {
    return keep;
  }
}
