package dev.aigw.insight.job.alert;

import dev.aigw.insight.job.aggregate.IdleAwareWatermarkGenerator;
import dev.aigw.insight.job.alert.attribution.AcrossServicesSum;
import dev.aigw.insight.job.alert.attribution.AttributionRuleMatcher;
import dev.aigw.insight.job.alert.eval.AlertEvaluator;
import dev.aigw.insight.job.alert.eval.RuleInput;
import dev.aigw.insight.job.alert.eval.RuleMatcher;
import dev.aigw.insight.job.alert.reason.OutageReasons;
import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.alert.rule.RuleFileException;
import dev.aigw.insight.job.alert.rule.RuleKind;
import dev.aigw.insight.job.alert.sink.AlertDocumentConverter;
import dev.aigw.insight.job.alert.sink.AlertIndexTemplate;
import dev.aigw.insight.job.alert.sink.AlertKafkaOutput;
import dev.aigw.insight.job.alert.sink.AlertStream;
import dev.aigw.insight.job.alert.sink.WebhookConfig;
import dev.aigw.insight.job.alert.sink.WebhookSender;
import dev.aigw.insight.job.alert.status.LateStatusCounter;
import dev.aigw.insight.job.alert.status.ServiceStatusMinute;
import dev.aigw.insight.job.alert.status.StatusCountAggregator;
import dev.aigw.insight.job.alert.status.StatusShareJoin;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.AccessLogStatusCount;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AnalysisOptions;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.options.AttributionOptions;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.options.LogsOptions;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import dev.aigw.insight.sink.opensearch.OpenSearchSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The alert stages on the minute cell stream (docs/alerts.md): match each cell to the rules that
 * watch it [{@value #UID_MATCH}], evaluate in event time keyed by (rule, entity) [{@value
 * #UID_EVALUATOR}], then the alert events to the store of the cells (OpenSearch [{@value
 * #UID_OPENSEARCH}] or BanyanDB [{@value #UID_BANYANDB}]) and to the webhook [{@value
 * #UID_WEBHOOK}].
 *
 * <p>Rules on an access-log share ({@code status_429_share}, ...) take another branch: the access
 * logs' status counts (counted by the decoder before the sampling) get their own watermarks
 * [{@value #UID_STATUS_WATERMARKS}] and are summed per service and minute [{@value
 * #UID_STATUS_COUNTS}], then joined by service with the rule inputs of those rules' cells [{@value
 * #UID_STATUS_MATCH}, {@value #UID_STATUS_JOIN}] and evaluated by an evaluator of their own
 * [{@value #UID_STATUS_EVALUATOR}], so that the access logs' watermark never delays the other
 * rules.
 *
 * <p>Rules naming an {@code attribute} watch the attribution cells instead (with the attribution
 * watermarks): matched [{@value #UID_ATTRIBUTION_MATCH}], summed over the services for the rules
 * {@code across-services} [{@value #UID_ATTRIBUTION_SUM}] and evaluated by an evaluator of their
 * own [{@value #UID_ATTRIBUTION_EVALUATOR}]; their events join the others' before the sinks.
 */
public final class AlertPipeline {

  public static final String UID_MATCH = "alert-rule-match";
  public static final String UID_EVALUATOR = "alert-evaluator";
  public static final String UID_OPENSEARCH = "alert-opensearch-sink";
  public static final String UID_BANYANDB = "alert-banyandb-sink";
  public static final String UID_WEBHOOK = "alert-webhook";
  public static final String UID_REASONS = "alert-outage-reasons";
  public static final String UID_KAFKA = "alert-kafka-sink";
  public static final String UID_STATUS_WATERMARKS = "alert-status-watermarks";
  public static final String UID_STATUS_COUNTS = "alert-status-counts";
  public static final String UID_STATUS_LATE = "alert-status-late";
  public static final String UID_STATUS_LATE_SINK = "alert-status-late-sink";
  public static final String UID_STATUS_MATCH = "alert-status-rule-match";
  public static final String UID_STATUS_JOIN = "alert-status-join";
  public static final String UID_STATUS_EVALUATOR = "alert-status-evaluator";
  public static final String UID_ATTRIBUTION_MATCH = "alert-attribution-rule-match";
  public static final String UID_ATTRIBUTION_SUM = "alert-attribution-across-services";
  public static final String UID_ATTRIBUTION_EVALUATOR = "alert-attribution-evaluator";

  private static final OutputTag<AccessLogStatusCount> LATE_STATUS =
      new OutputTag<>("alert-status-late", TypeInformation.of(AccessLogStatusCount.class));

  private AlertPipeline() {}

  /**
   * The rules of {@code alerts.rules-file} (validated: a bad file stops the start, and so does a
   * rule on an attribute the job does not break its cells down by), or none.
   */
  public static List<AlertRule> rules(ReadableConfig conf) {
    String file = conf.get(AlertOptions.RULES_FILE);
    if (file == null) {
      return List.of();
    }
    List<AlertRule> rules = AlertRuleParser.read(Path.of(file));
    checkAttributes(rules, AttributionConfig.fromConfiguration(conf).attributes());
    return rules;
  }

  /**
   * Refuses a rule whose {@code attribute} is not one of the job's attribution attributes ({@code
   * attribution.attributes}): it would watch cells that never come.
   */
  public static void checkAttributes(List<AlertRule> rules, List<String> attributes) {
    for (AlertRule rule : rules) {
      if (!rule.onAttribution() || attributes.contains(rule.attribute())) {
        continue;
      }
      throw RuleFileException.of(
          rule.id(),
          "attribute",
          attributes.isEmpty()
              ? "'"
                  + rule.attribute()
                  + "' needs the attribution cells, which are off (set "
                  + AttributionOptions.ATTRIBUTES.key()
                  + ")"
              : "'"
                  + rule.attribute()
                  + "' is not one of the attribution attributes "
                  + attributes
                  + " ("
                  + AttributionOptions.ATTRIBUTES.key()
                  + ")");
    }
  }

  /** Whether a rule needs the access logs' status counts ({@code status_*_share}). */
  public static boolean needsStatusCounts(ReadableConfig conf) {
    return rules(conf).stream().anyMatch(AlertPipeline::onStatusShare);
  }

  private static boolean onStatusShare(AlertRule rule) {
    return rule.metric() != null && rule.metric().fromAccessLogs();
  }

  /**
   * Adds the alert stages when a rule file is given, without access-log status counts (a rule on a
   * status share stops the start).
   */
  public static void build(
      DataStream<MinuteCell> cells,
      DataStream<AccessLogRecord> keptLogs,
      Configuration conf,
      Duration allowedLateness,
      boolean toOpenSearch) {
    build(
        cells,
        null,
        keptLogs,
        (StatusCounts) null,
        conf,
        allowedLateness,
        conf.get(AnalysisOptions.PERCENTILE_METHOD),
        toOpenSearch);
  }

  /**
   * Adds the alert stages when a rule file is given: evaluation, the reasons of provider outages
   * from the kept access logs ({@code keptLogs}, null when logs are off), the access logs' status
   * counts for the rules on a status share ({@code statusCounts}, from a decoder {@code
   * withStatusCounts}; null when logs are off), the store of the cells ({@code toOpenSearch}:
   * OpenSearch, else BanyanDB) and the webhook when configured. The rules on an attribute watch
   * {@code attributed}, the attribution cells (null when attribution is off).
   */
  public static void build(
      DataStream<MinuteCell> cells,
      DataStream<AttributionCell> attributed,
      DataStream<AccessLogRecord> keptLogs,
      DataStream<AccessLogStatusCount> statusCounts,
      Configuration conf,
      AnalysisConfig analysis,
      JobClock clock,
      boolean toOpenSearch) {
    build(
        cells,
        attributed,
        keptLogs,
        statusCounts == null ? null : new StatusCounts(statusCounts, analysis, clock),
        conf,
        analysis.allowedLateness(),
        analysis.percentileMethod(),
        toOpenSearch);
  }

  private static void build(
      DataStream<MinuteCell> cells,
      DataStream<AttributionCell> attributed,
      DataStream<AccessLogRecord> keptLogs,
      StatusCounts statusCounts,
      Configuration conf,
      Duration allowedLateness,
      PercentileMethod percentileMethod,
      boolean toOpenSearch) {
    List<AlertRule> rules = rules(conf);
    WebhookConfig webhook = WebhookConfig.fromConfiguration(conf);
    if (rules.isEmpty()) {
      return;
    }
    List<AlertRule> onAttributes = rules.stream().filter(AlertRule::onAttribution).toList();
    DataStream<AlertEvent> events = null;
    if (onAttributes.size() < rules.size()) {
      events = evaluate(cells, statusCounts, rules, allowedLateness, percentileMethod);
    }
    if (!onAttributes.isEmpty()) {
      if (attributed == null) {
        throw RuleFileException.of(
            onAttributes.get(0).id(),
            "attribute",
            "needs the attribution cells, which are off (set "
                + AttributionOptions.ATTRIBUTES.key()
                + ")");
      }
      DataStream<AlertEvent> byAttribute =
          evaluateAttribution(attributed, onAttributes, allowedLateness, percentileMethod);
      events = events == null ? byAttribute : events.union(byAttribute);
    }
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

  /** The decoder's status counts, how to put watermarks on them and their allowed lateness. */
  private record StatusCounts(
      DataStream<AccessLogStatusCount> counts,
      WatermarkStrategy<AccessLogStatusCount> watermarks,
      Duration allowedLateness) {

    StatusCounts(DataStream<AccessLogStatusCount> counts, AnalysisConfig analysis, JobClock clock) {
      this(counts, idleAwareWatermarks(analysis, clock), analysis.allowedLateness());
    }
  }

  /**
   * The status counts' watermarks: idle-aware as the metrics' ({@code analysis}'s out-of-orderness
   * and idle timeout), event time = the latest access log of the count.
   */
  public static WatermarkStrategy<AccessLogStatusCount> idleAwareWatermarks(
      AnalysisConfig analysis, JobClock clock) {
    long ooo = analysis.outOfOrderness().toMillis();
    long idle = analysis.idleTimeout().toMillis();
    return WatermarkStrategy.<AccessLogStatusCount>forGenerator(
            ctx -> new IdleAwareWatermarkGenerator<>(ooo, idle, clock))
        .withTimestampAssigner((count, previous) -> count.lastTimeMs);
  }

  /** Cells → alert events (no rule on an access-log share). */
  public static DataStream<AlertEvent> evaluate(
      DataStream<MinuteCell> cells, List<AlertRule> rules, Duration allowedLateness) {
    return evaluate(
        cells, null, rules, allowedLateness, AnalysisOptions.PERCENTILE_METHOD.defaultValue());
  }

  /**
   * Cells and the access logs' status counts → alert events: the status counts, with their own
   * watermarks ({@link #idleAwareWatermarks} in the job; a test or replay may give others) and
   * {@code allowedLateness} (the cells' too), summed per service and minute, feed the rules on an
   * access-log share.
   */
  public static DataStream<AlertEvent> evaluate(
      DataStream<MinuteCell> cells,
      DataStream<AccessLogStatusCount> statusCounts,
      WatermarkStrategy<AccessLogStatusCount> statusWatermarks,
      Duration allowedLateness,
      List<AlertRule> rules) {
    return evaluate(
        cells,
        new StatusCounts(statusCounts, statusWatermarks, allowedLateness),
        rules,
        allowedLateness,
        AnalysisOptions.PERCENTILE_METHOD.defaultValue());
  }

  private static DataStream<AlertEvent> evaluate(
      DataStream<MinuteCell> cells,
      StatusCounts statusCounts,
      List<AlertRule> allRules,
      Duration allowedLateness,
      PercentileMethod percentileMethod) {
    int latenessMinutes = latenessMinutes(allowedLateness);
    // the rules on an attribute watch the attribution cells (evaluateAttribution)
    List<AlertRule> rules = allRules.stream().filter(r -> !r.onAttribution()).toList();
    List<AlertRule> onCells = rules.stream().filter(r -> !onStatusShare(r)).toList();
    List<AlertRule> onStatus = rules.stream().filter(AlertPipeline::onStatusShare).toList();
    if (!onStatus.isEmpty() && statusCounts == null) {
      AlertRule first = onStatus.get(0);
      throw RuleFileException.of(
          first.id(),
          "metric",
          first.metric().name()
              + " is counted from the access logs, which are off (set "
              + LogsOptions.ENABLED.key()
              + ": true)");
    }
    DataStream<AlertEvent> events = null;
    if (!onCells.isEmpty()) {
      events =
          cells
              .flatMap(new RuleMatcher(onCells), TypeInformation.of(RuleInput.class))
              .uid(UID_MATCH)
              .name("Alert rules: match cells")
              .keyBy(in -> in.key, Types.STRING)
              .process(
                  new AlertEvaluator(onCells, latenessMinutes, percentileMethod),
                  TypeInformation.of(AlertEvent.class))
              .uid(UID_EVALUATOR)
              .name("Alert rules: evaluate");
    }
    if (!onStatus.isEmpty()) {
      DataStream<AlertEvent> status =
          evaluateStatusShares(cells, statusCounts, onStatus, latenessMinutes);
      events = events == null ? status : events.union(status);
    }
    return events;
  }

  private static int latenessMinutes(Duration allowedLateness) {
    return (int) ((allowedLateness.toMillis() + 59_999) / 60_000);
  }

  /**
   * Attribution cells → alert events of the rules naming an attribute ({@code rules}; others are
   * ignored): matched [{@value #UID_ATTRIBUTION_MATCH}], keyed by (rule, entity), summed over the
   * services for the rules {@code across-services} [{@value #UID_ATTRIBUTION_SUM}], then evaluated
   * [{@value #UID_ATTRIBUTION_EVALUATOR}] with the cells' {@code allowedLateness}. The sum keeps
   * each input's key, so the evaluator reads its output as keyed by the same key and is chained to
   * it: no second exchange, and a minute's sums stay ahead of the watermark that closes it.
   */
  public static DataStream<AlertEvent> evaluateAttribution(
      DataStream<AttributionCell> attributed, List<AlertRule> allRules, Duration allowedLateness) {
    return evaluateAttribution(
        attributed, allRules, allowedLateness, AnalysisOptions.PERCENTILE_METHOD.defaultValue());
  }

  /** {@link #evaluateAttribution} with the job's percentile method for percentile metrics. */
  public static DataStream<AlertEvent> evaluateAttribution(
      DataStream<AttributionCell> attributed,
      List<AlertRule> allRules,
      Duration allowedLateness,
      PercentileMethod percentileMethod) {
    int latenessMinutes = latenessMinutes(allowedLateness);
    List<AlertRule> rules = allRules.stream().filter(AlertRule::onAttribution).toList();
    DataStream<RuleInput> summed =
        attributed
            .flatMap(new AttributionRuleMatcher(rules), TypeInformation.of(RuleInput.class))
            .uid(UID_ATTRIBUTION_MATCH)
            .name("Alert rules: match attribution cells")
            .keyBy(in -> in.key, Types.STRING)
            .process(
                new AcrossServicesSum(rules, latenessMinutes), TypeInformation.of(RuleInput.class))
            .uid(UID_ATTRIBUTION_SUM)
            .name("Alert rules: attribution sums across services");
    return DataStreamUtils.reinterpretAsKeyedStream(summed, in -> in.key, Types.STRING)
        .process(
            new AlertEvaluator(rules, latenessMinutes, percentileMethod),
            TypeInformation.of(AlertEvent.class))
        .uid(UID_ATTRIBUTION_EVALUATOR)
        .name("Alert rules: evaluate attribution cells");
  }

  /**
   * The rules on an access-log share: per-minute counts per service (uid {@value
   * #UID_STATUS_COUNTS}, late logs counted by {@link LateStatusCounter}), joined with the entities
   * of the rules' cells ({@link StatusShareJoin}), evaluated as the other rules.
   */
  private static DataStream<AlertEvent> evaluateStatusShares(
      DataStream<MinuteCell> cells,
      StatusCounts statusCounts,
      List<AlertRule> rules,
      int latenessMinutes) {
    SingleOutputStreamOperator<ServiceStatusMinute> perMinute =
        statusCounts
            .counts()
            .assignTimestampsAndWatermarks(statusCounts.watermarks())
            .uid(UID_STATUS_WATERMARKS)
            .name("Alert rules: access-log status watermarks")
            .keyBy(count -> count.service, Types.STRING)
            .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
            .allowedLateness(statusCounts.allowedLateness())
            .sideOutputLateData(LATE_STATUS)
            .aggregate(
                new StatusCountAggregator(),
                TypeInformation.of(ServiceStatusMinute.class),
                TypeInformation.of(ServiceStatusMinute.class))
            .uid(UID_STATUS_COUNTS)
            .name("Alert rules: access-log status counts per minute");
    perMinute
        .getSideOutput(LATE_STATUS)
        .process(new LateStatusCounter())
        .uid(UID_STATUS_LATE)
        .name("Alert rules: late access-log status counts (counted, dropped)")
        .sinkTo(new DiscardingSink<>())
        .uid(UID_STATUS_LATE_SINK)
        .name("Alert rules: late access-log status counts discard");
    return cells
        .flatMap(new RuleMatcher(rules), TypeInformation.of(RuleInput.class))
        .uid(UID_STATUS_MATCH)
        .name("Alert rules: match cells (access-log shares)")
        .keyBy(in -> in.service, Types.STRING)
        .connect(perMinute.keyBy(m -> m.service, Types.STRING))
        .process(new StatusShareJoin(rules, latenessMinutes), TypeInformation.of(RuleInput.class))
        .uid(UID_STATUS_JOIN)
        .name("Alert rules: join access-log status counts")
        .keyBy(in -> in.key, Types.STRING)
        .process(new AlertEvaluator(rules, latenessMinutes), TypeInformation.of(AlertEvent.class))
        .uid(UID_STATUS_EVALUATOR)
        .name("Alert rules: evaluate access-log shares");
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
