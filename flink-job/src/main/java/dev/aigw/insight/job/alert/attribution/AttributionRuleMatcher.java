package dev.aigw.insight.job.alert.attribution;

import dev.aigw.insight.job.alert.eval.RuleInput;
import dev.aigw.insight.job.alert.eval.RuleMatcher;
import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.schema.attribution.AttributionCell;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Fans each attribution cell out to the attribute rules that watch it (attribute, dimension and
 * entity filter, the filter seeing the attribute's value as one more tag), as one {@link RuleInput}
 * per rule with the rule's per-minute numbers of the cell, exactly as {@link RuleMatcher} does for
 * the gateway's cells. The entity ends with {@code <attribute>=<value>}; for a rule {@code
 * across-services} it has no {@code service=} part, and {@link RuleInput#service} still names the
 * cell's service so that {@link AcrossServicesSum} can keep each service's numbers. Stateless.
 */
public final class AttributionRuleMatcher implements FlatMapFunction<AttributionCell, RuleInput> {

  private static final long serialVersionUID = 1L;

  private final List<AlertRule> rules;

  public AttributionRuleMatcher(List<AlertRule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public void flatMap(AttributionCell cell, Collector<RuleInput> out) {
    for (AlertRule rule : rules) {
      if (rule.watches(cell)) {
        out.collect(RuleMatcher.input(rule, rule.entityOf(cell), cell.cell));
      }
    }
  }
}
