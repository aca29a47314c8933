package dev.aigw.insight.dashboard.read.alerts;

import dev.aigw.insight.job.alert.sink.AlertDocumentConverter;
import dev.aigw.insight.job.alert.sink.AlertIndexTemplate;
import dev.aigw.insight.job.alert.sink.AlertStream;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import dev.aigw.insight.schema.alert.AlertStoreNames;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import dev.aigw.insight.sink.opensearch.OpenSearchSink;
import java.net.URI;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes alert events into a store exactly as the job does (its {@code AlertPipeline} outputs): the
 * OpenSearch sink with the job's {@link AlertDocumentConverter} and {@link AlertIndexTemplate}, or
 * the BanyanDB sink with {@link AlertStream}'s schema and emitter, in a bounded Flink job that
 * returns when everything is flushed. And the events themselves, built as the evaluator builds them
 * (ids and idempotency keys from {@link AlertEvent}'s own functions).
 */
public final class JobWrittenAlerts {

  private JobWrittenAlerts() {}

  /** One transition of the alert of {@code rule} for {@code entity} started at {@code startMs}. */
  public static AlertEvent event(
      String rule,
      String kind,
      String severity,
      String service,
      String entity,
      AlertStatus status,
      long startMs,
      long eventTimeMs,
      double value,
      double threshold,
      String message,
      String reason) {
    AlertEvent e = new AlertEvent();
    e.alertId = AlertEvent.alertId(rule, entity, startMs);
    e.idempotencyKey = AlertEvent.idempotencyKey(e.alertId, status);
    e.status = status;
    e.ruleId = rule;
    e.kind = kind;
    e.severity = severity;
    e.entity = entity;
    e.scope = "SERVICE";
    e.dimension = entity.contains("provider=") ? "PROVIDER" : "ALL";
    e.service = service;
    e.startMs = startMs;
    e.eventTimeMs = eventTimeMs;
    e.minuteMs = eventTimeMs - 60_000;
    e.value = value;
    e.threshold = threshold;
    e.message = message;
    e.reason = reason;
    return e;
  }

  /** Writes {@code events} to the daily alert indices of the OpenSearch node at {@code host}. */
  public static void toOpenSearch(URI host, List<AlertEvent> events) throws Exception {
    Configuration conf = new Configuration();
    conf.setString("opensearch.hosts", host.toString());
    conf.setString("logs.index.number-of-replicas", "0");
    LogsConfig logs = LogsConfig.fromConfiguration(conf);
    String prefix = AlertStoreNames.DEFAULT_INDEX_PREFIX;
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(TypeInformation.of(AlertEvent.class), events.toArray(new AlertEvent[0]))
        .sinkTo(
            OpenSearchSink.<AlertEvent>builder()
                .setConfig(logs.sink())
                .setConverter(new AlertDocumentConverter(prefix))
                .setIndexTemplate(
                    AlertIndexTemplate.of(prefix, logs.indexShards(), logs.indexReplicas()))
                .build())
        .name("alerts");
    env.execute("write-alerts-opensearch");
  }

  /** Writes {@code events} to the alert stream of {@code group} at the BanyanDB {@code target}. */
  public static void toBanyanDb(String target, String group, List<AlertEvent> events)
      throws Exception {
    Configuration conf = new Configuration();
    conf.setString("banyandb.targets", target);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.fromData(TypeInformation.of(AlertEvent.class), events.toArray(new AlertEvent[0]))
        .sinkTo(
            BanyanDbSink.<AlertEvent>builder()
                .setEmitter(new AlertStream.Emitter(group))
                .setSchema(AlertStream.schema(group))
                .setConfiguration(conf)
                .build())
        .name("alerts");
    env.execute("write-alerts-banyandb");
  }
}
