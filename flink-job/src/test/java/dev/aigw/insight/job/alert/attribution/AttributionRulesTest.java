package dev.aigw.insight.job.alert.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;
import dev.aigw.insight.job.alert.eval.RuleInput;
import dev.aigw.insight.job.alert.eval.RuleMatcher;
import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.testing.OperatorHarness;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The attribute rules before their evaluator: which attribution cells a rule sees and as which
 * entity ({@link AttributionRuleMatcher}), and the sum over the services ({@link
 * AcrossServicesSum}): a rewrite of one service's minute replaces that service's numbers, never
 * adds to them; a minute past the allowed lateness is dropped from state.
 */
class AttributionRulesTest {

  private static final long MINUTE = 60_000L;
  private static final long PICOS = 1_000_000_000_000L;

  private static final String RULES =
      """
      rules:
        - id: per-service
          kind: threshold
          attribute: team.id
          metric: cost_per_minute
          threshold: 10
          include: {team.id: [payments, search]}
        - id: team
          kind: budget
          attribute: team.id
          across-services: true
          amount: 100
          period: month
          exclude: {team.id: [none]}
        - id: team-model
          kind: threshold
          attribute: team.id
          across-services: true
          dimension: model
          metric: error_rate
          threshold: 0.1
      """;

  private static AttributionCell cell(
      String attribute, String value, String service, long minuteMs, double cost) {
    MinuteCell c = MinuteCell.at(minuteMs, Scope.SERVICE, Dimension.ALL, service, "", "", "");
    c.requests = 10;
    c.costPicos = Math.round(cost * PICOS);
    return new AttributionCell(attribute, value, c);
  }

  private static AttributionCell modelCell(String value, String service, long errors) {
    MinuteCell c =
        MinuteCell.at(0, Scope.SERVICE, Dimension.MODEL, service, "", "openai", "gpt-4o");
    c.requests = 10;
    c.errors = errors;
    return new AttributionCell("team.id", value, c);
  }

  private static List<String> match(AttributionCell cell) {
    List<String> out = new ArrayList<>();
    new AttributionRuleMatcher(AlertRuleParser.parse(RULES))
        .flatMap(
            cell,
            new Collector<>() {
              @Override
              public void collect(RuleInput in) {
                out.add(
                    in.key + " service=" + in.service + " " + in.numerator + "/" + in.denominator);
              }

              @Override
              public void close() {}
            });
    return out;
  }

  @Test
  void theEntityIsTheCellsAndTheAttributeValueOrTheValueAcrossServices() {
    assertThat(match(cell("team.id", "payments", "checkout", 0, 3)))
        .containsExactly(
            "per-service|service=checkout,team.id=payments service=checkout 3.0/0.0",
            "team|team.id=payments service=checkout 3.0/0.0");
    assertThat(match(modelCell("payments", "checkout", 2)))
        .containsExactly(
            "team-model|provider=openai,model=gpt-4o,team.id=payments service=checkout 2.0/10.0");
  }

  @Test
  void filtersSelectTheAttributeValuesAndOnlyTheRulesAttribute() {
    // search: both; ads: not in per-service's include; none: excluded by team
    assertThat(match(cell("team.id", "search", "chat", 0, 1))).hasSize(2);
    assertThat(match(cell("team.id", "ads", "chat", 0, 1)))
        .containsExactly("team|team.id=ads service=chat 1.0/0.0");
    assertThat(match(cell("team.id", "none", "chat", 0, 1))).isEmpty();
    // another attribute's cells are not the rules'
    assertThat(match(cell("tenant.id", "payments", "chat", 0, 1))).isEmpty();
    // and the gateway cells' matcher never gives them a minute cell
    MinuteCell gateway = MinuteCell.at(0, Scope.SERVICE, Dimension.ALL, "chat", "", "", "");
    List<RuleInput> fromGateway = new ArrayList<>();
    new RuleMatcher(AlertRuleParser.parse(RULES))
        .flatMap(
            gateway,
            new Collector<>() {
              @Override
              public void collect(RuleInput in) {
                fromGateway.add(in);
              }

              @Override
              public void close() {}
            });
    assertThat(fromGateway).isEmpty();
  }

  private static RuleInput input(AlertRule rule, String service, long minuteMs, double cost) {
    AttributionCell c = cell("team.id", "payments", service, minuteMs, cost);
    RuleInput in = RuleMatcher.input(rule, rule.entityOf(c), c.cell);
    in.service = service;
    return in;
  }

