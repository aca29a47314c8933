package dev.aigw.insight.job.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.job.alert.rule.AlertRule.BudgetPeriod;
import dev.aigw.insight.schema.cell.Dimension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rule file: what it accepts, and a clear message naming rule and field for what it does not.
 */
class AlertRuleParserTest {

  private static void refused(String rule, String message) {
    assertThatThrownBy(() -> AlertRuleParser.parse("rules:\n" + rule))
        .isInstanceOf(RuleFileException.class)
        .hasMessage(message);
  }

  @Test
  void theExampleOfDocsAlertsMdIsValid() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "alerts.md"));
    Matcher yaml = Pattern.compile("```yaml\\n(rules:.*?)```", Pattern.DOTALL).matcher(docs);
    assertThat(yaml.find()).as("docs/alerts.md has a rules: example").isTrue();
    List<AlertRule> rules = AlertRuleParser.parse(yaml.group(1));
    assertThat(rules).extracting(r -> r.kind()).contains(RuleKind.values());
  }

  @Test
  void readsEveryKindWithItsDefaults() {
    List<AlertRule> rules =
        AlertRuleParser.parse(
            """
            rules:
              - id: ttft
                kind: threshold
                metric: ttft_p95_ms
                threshold: 2000
                dimension: model
                include: {provider: [openai, anthropic]}
                exclude: {model: ["test-.*"]}
              - id: slo
                kind: slo_burn_rate
                objective: 99.5
                latency-threshold: 2s
              - id: team
                kind: budget
                amount: 5000
                period: month
              - id: spend
                kind: anomaly
                metric: cost_per_minute
              - id: outage
                kind: provider_outage
            """);
    assertThat(rules.get(0).metric().aggregation()).isEqualTo(AlertMetric.Aggregation.RATIO);
    assertThat(rules.get(0).dimension()).isEqualTo(Dimension.MODEL);
    assertThat(rules.get(0).windowMinutes()).isEqualTo(5);
    assertThat(rules.get(1).slo().objective()).isEqualTo(0.995);
    assertThat(rules.get(1).slo().latencyThresholdMs()).isEqualTo(2000);
    assertThat(rules.get(1).slo().windows()).isEqualTo(AlertRule.Slo.defaultWindows());
    assertThat(rules.get(1).historyMinutes()).isEqualTo(3 * 24 * 60);
    assertThat(rules.get(2).budget().period()).isEqualTo(BudgetPeriod.MONTH);
    assertThat(rules.get(2).budget().thresholdsPercent()).containsExactly(50.0, 80.0, 100.0);
    assertThat(rules.get(3).anomaly().alpha()).isEqualTo(0.1);
    assertThat(rules.get(4).dimension()).isEqualTo(Dimension.PROVIDER);
    assertThat(rules.get(4).minRequests()).isEqualTo(20);
  }

  @Test
  void refusesAnUnknownField() {
    refused(
        "  - {id: a, kind: threshold, metric: error_rate, threshold: 0.1, windw: 5m}",
        "Alert rule 'a': field 'windw': unknown field for kind threshold (known: [across-services,"
            + " attribute, dimension, exclude, id, include, kind, metric, min-requests, op,"
            + " recovery, scope, severity, silence, threshold, window])");
  }

  @Test
  void refusesAnUnknownMetric() {
    refused(
        "  - {id: a, kind: threshold, metric: error_ratio, threshold: 0.1}",
        "Alert rule 'a': field 'metric': unknown metric 'error_ratio' (error_rate,"
            + " cache_read_share, cost_per_minute, requests_per_minute, tokens_per_minute,"
            + " status_429_share, status_5xx_share, status_429_or_5xx_share, or a cell field such"
            + " as ttft_p95_ms; see docs/storage.md)");
  }

  @Test
  void readsTheAccessLogStatusShares() {
    List<AlertRule> rules =
        AlertRuleParser.parse(
            """
            rules:
              - {id: outage, kind: provider_outage, metric: status_429_or_5xx_share}
              - {id: throttled, kind: threshold, metric: status_429_share, threshold: 0.1}
              - id: broken
                kind: threshold
                metric: status_5xx_share
                dimension: provider
                threshold: 0.05
            """);
    assertThat(rules).allSatisfy(r -> assertThat(r.metric().fromAccessLogs()).isTrue());
    assertThat(rules.get(0).dimension()).isEqualTo(Dimension.PROVIDER);
    assertThat(rules.get(0).threshold()).isEqualTo(0.2);
    assertThat(rules.get(0).metric().statusNumerator(3, 4)).isEqualTo(7);
    assertThat(rules.get(1).dimension()).isEqualTo(Dimension.ALL);
    assertThat(rules.get(1).metric().statusNumerator(3, 4)).isEqualTo(3);
    assertThat(rules.get(2).metric().statusNumerator(3, 4)).isEqualTo(4);
    assertThat(rules.get(2).metric().aggregation()).isEqualTo(AlertMetric.Aggregation.RATIO);
  }

  @Test
  void refusesAStatusShareWhereTheAccessLogsCannotCountIt() {
    refused(
        "  - {id: a, kind: provider_outage, metric: cache_read_share}",
        "Alert rule 'a': field 'metric': provider_outage measures error_rate, status_429_share,"
            + " status_5xx_share or status_429_or_5xx_share; was cache_read_share");
    refused(
        "  - {id: a, kind: threshold, metric: status_5xx_share, threshold: 0.1, dimension: model}",
        "Alert rule 'a': field 'metric': status_5xx_share is counted from the access logs per"
            + " service and provider: it needs scope service and dimension provider or all (was"
            + " service, model)");
    refused(
        "  - {id: a, kind: provider_outage, metric: status_429_share, scope: instance}",
        "Alert rule 'a': field 'metric': status_429_share is counted from the access logs per"
            + " service and provider: it needs scope service and dimension provider or all (was"
            + " instance, provider)");
    refused(
        "  - {id: a, kind: anomaly, metric: status_429_share}",
        "Alert rule 'a': field 'metric': status_429_share is for threshold and provider_outage"
            + " rules, not anomaly");
  }

  @Test
  void refusesARatioOfAverages() {
    refused(
        "  - {id: a, kind: threshold, metric: {numerator: latency_p99_ms, denominator: requests},"
            + " threshold: 1}",
        "Alert rule 'a': field 'metric': ratio latency_p99_ms/requests: both must be additive cell"
            + " fields (counts, tokens, cost_picos, *_sum_ms)");
  }

  @Test
  void refusesABadExpression() {
    refused(
        "  - {id: a, kind: threshold, metric: error_rate, threshold: 0.1, op: '=>'}",
        "Alert rule 'a': field 'op': unknown comparison '=>' (known: >, >=, <, <=)");
    refused(
        "  - {id: a, kind: threshold, metric: error_rate, threshold: 0.1,"
            + " include: {service: ['checkout-(']}}",
        "Alert rule 'a': field 'include.service': bad regular expression 'checkout-(': Unclosed"
            + " group");
  }

  @Test
  void refusesAnUnknownDimensionOrTag() {
    refused(
        "  - {id: a, kind: threshold, metric: error_rate, threshold: 0.1, dimension: region}",
        "Alert rule 'a': field 'dimension': unknown dimension 'region' (known: all, provider,"
            + " model)");
    refused(
        "  - {id: a, kind: threshold, metric: error_rate, threshold: 0.1,"
            + " exclude: {team: [x]}}",
        "Alert rule 'a': field 'exclude.team': unknown tag (known: [instance, model, provider,"
            + " service])");
  }

  @Test
  void refusesABudgetWithoutAPeriod() {
    refused(
        "  - {id: team-a, kind: budget, amount: 100}",
        "Alert rule 'team-a': field 'period': a budget needs a period (day, week, month)");
  }

  @Test
  void refusesDuplicateIdsAndUnknownKinds() {
    refused(
        "  - {id: a, kind: provider_outage}\n  - {id: a, kind: provider_outage}",
        "Alert rule 'a': field 'id': is used by another rule");
    refused(
        "  - {id: a, kind: tresholt}",
        "Alert rule 'a': field 'kind': unknown kind 'tresholt' (known: threshold, slo_burn_rate,"
            + " budget, anomaly, provider_outage)");
  }

  @Test
  void refusesBadWindowsAndObjectives() {
    refused(
        "  - {id: a, kind: slo_burn_rate, objective: 0.995}",
        "Alert rule 'a': field 'objective': a percentage from 50 up to (not including) 100, e.g."
            + " 99.5 (not 0.995); was 0.995");
    refused(
        "  - {id: a, kind: slo_burn_rate, objective: 99.5,"
            + " windows: [{severity: page, long: 5m, short: 1h, factor: 14.4}]}",
        "Alert rule 'a': field 'windows[0].short': must not be longer than 'long'");
  }

  @Test
  void readsARuleOnAnAttribute() {
    List<AlertRule> rules =
        AlertRuleParser.parse(
            """
            rules:
              - id: team-budget
                kind: budget
                attribute: team.id
                across-services: true
                amount: 5000
                period: month
                include: {team.id: [payments, search]}
                exclude: {service: ["test-.*"]}
              - id: team-errors
                kind: threshold
                attribute: team.id
                metric: error_rate
                threshold: 0.05
                dimension: model
                exclude: {team.id: [none]}
            """);
    AlertRule budget = rules.get(0);
    assertThat(budget.attribute()).isEqualTo("team.id");
    assertThat(budget.acrossServices()).isTrue();
    assertThat(budget.onAttribution()).isTrue();
    assertThat(budget.dimension()).isEqualTo(Dimension.ALL);
    assertThat(budget.budget().period()).isEqualTo(BudgetPeriod.MONTH);
    assertThat(budget.filter().include().get("team.id"))
        .extracting(Pattern::pattern)
        .containsExactly("payments", "search");
    AlertRule errors = rules.get(1);
    assertThat(errors.attribute()).isEqualTo("team.id");
    assertThat(errors.acrossServices()).isFalse();
    assertThat(errors.dimension()).isEqualTo(Dimension.MODEL);
    assertThat(errors.filter().exclude().get("team.id"))
        .extracting(Pattern::pattern)
        .containsExactly("none");
  }

  @Test
  void refusesABadRuleOnAnAttribute() {
    refused(
        "  - {id: a, kind: budget, amount: 1, period: day, attribute: ''}",
        "Alert rule 'a': field 'attribute': an attribution attribute's name, e.g. team.id");
    refused(
        "  - {id: a, kind: provider_outage, attribute: team.id}",
        "Alert rule 'a': field 'attribute': provider_outage watches provider cells, which the"
            + " attribution cells do not have (dimension all or model); use a threshold rule on"
            + " error_rate");
    refused(
        "  - {id: a, kind: budget, amount: 1, period: day, attribute: team.id, scope: instance}",
        "Alert rule 'a': field 'scope': the attribution cells are at scope service; was instance");
    refused(
        "  - {id: a, kind: budget, amount: 1, period: day, attribute: team.id,"
            + " dimension: provider}",
        "Alert rule 'a': field 'dimension': the attribution cells are at dimension all or model;"
            + " was provider");
    refused(
        "  - {id: a, kind: threshold, metric: status_429_share, threshold: 0.1,"
            + " attribute: team.id}",
        "Alert rule 'a': field 'metric': status_429_share is counted from the access logs per"
            + " service and provider, not per attribute value: it cannot be watched on the"
            + " attribution cells");
    refused(
        "  - {id: a, kind: budget, amount: 1, period: day, across-services: true}",
        "Alert rule 'a': field 'across-services': sums an attribute value's cells over the"
            + " services: it needs 'attribute'");
    refused(
        "  - {id: a, kind: budget, amount: 1, period: day, attribute: team.id,"
            + " across-services: yes please}",
        "Alert rule 'a': field 'across-services': 'yes please' is not true or false");
    // the attribute is a filter tag only on a rule that names it
    refused(
        "  - {id: a, kind: budget, amount: 1, period: day, attribute: team.id,"
            + " include: {tenant: [x]}}",
        "Alert rule 'a': field 'include.tenant': unknown tag (known: [instance, model, provider,"
            + " service, team.id])");
  }
}
