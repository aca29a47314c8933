package dev.aigw.insight.job.alert;

import dev.aigw.insight.job.alert.eval.AlertEvaluator;
import dev.aigw.insight.job.alert.eval.RuleInput;
import dev.aigw.insight.job.alert.eval.RuleMatcher;
import dev.aigw.insight.job.alert.reason.OutageReasons;
import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.alert.rule.RuleKind;
import dev.aigw.insight.job.alert.sink.AlertDocumentConverter;
import dev.aigw.insight.job.alert.sink.AlertIndexTemplate;
import dev.aigw.insight.job.alert.sink.AlertKafkaOutput;
import dev.aigw.insight.job.alert.sink.AlertStream;
import dev.aigw.insight.job.alert.sink.WebhookConfig;
import dev.aigw.insight.job.alert.sink.WebhookSender;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import dev.aigw.insight.sink.opensearch.OpenSearchSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The alert stages on the minute cell stream (docs/alerts.md): match each cell to the rules that
 * watch it [{@value #UID_MATCH}], evaluate in event time keyed by (rule, entity) [{@value
 * #UID_EVALUATOR}], then the alert events to the store of the cells (OpenSearch [{@value
 * #UID_OPENSEARCH}] or BanyanDB [{@value #UID_BANYANDB}]) and to the webhook [{@value
 * #UID_WEBHOOK}].
 */
public final class AlertPipeline {

  public static final String UID_MATCH = "alert-rule-match";
  public static final String UID_EVALUATOR = "alert-evaluator";
  public static final String UID_OPENSEARCH = "alert-opensearch-sink";
  public static final String UID_BANYANDB = "alert-banyandb-sink";
  public static final String UID_WEBHOOK = "alert-webhook";
  public static final String UID_REASONS = "alert-outage-reasons";
  public static final String UID_KAFKA = "alert-kafka-sink";

  private AlertPipeline() {}

  /** The rules of {@code alerts.rules-file} (validated: a bad file stops the start), or none. */
  public static List<AlertRule> rules(ReadableConfig conf) {
    String file = conf.get(AlertOptions.RULES_FILE);
    return file == null ? List.of() : AlertRuleParser.read(Path.of(file));
  }

  /**
   * Adds the alert stages when a rule file is given: evaluation, the reasons of provider outages
   * from the kept access logs ({@code keptLogs}, null when logs are off), the store of the cells
   * ({@code toOpenSearch}: OpenSearch, else BanyanDB) and the webhook when configured.
   */
  public static void build(
      DataStream<MinuteCell> cells,
      DataStream<AccessLogRecord> keptLogs,
      Configuration conf,
      Duration allowedLateness,
      boolean toOpenSearch) {
    List<AlertRule> rules = rules(conf);
    WebhookConfig webhook = WebhookConfig.fromConfiguration(conf);
    if (rules.isEmpty()) {
      return;
    }
    DataStream<AlertEvent> events = evaluate(cells, rules, allowedLateness);
    if (keptLogs != null && rules.stream().anyMatch(r -> r.kind() == RuleKind.PROVIDER_OUTAGE)) {
      events = withOutageReasons(events, keptLogs, rules);
    }
    if (toOpenSearch) {
      LogsConfig logs = LogsConfig.fromConfiguration(conf);
      String prefix = conf.get(AlertOptions.INDEX_PREFIX);
      events
          .sinkTo(
              OpenSearchSink.<AlertEvent>builder()
                  .setConfig(logs.sink())
                  .setConverter(new AlertDocumentConverter(prefix))
                  .setIndexTemplate(
                      AlertIndexTemplate.of(prefix, logs.indexShards(), logs.indexReplicas()))
                  .build())
          .uid(UID_OPENSEARCH)
          .name("Alert events to OpenSearch");
    } else {
      String group = conf.get(AlertOptions.BANYANDB_GROUP);
      events
          .sinkTo(
              BanyanDbSink.<AlertEvent>builder()
                  .setEmitter(new AlertStream.Emitter(group))
                  .setSchema(AlertStream.schema(group))
                  .setConfiguration(conf)
                  .build())
          .uid(UID_BANYANDB)
          .name("Alert events to BanyanDB");
    }
    if (webhook != null) {
      sendToWebhook(events, webhook);
    }
    if (AlertKafkaOutput.enabled(conf)) {
      events
          .sinkTo(
              AlertKafkaOutput.sink(
                  conf,
                  events.getExecutionEnvironment().getCheckpointConfig().isCheckpointingEnabled()))
          .uid(UID_KAFKA)
          .name("Alert events to Kafka");
    }
  }

  /** Cells → alert events. */
  public static DataStream<AlertEvent> evaluate(
      DataStream<MinuteCell> cells, List<AlertRule> rules, Duration allowedLateness) {
    int latenessMinutes = (int) ((allowedLateness.toMillis() + 59_999) / 60_000);
    return cells
        .flatMap(new RuleMatcher(rules), TypeInformation.of(RuleInput.class))
        .uid(UID_MATCH)
        .name("Alert rules: match cells")
        .keyBy(in -> in.key, Types.STRING)
        .process(new AlertEvaluator(rules, latenessMinutes), TypeInformation.of(AlertEvent.class))
        .uid(UID_EVALUATOR)
        .name("Alert rules: evaluate");
  }

  /** Adds the reason of each firing provider outage from the kept access logs of its service. */
  public static DataStream<AlertEvent> withOutageReasons(
      DataStream<AlertEvent> events, DataStream<AccessLogRecord> keptLogs, List<AlertRule> rules) {
    return events
        .keyBy(e -> e.service, Types.STRING)
        .connect(keptLogs.keyBy(r -> r.service == null ? "" : r.service, Types.STRING))
        .process(new OutageReasons(rules), TypeInformation.of(AlertEvent.class))
        .uid(UID_REASONS)
        .name("Alert rules: outage reasons from access logs");
  }

  /** Alert events → the webhook, once their checkpoint completes ({@link WebhookSender}). */
  public static void sendToWebhook(DataStream<AlertEvent> events, WebhookConfig webhook) {
    events
        .process(
            new WebhookSender(
                webhook,
                events.getExecutionEnvironment().getCheckpointConfig().isCheckpointingEnabled()),
            Types.VOID)
        .uid(UID_WEBHOOK)
        .name("Alert events to the webhook")
        // one sender: one delivery thread and queue, whatever the job's parallelism
        .setParallelism(1);
  }
}
