package dev.aigw.insight.job.alert.eval;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;

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

  /** The cell's provider (empty for a cell without one): status counts are matched to it. */
  public String provider;

  /** Start of the cell's minute, epoch ms. */
  public long minuteMs;

  public double numerator;

  public double denominator;

  public long requests;

  /**
   * The minute's bucket counts when the rule's metric is a percentile ({@link WindowPercentile});
   * null otherwise or when the cell has none.
   */
  public HistogramAccumulator histogram;

  /** Flink POJO constructor. */
  public RuleInput() {}

  /** A copy (the status-count join keeps one per entity and emits copies of it). */
  public RuleInput copy() {
    RuleInput c = new RuleInput();
    c.key = key;
    c.ruleId = ruleId;
    c.entity = entity;
    c.scope = scope;
    c.dimension = dimension;
    c.service = service;
    c.provider = provider;
    c.minuteMs = minuteMs;
    c.numerator = numerator;
    c.denominator = denominator;
    c.requests = requests;
    c.histogram = histogram;
    return c;
  }
}
