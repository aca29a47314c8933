package dev.aigw.insight.job.alert.reason;

/**
 * What an outage reason needs of one kept access log of a failed request (status ≥ 400 or an error
 * type): a Flink POJO in keyed list state.
 */
public class FailedRequest {

  /** Start of the request's minute, epoch ms. */
  public long minuteMs;

  /** The backend as the access log names it ({@code gen_ai.provider.name}). */
  public String backend;

  /** {@code response_code}, 0 when absent. */
  public long statusCode;

  /** {@code error.type}, else {@code upstream_transport_failure_reason}; empty when absent. */
  public String errorType;

  /** {@code x-request-id}; empty when absent. */
  public String requestId;

  /** Flink POJO constructor. */
  public FailedRequest() {}
}
