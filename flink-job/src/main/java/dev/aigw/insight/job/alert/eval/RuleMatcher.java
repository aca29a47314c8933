package dev.aigw.insight.job.alert.eval;

import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.RuleKind;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Fans each minute cell out to the rules that watch it (scope, dimension and entity filter), as one
 * {@link RuleInput} per rule carrying that rule's per-minute numbers. Stateless. For a rule on an
 * access-log share the cell only names the entity (its numbers are 0): the {@code
 * status/StatusShareJoin} fills in the access logs' counts. A percentile metric also takes the
 * minute's bucket counts ({@link WindowPercentile}) and a latency SLO counts its slow requests from
 * them ({@link SlowRequests}): the cells carry them from the cell windows for this, never stored.
 */
public final class RuleMatcher implements FlatMapFunction<MinuteCell, RuleInput> {

  private static final long serialVersionUID = 1L;

  private final List<AlertRule> rules;

  public RuleMatcher(List<AlertRule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public void flatMap(MinuteCell cell, Collector<RuleInput> out) {
    String entity = null;
    for (AlertRule rule : rules) {
      if (!rule.watches(cell)) {
        continue;
      }
      if (entity == null) {
        entity = AlertRule.entityOf(cell);
      }
      out.collect(input(rule, entity, cell));
    }
  }

  /** One rule's per-minute numbers of a watched cell, as the entity {@code entity}. */
  public static RuleInput input(AlertRule rule, String entity, MinuteCell cell) {
    RuleInput in = new RuleInput();
    in.ruleId = rule.id();
    in.entity = entity;
    in.key = rule.id() + "|" + entity;
    in.scope = cell.scope.name();
    in.dimension = cell.dimension.name();
    in.service = cell.service;
    in.provider = cell.provider == null ? "" : cell.provider;
    in.minuteMs = cell.windowStartMs;
    in.requests = cell.requests;
    if (rule.kind() == RuleKind.SLO_BURN_RATE && rule.slo().latencyThresholdMs() > 0) {
      in.numerator = slowRequests(cell, rule.slo().latencyThresholdMs());
      in.denominator = cell.requests;
    } else {
      in.numerator = rule.metric().numerator(cell);
      in.denominator = rule.metric().denominator(cell);
      in.histogram = WindowPercentile.histogramOf(rule.metric(), cell);
    }
    return in;
  }

  /**
   * The minute's requests slower than {@code thresholdMs}: counted from its bucket counts ({@link
   * SlowRequests}, exact at a bucket bound) when the cell carries them, as every cell of the job's
   * cell windows does; else estimated by {@link #shareOver}.
   */
  static double slowRequests(MinuteCell cell, double thresholdMs) {
    if (cell.latencyBuckets != null) {
      return SlowRequests.count(cell.latencyBuckets, thresholdMs);
    }
    return cell.requests * shareOver(cell, thresholdMs);
  }

  /**
   * The share of the minute's requests slower than {@code thresholdMs}, estimated from its
   * percentiles: linear between (0 %, 0 ms), (50 %, p50), (75 %, p75), (90 %, p90), (95 %, p95) and
   * (99 %, p99); a threshold at or above p99 counts as no slow request. Only the fallback for a
   * cell without bucket counts ({@link #slowRequests}).
   */
  static double shareOver(MinuteCell cell, double thresholdMs) {
    if (cell.requests == 0) {
      return 0;
    }
    double[] ranks = {0, 50, 75, 90, 95, 99};
    double[] values = {
      0,
      cell.latencyP50Ms,
      cell.latencyP75Ms,
      cell.latencyP90Ms,
      cell.latencyP95Ms,
      cell.latencyP99Ms
    };
    if (thresholdMs >= values[values.length - 1]) {
      return 0;
    }
    for (int i = 1; i < ranks.length; i++) {
      if (thresholdMs < values[i]) {
        double span = values[i] - values[i - 1];
        double fraction = span <= 0 ? 0 : (thresholdMs - values[i - 1]) / span;
        double rank = ranks[i - 1] + fraction * (ranks[i] - ranks[i - 1]);
        return 1 - rank / 100;
      }
    }
    return 0;
  }
}