  private static List<String> outputs(
      KeyedOneInputStreamOperatorTestHarness<String, RuleInput, RuleInput> h) {
    List<String> out = new ArrayList<>();
    for (RuleInput in : h.extractOutputValues()) {
      out.add(
          in.key
              + " @"
              + in.minuteMs / MINUTE
              + " "
              + in.numerator
              + " "
              + in.requests
              + " '"
              + in.service
              + "'");
    }
    h.getOutput().clear();
    return out;
  }

  @Test
  void aRewriteOfOneServicesMinuteReplacesItsNumbersAndOldMinutesAreDropped() throws Exception {
    List<AlertRule> rules = AlertRuleParser.parse(RULES);
    AlertRule team = rules.get(1);
    AlertRule perService = rules.get(0);
    try (KeyedOneInputStreamOperatorTestHarness<String, RuleInput, RuleInput> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new AcrossServicesSum(rules, 1)),
            in -> in.key,
            Types.STRING,
            OperatorHarness.environment(new InterceptingOperatorMetricGroup()))) {
      h.open();
      h.processElement(input(team, "checkout", 0, 3), MINUTE - 1);
      h.processElement(input(team, "search-api", 0, 4), MINUTE - 1);
      // a late point re-emits checkout's whole minute: 5 replaces 3
      h.processElement(input(team, "checkout", 0, 5), MINUTE - 1);
      h.processElement(input(team, "checkout", MINUTE, 2), 2 * MINUTE - 1);
      // a per-service rule's input passes unchanged, at once
      h.processElement(input(perService, "checkout", 0, 5), MINUTE - 1);
      assertThat(outputs(h))
          .containsExactly("per-service|service=checkout,team.id=payments @0 5.0 10 'checkout'");
      // the sum of a minute is sent when the watermark passes it, in minute order
      h.processWatermark(MINUTE - 1);
      assertThat(outputs(h)).containsExactly("team|team.id=payments @0 9.0 20 ''");
      // lateness 1 minute: a rewrite of minute 0 before the watermark reaches 2m − 1 corrects
      // the sum at once (search-api 4 → 6)
      h.processElement(input(team, "search-api", 0, 6), MINUTE - 1);
      assertThat(outputs(h)).containsExactly("team|team.id=payments @0 11.0 20 ''");
      h.processWatermark(2 * MINUTE - 1);
      assertThat(outputs(h)).containsExactly("team|team.id=payments @1 2.0 10 ''");
      // minute 0 is dropped: an input of it would be a partial sum, so it is dropped, not sent
      h.processElement(input(team, "checkout", 0, 1), MINUTE - 1);
      assertThat(outputs(h)).isEmpty();
      // minute 1 is still held (its key's state), then dropped in turn
      assertThat(h.numKeyedStateEntries()).isPositive();
      h.processWatermark(3 * MINUTE - 1);
      assertThat(outputs(h)).isEmpty();
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void aSumAcrossServicesMergesTheServicesBucketCounts() throws Exception {
    List<AlertRule> rules =
        AlertRuleParser.parse(
            """
            rules:
              - id: team-p95
                kind: threshold
                attribute: team.id
                across-services: true
                metric: latency_p95_ms
                threshold: 2000
            """);
    AlertRule rule = rules.get(0);
    double[] bounds = {1, 2, 4};
    try (KeyedOneInputStreamOperatorTestHarness<String, RuleInput, RuleInput> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new AcrossServicesSum(rules, 1)),
            in -> in.key,
            Types.STRING,
            OperatorHarness.environment(new InterceptingOperatorMetricGroup()))) {
      h.open();
      h.processElement(withBuckets(rule, "checkout", bounds, new long[] {8, 2, 0, 0}), MINUTE - 1);
      h.processElement(
          withBuckets(rule, "search-api", bounds, new long[] {0, 1, 3, 1}), MINUTE - 1);
      // a rewrite of checkout's minute replaces its counts
      h.processElement(withBuckets(rule, "checkout", bounds, new long[] {9, 2, 0, 0}), MINUTE - 1);
      h.processWatermark(MINUTE - 1);
      List<RuleInput> sums = h.extractOutputValues();
      assertThat(sums).hasSize(1);
      assertThat(sums.get(0).histogram.counts).containsExactly(9, 3, 3, 1);
      assertThat(sums.get(0).histogram.count).isEqualTo(16);
    }
  }

  private static RuleInput withBuckets(
      AlertRule rule, String service, double[] bounds, long[] counts) {
    RuleInput in = input(rule, service, 0, 1);
    in.histogram = new HistogramAccumulator();
    in.histogram.add(
        bounds, counts, 0, java.util.Arrays.stream(counts).sum(), Double.NaN, Double.NaN);
    return in;
  }
}
