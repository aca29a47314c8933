package dev.aigw.insight.job.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** Which cells a rule sees, and the per-minute numbers it takes from them. */
class RuleMatcherTest {

  private static List<RuleInput> match(String rules, MinuteCell cell) {
    List<RuleInput> out = new ArrayList<>();
    new RuleMatcher(AlertRuleParser.parse(rules))
        .flatMap(
            cell,
            new Collector<>() {
              @Override
              public void collect(RuleInput record) {
                out.add(record);
              }

              @Override
              public void close() {}
            });
    return out;
  }

  private static MinuteCell modelCell(String provider, String model) {
    MinuteCell c = MinuteCell.at(0, Scope.SERVICE, Dimension.MODEL, "chat", "", provider, model);
    c.requests = 10;
    c.ttftCount = 4;
    c.ttftP95Ms = 800;
    c.latencyP50Ms = 1000;
    c.latencyP75Ms = 1500;
    c.latencyP90Ms = 2500;
    c.latencyP95Ms = 3000;
    c.latencyP99Ms = 5000;
    return c;
  }

  @Test
  void aPercentileIsWeightedByItsCount() {
    List<RuleInput> in =
        match(
            """
            rules:
              - {id: ttft, kind: threshold, metric: ttft_p95_ms, threshold: 1, dimension: model}
            """,
            modelCell("openai", "gpt-4o"));
    assertThat(in).hasSize(1);
    assertThat(in.get(0).numerator).isEqualTo(800.0 * 4);
    assertThat(in.get(0).denominator).isEqualTo(4.0);
    assertThat(in.get(0).entity).isEqualTo("service=chat,provider=openai,model=gpt-4o");
  }

  @Test
  void filtersAndDimensionsSelectTheCells() {
    String rules =
        """
        rules:
          - id: ttft
            kind: threshold
            metric: ttft_p95_ms
            threshold: 1
            dimension: model
            include: {provider: [openai]}
            exclude: {model: ["test-.*"]}
        """;
    assertThat(match(rules, modelCell("openai", "gpt-4o"))).hasSize(1);
    assertThat(match(rules, modelCell("anthropic", "claude"))).isEmpty();
    assertThat(match(rules, modelCell("openai", "test-model"))).isEmpty();
    MinuteCell service = MinuteCell.at(0, Scope.SERVICE, Dimension.ALL, "chat", "", "", "");
    assertThat(match(rules, service)).isEmpty();
  }

  @Test
  void theLatencySloEstimatesSlowRequestsFromThePercentiles() {
    MinuteCell c = modelCell("openai", "gpt-4o");
    // 2 s lies between p75 (1.5 s) and p90 (2.5 s): rank 75 + 0.5 × 15 = 82.5 → 17.5 % slower
    assertThat(RuleMatcher.shareOver(c, 2000)).isCloseTo(0.175, within(1e-12));
    assertThat(RuleMatcher.shareOver(c, 500)).isCloseTo(0.75, within(1e-12));
    assertThat(RuleMatcher.shareOver(c, 5000)).isZero();
  }
}
