package dev.aigw.insight.job.temporality;

/**
 * What the job saw of one resource incarnation (resource identity + series start time), a Flink
 * POJO: the time of the earliest export seen, which decides the first-point rule (a).
 */
public class IncarnationState {

  /** time_unix_nano of the earliest export seen from this incarnation. */
  public long firstExportNanos;

  /** Processing time the incarnation last exported, epoch ms. */
  public long lastSeenMs;

  public IncarnationState() {}
}
