package dev.aigw.insight.source.otlp.kafka.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node KRaft Kafka broker in this JVM, started once per test class.
 *
 * <p>The only place that touches Kafka's internal test kit ({@code kafka-test-common-runtime},
 * pinned in the root pom): if its API moves, this class is all that changes.
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafka KAFKA = new EmbeddedKafka();
 * }</pre>
 */
public final class EmbeddedKafka implements BeforeAllCallback, AfterAllCallback {

  private KafkaClusterTestKit cluster;
  private Admin admin;
  private KafkaProducer<byte[], byte[]> producer;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  /** Formats and starts the broker; returns when it accepts clients. */
  public void start() throws Exception {
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            // a single broker cannot hold the internal topics' default three replicas
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    admin = Admin.create(adminProps);
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
    producer =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Stops clients and broker and deletes its data. */
  public void stop() throws Exception {
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates topics with {@code partitions} partitions each and waits until they exist. */
  public void createTopics(int partitions, String... topics) throws Exception {
    List<NewTopic> newTopics =
        java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList();
    admin.createTopics(newTopics).all().get();
  }

  /** Writes one message (no key) to a partition with a timestamp; returns where it landed. */
  public RecordMetadata send(String topic, int partition, long timestampMs, byte[] value)
      throws ExecutionException, InterruptedException {
    return producer.send(new ProducerRecord<>(topic, partition, timestampMs, null, value)).get();
  }

  /** Writes one message (no key) to a partition, timestamped now. */
  public RecordMetadata send(String topic, int partition, byte[] value)
      throws ExecutionException, InterruptedException {
    return send(topic, partition, System.currentTimeMillis(), value);
  }

  /** The offset after the last message of each partition of {@code topic}. */
  public Map<TopicPartition, Long> endOffsets(String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> result = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
  }

  /** The offsets committed by consumer group {@code groupId}. */
  public Map<TopicPartition, Long> committedOffsets(String groupId) throws Exception {
    Map<TopicPartition, Long> result = new HashMap<>();
    admin
        .listConsumerGroupOffsets(groupId)
        .partitionsToOffsetAndMetadata()
        .get()
        .forEach((tp, om) -> result.put(tp, om == null ? null : om.offset()));
    return result;
  }

  /** Commits offsets for consumer group {@code groupId}, as an earlier consumer would have. */
  public void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> request = new HashMap<>();
    offsets.forEach((tp, o) -> request.put(tp, new OffsetAndMetadata(o)));
    admin.alterConsumerGroupOffsets(groupId, request).all().get();
  }
}
