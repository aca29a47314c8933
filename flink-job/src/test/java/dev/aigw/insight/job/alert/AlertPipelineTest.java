package dev.aigw.insight.job.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.job.GenAiInsightJob;
import dev.aigw.insight.job.alert.rule.RuleFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad rule file or webhook option stops the job when it is built, naming what is wrong. */
class AlertPipelineTest {

  private static Configuration conf(Path rules) {
    Configuration conf = new Configuration();
    conf.setString("cells.store", "OPENSEARCH");
    conf.setString("opensearch.hosts", "http://127.0.0.1:9200");
    conf.setString("alerts.rules-file", rules.toString());
    return conf;
  }

  @Test
  void theJobRefusesToStartWithABadRuleFile(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "rules:\n  - {id: team-a, kind: budget, amount: 100}\n");
    assertThatThrownBy(
            () ->
                GenAiInsightJob.build(
                    StreamExecutionEnvironment.getExecutionEnvironment(), conf(rules)))
        .isInstanceOf(RuleFileException.class)
        .hasMessage(
            "Alert rule 'team-a': field 'period': a budget needs a period (day, week, month)");
  }

  @Test
  void theJobRefusesABadWebhookUrl(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "rules:\n  - {id: outage, kind: provider_outage}\n");
    Configuration conf = conf(rules);
    conf.setString("alerts.webhook.url", "ftp://example.org/alerts");
    assertThatThrownBy(
            () -> GenAiInsightJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid value 'ftp://example.org/alerts' for 'alerts.webhook.url': an http(s) URL");
  }

  @Test
  void aStatusShareStopsTheStartWhenAccessLogsAreOff(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        "rules:\n"
            + "  - {id: outage, kind: provider_outage}\n"
            + "  - {id: throttled, kind: provider_outage, metric: status_429_share}\n");
    Configuration conf = conf(rules);
    conf.setString("logs.enabled", "false");
    assertThatThrownBy(
            () -> GenAiInsightJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), conf))
        .isInstanceOf(RuleFileException.class)
        .hasMessage(
            "Alert rule 'throttled': field 'metric': status_429_share is counted from the access"
                + " logs, which are off (set logs.enabled: true)");
  }

  @Test
  void aStatusShareAddsItsOwnOperatorsBesideTheOthers(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        "rules:\n"
            + "  - {id: outage, kind: provider_outage}\n"
            + "  - {id: throttled, kind: provider_outage, metric: status_429_or_5xx_share}\n");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    GenAiInsightJob.build(env, conf(rules));
    List<String> uids = new ArrayList<>();
    env.getStreamGraph(false).getStreamNodes().forEach(n -> uids.add(n.getTransformationUID()));
    assertThat(uids)
        .contains(
            AlertPipeline.UID_MATCH,
            AlertPipeline.UID_EVALUATOR,
            AlertPipeline.UID_STATUS_WATERMARKS,
            AlertPipeline.UID_STATUS_COUNTS,
            AlertPipeline.UID_STATUS_LATE,
            AlertPipeline.UID_STATUS_MATCH,
            AlertPipeline.UID_STATUS_JOIN,
            AlertPipeline.UID_STATUS_EVALUATOR,
            AlertPipeline.UID_REASONS);
  }

  @Test
  void aMissingRuleFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(
            () ->
                GenAiInsightJob.build(
                    StreamExecutionEnvironment.getExecutionEnvironment(), conf(missing)))
        .isInstanceOf(RuleFileException.class)
        .hasMessageStartingWith("Cannot read the alert rule file " + missing);
  }

  private static final String TEAM_BUDGET =
      "rules:\n"
          + "  - {id: team-budget, kind: budget, amount: 100, period: month, attribute: team.id,"
          + " across-services: true}\n";

  @Test
  void aRuleOnAnAttributeStopsTheStartWhenAttributionIsOff(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, TEAM_BUDGET);
    assertThatThrownBy(
            () ->
                GenAiInsightJob.build(
                    StreamExecutionEnvironment.getExecutionEnvironment(), conf(rules)))
        .isInstanceOf(RuleFileException.class)
        .hasMessage(
            "Alert rule 'team-budget': field 'attribute': 'team.id' needs the attribution cells,"
                + " which are off (set attribution.attributes)");
  }

  @Test
  void aRuleOnAnAttributeTheJobDoesNotBreakDownByStopsTheStart(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, TEAM_BUDGET);
    Configuration conf = conf(rules);
    conf.setString("attribution.attributes", "tenant.id,project.id");
    assertThatThrownBy(
            () -> GenAiInsightJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), conf))
        .isInstanceOf(RuleFileException.class)
        .hasMessage(
            "Alert rule 'team-budget': field 'attribute': 'team.id' is not one of the attribution"
                + " attributes [tenant.id, project.id] (attribution.attributes)");
  }

  @Test
  void aRuleOnAnAttributeAddsItsOwnOperatorsOnTheAttributionCells(@TempDir Path dir)
      throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, TEAM_BUDGET);
    Configuration conf = conf(rules);
    conf.setString("attribution.attributes", "team.id");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    GenAiInsightJob.build(env, conf);
    List<String> uids = new ArrayList<>();
    env.getStreamGraph(false).getStreamNodes().forEach(n -> uids.add(n.getTransformationUID()));
    assertThat(uids)
        .contains(
            AlertPipeline.UID_ATTRIBUTION_MATCH,
            AlertPipeline.UID_ATTRIBUTION_SUM,
            AlertPipeline.UID_ATTRIBUTION_EVALUATOR,
            AlertPipeline.UID_OPENSEARCH)
        // only attribute rules: the gateway cells' alert operators are not there
        .doesNotContain(AlertPipeline.UID_MATCH, AlertPipeline.UID_EVALUATOR);
  }
}
