package dev.aigw.insight.job.alert.sink;

import dev.aigw.insight.job.alert.AlertOptions;
import dev.aigw.insight.schema.alert.AlertEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The alert events' Kafka output: one record per event, keyed by its idempotency key, its value the
 * webhook's JSON body ({@link WebhookDelivery#body}), its timestamp the event time.
 *
 * <p>With checkpointing the records are written in Kafka transactions committed with each
 * checkpoint, so a consumer reading {@code read_committed} sees every event once, also across
 * restarts and replays (the events between the last checkpoint and a crash are aborted and produced
 * again). Without checkpointing they are written at least once.
 */
public final class AlertKafkaOutput {

  /**
   * Kafka brokers refuse a transaction timeout above their {@code transaction.max.timeout.ms} (15
   * minutes by default), and the connector's own default is one hour: a producer would not start
   * against a default broker. The broker's maximum fits any checkpoint interval we document.
   */
  static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  /** Producer properties the output sets itself; passing them through is refused. */
  private static final Map<String, String> RESERVED_PROPERTIES =
      Map.of(
          "bootstrap.servers",
          AlertOptions.KAFKA_BOOTSTRAP_SERVERS.key(),
          "transactional.id",
          AlertOptions.KAFKA_TRANSACTIONAL_ID_PREFIX.key(),
          "key.serializer",
          "(none: keys are the events' idempotency keys)",
          "value.serializer",
          "(none: values are the events' JSON)");

  private AlertKafkaOutput() {}

  /** Whether the configuration asks for the Kafka output. */
  public static boolean enabled(Configuration conf) {
    return conf.getOptional(AlertOptions.KAFKA_BOOTSTRAP_SERVERS)
        .filter(s -> !s.isBlank())
        .isPresent();
  }

  /**
   * The sink for the configured brokers and topic; exactly once (transactions) when {@code
   * checkpointing}, else at least once.
   *
   * @throws IllegalArgumentException naming the option, for a blank topic or a reserved property
   */
  public static KafkaSink<AlertEvent> sink(Configuration conf, boolean checkpointing) {
    String topic = conf.get(AlertOptions.KAFKA_TOPIC).trim();
    if (topic.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid value '' for '" + AlertOptions.KAFKA_TOPIC.key() + "': must name a topic");
    }
    Properties producer = new Properties();
    producer.setProperty(
        "transaction.timeout.ms", Long.toString(DEFAULT_TRANSACTION_TIMEOUT.toMillis()));
    for (Map.Entry<String, String> e : conf.toMap().entrySet()) {
      if (!e.getKey().startsWith(AlertOptions.KAFKA_PROPERTIES_PREFIX)) {
        continue;
      }
      String property = e.getKey().substring(AlertOptions.KAFKA_PROPERTIES_PREFIX.length());
      String instead = RESERVED_PROPERTIES.get(property);
      if (instead != null) {
        throw new IllegalArgumentException(
            "Invalid option '" + e.getKey() + "': the alert output sets it; use " + instead);
      }
      producer.setProperty(property, e.getValue());
    }
    return KafkaSink.<AlertEvent>builder()
        .setBootstrapServers(conf.get(AlertOptions.KAFKA_BOOTSTRAP_SERVERS).trim())
        .setKafkaProducerConfig(producer)
        .setRecordSerializer(new EventRecords(topic))
        .setDeliveryGuarantee(
            checkpointing ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
        .setTransactionalIdPrefix(conf.get(AlertOptions.KAFKA_TRANSACTIONAL_ID_PREFIX))
        .build();
  }

  /** An event as a record: key the idempotency key, value the JSON body, time the event time. */
  static final class EventRecords implements KafkaRecordSerializationSchema<AlertEvent> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    EventRecords(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        AlertEvent event, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(
          topic,
          null,
          event.eventTimeMs,
          event.idempotencyKey.getBytes(StandardCharsets.UTF_8),
          WebhookDelivery.body(event).getBytes(StandardCharsets.UTF_8));
    }
  }
}
