package dev.aigw.insight.source.otlp.kafka;

import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Options of the Kafka ingestion path (prefix {@code kafka.}), read by {@link
 * OtlpKafkaSourceConfig#fromConfiguration}. Documented in {@code docs/kafka.md}.
 */
public final class OtlpKafkaOptions {

  /** Prefix of Kafka consumer properties passed through unchanged (SASL, TLS, tuning). */
  public static final String PROPERTIES_PREFIX = "kafka.properties.";

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOptions.key("kafka.bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription("Kafka bootstrap servers, host:port[,host:port...]. Required.");

  public static final ConfigOption<String> METRICS_TOPIC =
      ConfigOptions.key("kafka.topic.metrics")
          .stringType()
          .defaultValue("otlp_metrics")
          .withDescription(
              "Topic holding serialized ExportMetricsServiceRequests (the Collector's default).");

  public static final ConfigOption<String> LOGS_TOPIC =
      ConfigOptions.key("kafka.topic.logs")
          .stringType()
          .defaultValue("otlp_logs")
          .withDescription(
              "Topic holding serialized ExportLogsServiceRequests (the Collector's default).");

  public static final ConfigOption<String> TRACES_TOPIC =
      ConfigOptions.key("kafka.topic.traces")
          .stringType()
          .defaultValue("otlp_spans")
          .withDescription(
              "Topic holding serialized ExportTraceServiceRequests (the Collector's default).");

  public static final ConfigOption<List<OtlpSignal>> SIGNALS =
      ConfigOptions.key("kafka.signals")
          .enumType(OtlpSignal.class)
          .asList()
          .defaultValues(OtlpSignal.METRICS, OtlpSignal.LOGS)
          .withDescription(
              "Signals to consume, e.g. 'metrics;logs;traces'. Traces are off by default because"
                  + " a Collector's span topic usually carries every application trace.");

  public static final ConfigOption<String> GROUP_ID =
      ConfigOptions.key("kafka.group-id")
          .stringType()
          .defaultValue("otlp-flink-source")
          .withDescription(
              "Consumer group id: offsets are committed under it on every completed checkpoint.");

  public static final ConfigOption<String> START_POSITION =
      ConfigOptions.key("kafka.start-position")
          .stringType()
          .defaultValue("committed")
          .withDescription(
              "Where a job without restored state starts: committed, earliest, latest or"
                  + " timestamp:<epoch millis>. A restored job resumes from its checkpointed offsets.");

  public static final ConfigOption<OffsetResetStrategy> OFFSET_RESET =
      ConfigOptions.key("kafka.offset-reset")
          .enumType(OffsetResetStrategy.class)
          .defaultValue(OffsetResetStrategy.EARLIEST)
          .withDescription(
              "With start position 'committed': where to start on a partition that has no committed"
                  + " offset (earliest, latest, none = fail).");

  public static final ConfigOption<MemorySize> MAX_MESSAGE_SIZE =
      ConfigOptions.key("kafka.max-message-size")
          .memoryType()
          .defaultValue(MemorySize.parse("16mb"))
          .withDescription("Messages larger than this are skipped and counted instead of decoded.");

  private OtlpKafkaOptions() {}
}
