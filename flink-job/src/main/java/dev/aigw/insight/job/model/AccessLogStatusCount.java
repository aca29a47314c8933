package dev.aigw.insight.job.model;

/**
 * How many decoded access logs of one service and backend started in one minute, and how many of
 * them were answered 429 or 5xx: counted by the access-log decoder from every decoded record,
 * before the sampling drops any, and summed per minute for the {@code status_*_share} alert metrics
 * (docs/alerts.md). One count covers the records of one export request; a Flink POJO.
 */
public class AccessLogStatusCount {

  /** {@code service.name} of the resource, as the decoded records carry it. */
  public String service;

  /**
   * The backend as the access log names it ({@code gen_ai.provider.name}, a path such as {@code
   * default/openai/route/…}), bounded as the record's provider; empty when absent.
   */
  public String backend;

  /** Start of the minute, epoch ms. */
  public long minuteMs;

  /** The latest record time of the count, epoch ms: its event time (for the watermarks). */
  public long lastTimeMs;

  /** Decoded access logs (requests). */
  public long requests;

  /** Of them, answered 429. */
  public long status429;

  /** Of them, answered 500–599. */
  public long status5xx;

  /** Flink POJO constructor. */
  public AccessLogStatusCount() {}

  public AccessLogStatusCount(
      String service,
      String backend,
      long minuteMs,
      long lastTimeMs,
      long requests,
      long status429,
      long status5xx) {
    this.service = service;
    this.backend = backend;
    this.minuteMs = minuteMs;
    this.lastTimeMs = lastTimeMs;
    this.requests = requests;
    this.status429 = status429;
    this.status5xx = status5xx;
  }

  @Override
  public String toString() {
    return service
        + "|"
        + backend
        + "@"
        + minuteMs
        + " requests="
        + requests
        + " 429="
        + status429
        + " 5xx="
        + status5xx;
  }
}
