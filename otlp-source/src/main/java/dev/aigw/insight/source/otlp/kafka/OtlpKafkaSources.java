package dev.aigw.insight.source.otlp.kafka;

import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;

/**
 * Builds the official {@link KafkaSource} for OTLP data written by the OpenTelemetry Collector's
 * Kafka exporter, decoded by an {@link OtlpDecoder}.
 *
 * <pre>{@code
 * OtlpKafkaSourceConfig kafka = OtlpKafkaSourceConfig.fromConfiguration(conf);
 * DataStream<MyPoint> points =
 *     env.fromSource(OtlpKafkaSources.create(kafka, new MyDecoder()),
 *             WatermarkStrategy.noWatermarks(), OtlpKafkaSources.SOURCE_NAME)
 *         .uid(OtlpKafkaSources.SOURCE_UID);
 * }</pre>
 *
 * <p>Delivery: the source keeps each partition's offset in Flink state and commits it to the
 * consumer group when a checkpoint completes, so a job restored from a checkpoint re-reads exactly
 * the messages after that checkpoint.
 */
public final class OtlpKafkaSources {

  /** Stable operator uid for the source: its offsets live in state under it. */
  public static final String SOURCE_UID = "otlp-kafka-source";

  /** Operator name shown in the Web UI and in metric scopes. */
  public static final String SOURCE_NAME = "OTLP from Kafka";

  private OtlpKafkaSources() {}

  /**
   * Stable uid for a source that reads only {@code signal} (see {@link
   * OtlpKafkaSourceConfig#forSignal}), e.g. {@code otlp-kafka-source-metrics}.
   */
  public static String uid(OtlpSignal signal) {
    return SOURCE_UID + "-" + signal.name().toLowerCase(Locale.ROOT);
  }

  /** Operator name for a source that reads only {@code signal}. */
  public static String name(OtlpSignal signal) {
    return SOURCE_NAME + " (" + signal.name().toLowerCase(Locale.ROOT) + ")";
  }

  /** An unbounded source for {@code config}. */
  public static <T> KafkaSource<T> create(OtlpKafkaSourceConfig config, OtlpDecoder<T> decoder) {
    return builder(config, decoder).build();
  }

  /**
   * The connector's builder, fully configured from {@code config}; for callers that need more (e.g.
   * {@code setBounded} to backfill a range of offsets).
   */
  public static <T> KafkaSourceBuilder<T> builder(
      OtlpKafkaSourceConfig config, OtlpDecoder<T> decoder) {
    Properties properties = new Properties();
    properties.putAll(config.consumerProperties());
    return KafkaSource.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        // A pattern of exact names, not a topic list: a topic list fails the job while a topic does
        // not exist yet (the Collector creates topics on first write); a pattern picks it up at
        // the next partition discovery.
        .setTopicPattern(topicPattern(config))
        .setGroupId(config.groupId())
        .setStartingOffsets(config.startPosition().toOffsetsInitializer(config.offsetReset()))
        .setDeserializer(OtlpKafkaDeserializationSchema.of(config, decoder))
        .setProperties(properties);
  }

  static Pattern topicPattern(OtlpKafkaSourceConfig config) {
    return Pattern.compile(
        config.subscribedTopics().keySet().stream()
            .map(Pattern::quote)
            .collect(Collectors.joining("|")));
  }
}
