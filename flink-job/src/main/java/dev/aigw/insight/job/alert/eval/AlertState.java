package dev.aigw.insight.job.alert.eval;

/**
 * The lifecycle of one rule and entity, in keyed state (a Flink POJO): whether an alert is firing,
 * since when, how many clean minutes it has seen, when the last alert started (for the silence
 * period); the entity's names for the events; a budget's period; an anomaly rule's baseline.
 */
public class AlertState {

  public String ruleId;
  public String entity;
  public String scope;
  public String dimension;
  public String service;

  /** The last evaluated minute (start, epoch ms); {@link Long#MIN_VALUE} before the first. */
  public long lastEvaluatedMinute = Long.MIN_VALUE;

  /** The newest minute that had a cell. */
  public long lastDataMinute = Long.MIN_VALUE;

  public boolean firing;

  /** Start of the firing alert (end of its first breaching minute), epoch ms. */
  public long startMs;

  /** Start of the last alert, for the silence period; 0 if none. */
  public long lastStartMs;

  /** Consecutive evaluated minutes without a breach while firing. */
  public int cleanMinutes;

  public String severity;

  /** Budget: start of the current period, epoch ms (0 before the first evaluation). */
  public long periodStartMs;

  /** Budget: spend of evicted minutes of the current period, currency units. */
  public double settledSpend;

  /** Budget: start of each threshold's alert in the current period; 0 when not fired. */
  public long[] thresholdStartMs;

  /** Anomaly: the EWMA mean of the evaluated values. */
  public double mean;

  /** Anomaly: the EWMA variance of the evaluated values. */
  public double variance;

  /** Anomaly: how many values the baseline has seen. */
  public int samples;

  /** Flink POJO constructor. */
  public AlertState() {}
}
