package dev.aigw.insight.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.bench.load.GatewayShape;
import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.alert.rule.RuleKind;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The alert benchmark's rule file is valid, has the stated mix, and every rule is active. */
class BenchAlertRulesTest {

  private static final GatewayShape SHAPE = GatewayShape.ISSUE_8;

  @Test
  void hundredRulesParseWithTheStatedMixOfKinds() {
    List<AlertRule> rules = AlertRuleParser.parse(BenchAlertRules.yaml(SHAPE, 100));

    assertThat(rules).hasSize(100);
    Map<RuleKind, Long> kinds =
        rules.stream().collect(Collectors.groupingBy(AlertRule::kind, Collectors.counting()));
    assertThat(kinds)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                RuleKind.PROVIDER_OUTAGE, 10L,
                RuleKind.THRESHOLD, 35L,
                RuleKind.SLO_BURN_RATE, 20L,
                RuleKind.BUDGET, 20L,
                RuleKind.ANOMALY, 15L));
  }

  @Test
  void everyRuleWatchesCellsOfTheLoad() {
    List<MinuteCell> cells = cellsOf(SHAPE);
    List<String> idle = new ArrayList<>();
    for (AlertRule rule : AlertRuleParser.parse(BenchAlertRules.yaml(SHAPE, 100))) {
      if (cells.stream().noneMatch(rule::watches)) {
        idle.add(rule.id());
      }
    }
    assertThat(idle).as("rules that watch no cell of the load").isEmpty();
  }

  @Test
  void otherCountsKeepTheMixAndStayValid() {
    assertThat(AlertRuleParser.parse(BenchAlertRules.yaml(SHAPE, 7))).hasSize(7);
    assertThat(AlertRuleParser.parse(BenchAlertRules.yaml(SHAPE, 300))).hasSize(300);
  }

  @Test
  void theHarnessOptionsTurnTheStagesOnAndNameBadValues() {
    HarnessOptions options =
        HarnessOptions.parse(
            new String[] {
              "--rollups", "true", "--alert-rules", "100", "--fail-provider-after-s", "50"
            });
    assertThat(options.alertBench().rollUps()).isTrue();
    assertThat(options.alertBench().alertRules()).isEqualTo(100);
    assertThat(options.alertBench().failAfter()).hasSeconds(50);
    assertThat(HarnessOptions.parse(new String[] {}).alertBench()).isEqualTo(AlertBenchOptions.OFF);
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--alert-rules", "-1"}))
        .hasMessageContaining("'alert-rules'");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--fail-provider-after-s", "-1"}))
        .hasMessageContaining("'fail-provider-after-s'");
  }

  @Test
  void crossHourPutsAnHourBoundaryInTheMiddleOfTheMeasuredPhase() {
    HarnessOptions options =
        HarnessOptions.parse(new String[] {"--warmup-s", "45", "--duration-s", "90"});
    long now = 1_767_000_123_456L;
    long offset = Harness.crossHourOffsetMs(options, now);
    long middle = now + offset + 20_000 + 45_000 + 45_000;
    assertThat(offset).isBetween(0L, 3_600_000L);
    assertThat(middle % 3_600_000L).isZero();
  }

  /** One cell of every (scope, dimension) coordinate the load's fleet has. */
  private static List<MinuteCell> cellsOf(GatewayShape shape) {
    List<MinuteCell> cells = new ArrayList<>();
    for (int g = 0; g < shape.gateways(); g++) {
      String service = GatewayShape.serviceName(g);
      for (int pod = 0; pod < shape.podsPerGateway(); pod++) {
        for (int p = 0; p < shape.providers(); p++) {
          for (int m = 0; m < shape.modelsPerProvider(); m++) {
            for (Scope scope : Scope.values()) {
              for (Dimension dimension : Dimension.values()) {
                cells.add(
                    MinuteCell.at(
                        0,
                        scope,
                        dimension,
                        service,
                        GatewayShape.podName(g, pod),
                        GatewayShape.providerName(p),
                        GatewayShape.modelName(p, m)));
              }
            }
          }
        }
      }
    }
    return cells;
  }
}
