package dev.aigw.insight.job.alert.eval;

/**
 * One minute of one entity as one rule sees it: the rule's two per-minute numbers ({@link
 * dev.aigw.insight.job.alert.rule.AlertMetric}) and the requests of the minute (for the
 * minimum-request guard). A Flink POJO; keyed by {@link #key} (rule id + entity).
 */
public class RuleInput {

  /** {@code ruleId|entity}: the evaluator's key. */
  public String key;

  public String ruleId;

  /** The entity as {@code tag=value,...}. */
  public String entity;

  public String scope;

  public String dimension;

  public String service;

  /** Start of the cell's minute, epoch ms. */
  public long minuteMs;

  public double numerator;

  public double denominator;

  public long requests;

  /** Flink POJO constructor. */
  public RuleInput() {}
}
