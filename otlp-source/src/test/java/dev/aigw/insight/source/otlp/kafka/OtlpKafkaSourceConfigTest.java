package dev.aigw.insight.source.otlp.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class OtlpKafkaSourceConfigTest {

  private static OtlpKafkaSourceConfig.Builder valid() {
    return OtlpKafkaSourceConfig.builder().bootstrapServers("broker-1:9092,broker-2:9092");
  }

  @Test
  void defaultsAreTheCollectorsTopicsAndCommittedOffsetsFallingBackToEarliest() {
    Configuration conf = new Configuration();
    conf.setString("kafka.bootstrap-servers", "broker-1:9092");
    OtlpKafkaSourceConfig config = OtlpKafkaSourceConfig.fromConfiguration(conf);

    assertThat(config.bootstrapServers()).isEqualTo("broker-1:9092");
    assertThat(config.topics())
        .containsExactly(
            Map.entry(OtlpSignal.METRICS, "otlp_metrics"),
            Map.entry(OtlpSignal.LOGS, "otlp_logs"),
            Map.entry(OtlpSignal.TRACES, "otlp_spans"));
    assertThat(config.subscribedTopics())
        .containsExactly(
            Map.entry("otlp_metrics", OtlpSignal.METRICS), Map.entry("otlp_logs", OtlpSignal.LOGS));
    assertThat(config.groupId()).isEqualTo("otlp-flink-source");
    assertThat(config.startPosition()).isEqualTo(StartPosition.committed());
    assertThat(config.offsetReset()).isEqualTo(OffsetResetStrategy.EARLIEST);
    assertThat(config.maxMessageBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(config.consumerProperties()).isEmpty();
  }

  @Test
  void readsEveryOptionAndPassesSecurityPropertiesThrough() {
    Configuration conf = new Configuration();
    conf.setString("kafka.bootstrap-servers", "b:9093");
    conf.setString("kafka.topic.metrics", "m");
    conf.setString("kafka.topic.logs", "l");
    conf.setString("kafka.topic.traces", "t");
    conf.setString("kafka.signals", "traces;metrics");
    conf.setString("kafka.group-id", "insight");
    conf.setString("kafka.start-position", "timestamp:1767225600000");
    conf.setString("kafka.offset-reset", "latest");
    conf.setString("kafka.max-message-size", "2mb");
    conf.setString("kafka.properties.security.protocol", "SASL_SSL");
    conf.setString("kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
    conf.setString(
        "kafka.properties.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"u\" password=\"secret\";");
    conf.setString("kafka.properties.ssl.truststore.location", "/etc/kafka/truststore.jks");

    OtlpKafkaSourceConfig config = OtlpKafkaSourceConfig.fromConfiguration(conf);

    assertThat(config.subscribedTopics())
        .containsExactly(Map.entry("m", OtlpSignal.METRICS), Map.entry("t", OtlpSignal.TRACES));
    assertThat(config.groupId()).isEqualTo("insight");
    assertThat(config.startPosition()).isEqualTo(StartPosition.timestamp(1767225600000L));
    assertThat(config.offsetReset()).isEqualTo(OffsetResetStrategy.LATEST);
    assertThat(config.maxMessageBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(config.consumerProperties())
        .containsOnlyKeys(
            "security.protocol", "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks");
    // secrets never reach a log line through toString()
    assertThat(config.toString()).doesNotContain("secret").contains("sasl.jaas.config");
  }

  @Test
  void consumerPropertiesReachTheKafkaSource() {
    OtlpKafkaSourceConfig config =
        valid()
            .consumerProperty("security.protocol", "SSL")
            .consumerProperty("max.partition.fetch.bytes", "2097152")
            .build();
    assertThat(OtlpKafkaSources.topicPattern(config).pattern())
        .isEqualTo("\\Qotlp_metrics\\E|\\Qotlp_logs\\E");
    assertThat(OtlpKafkaSources.create(config, new NoopDecoder())).isNotNull();
  }

  @Test
  void restrictsToOneSignalKeepingEverythingElse() {
    OtlpKafkaSourceConfig both =
        valid()
            .topic(OtlpSignal.LOGS, "gw_logs")
            .groupId("g")
            .startPosition("earliest")
            .maxMessageBytes(1234)
            .consumerProperty("security.protocol", "SSL")
            .build();

    OtlpKafkaSourceConfig logs = both.forSignal(OtlpSignal.LOGS);

    assertThat(logs.subscribedTopics()).containsExactly(Map.entry("gw_logs", OtlpSignal.LOGS));
    assertThat(logs.groupId()).isEqualTo("g");
    assertThat(logs.startPosition()).isEqualTo(StartPosition.earliest());
    assertThat(logs.maxMessageBytes()).isEqualTo(1234);
    assertThat(logs.consumerProperties()).containsEntry("security.protocol", "SSL");
    assertThat(OtlpKafkaSources.uid(OtlpSignal.LOGS)).isEqualTo("otlp-kafka-source-logs");
    assertThatThrownBy(() -> both.forSignal(OtlpSignal.TRACES))
        .hasMessage(
            "Invalid value [METRICS, LOGS] for 'kafka.signals': must include TRACES to read it");
  }

  @Test
  void rejectsMissingBootstrapServers() {
    assertThatThrownBy(() -> OtlpKafkaSourceConfig.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid value null for 'kafka.bootstrap-servers': must name the Kafka brokers"
                + " (host:port[,host:port...])");
  }

  @Test
  void rejectsBlankBootstrapServers() {
    assertThatThrownBy(() -> valid().bootstrapServers("  ").build())
        .hasMessage(
            "Invalid value '  ' for 'kafka.bootstrap-servers': must name the Kafka brokers"
                + " (host:port[,host:port...])");
  }

  @Test
  void rejectsNoSignals() {
    assertThatThrownBy(() -> valid().signals().build())
        .hasMessage(
            "Invalid value [] for 'kafka.signals': must name at least one of metrics, logs,"
                + " traces");
  }

  @Test
  void rejectsBlankTopicOfAnEnabledSignal() {
    assertThatThrownBy(() -> valid().topic(OtlpSignal.LOGS, "").build())
        .hasMessage("Invalid value '' for 'kafka.topic.logs': must be a topic name");
  }

  @Test
  void rejectsTopicWithSurroundingWhitespace() {
    assertThatThrownBy(() -> valid().topic(OtlpSignal.METRICS, "otlp_metrics ").build())
        .hasMessage(
            "Invalid value 'otlp_metrics ' for 'kafka.topic.metrics': must be a topic name");
  }

  @Test
  void ignoresTheTopicOfADisabledSignal() {
    assertThat(valid().topic(OtlpSignal.TRACES, "").build().signals())
        .containsExactly(OtlpSignal.METRICS, OtlpSignal.LOGS);
  }

  @Test
  void rejectsTwoSignalsOnOneTopic() {
    assertThatThrownBy(() -> valid().topic(OtlpSignal.LOGS, "otlp_metrics").build())
        .hasMessage(
            "Invalid value 'otlp_metrics' for 'kafka.topic.logs': must differ from"
                + " kafka.topic.metrics; each signal needs its own topic");
  }

  @Test
  void rejectsBlankGroupId() {
    assertThatThrownBy(() -> valid().groupId(" ").build())
        .hasMessage("Invalid value ' ' for 'kafka.group-id': must name the consumer group");
  }

  @Test
  void rejectsUnknownStartPosition() {
    assertThatThrownBy(() -> valid().startPosition("yesterday").build())
        .hasMessage(
            "Invalid value 'yesterday' for 'kafka.start-position': must be committed, earliest,"
                + " latest or timestamp:<epoch millis> (e.g. timestamp:1767225600000)");
  }

  @Test
  void rejectsTimestampStartPositionWithoutNumber() {
    assertThatThrownBy(() -> valid().startPosition("timestamp:noon").build())
        .hasMessageStartingWith(
            "Invalid value 'timestamp:noon' for 'kafka.start-position': must be");
  }

  @Test
  void rejectsNegativeTimestampStartPosition() {
    assertThatThrownBy(() -> valid().startPosition("timestamp:-1").build())
        .hasMessageStartingWith("Invalid value 'timestamp:-1' for 'kafka.start-position': must be");
  }

  @Test
  void rejectsMissingOffsetReset() {
    assertThatThrownBy(() -> valid().offsetReset(null).build())
        .hasMessage("Invalid value null for 'kafka.offset-reset': must be EARLIEST or LATEST");
  }

  @Test
  void rejectsNonPositiveMaxMessageSize() {
    assertThatThrownBy(() -> valid().maxMessageBytes(0).build())
        .hasMessage("Invalid value 0 for 'kafka.max-message-size': must be at least 1");
  }

  @Test
  void rejectsBootstrapServersAsPassthroughProperty() {
    assertThatThrownBy(() -> valid().consumerProperty("bootstrap.servers", "x:1").build())
        .hasMessage(
            "Invalid value 'x:1' for 'kafka.properties.bootstrap.servers': is set by the source;"
                + " use kafka.bootstrap-servers");
  }

  @Test
  void rejectsGroupIdAsPassthroughProperty() {
    assertThatThrownBy(() -> valid().consumerProperty("group.id", "g").build())
        .hasMessage(
            "Invalid value 'g' for 'kafka.properties.group.id': is set by the source; use"
                + " kafka.group-id");
  }

  @Test
  void rejectsAutoOffsetResetAsPassthroughProperty() {
    assertThatThrownBy(() -> valid().consumerProperty("auto.offset.reset", "latest").build())
        .hasMessage(
            "Invalid value 'latest' for 'kafka.properties.auto.offset.reset': is set by the"
                + " source; use kafka.offset-reset");
  }

  @Test
  void rejectsAutoCommitAsPassthroughProperty() {
    assertThatThrownBy(() -> valid().consumerProperty("enable.auto.commit", "true").build())
        .hasMessageStartingWith(
            "Invalid value 'true' for 'kafka.properties.enable.auto.commit': is set by the source");
  }

  @Test
  void rejectsDeserializersAsPassthroughProperties() {
    assertThatThrownBy(() -> valid().consumerProperty("value.deserializer", "X").build())
        .hasMessageStartingWith(
            "Invalid value 'X' for 'kafka.properties.value.deserializer': is set by the source");
    assertThatThrownBy(() -> valid().consumerProperty("key.deserializer", "X").build())
        .hasMessageStartingWith(
            "Invalid value 'X' for 'kafka.properties.key.deserializer': is set by the source");
  }

  @Test
  void rejectsUnknownSignalName() {
    Configuration conf = new Configuration();
    conf.setString("kafka.bootstrap-servers", "b:9092");
    conf.setString("kafka.signals", "metrics;profiles");
    assertThatThrownBy(() -> OtlpKafkaSourceConfig.fromConfiguration(conf))
        .hasMessageContaining("kafka.signals");
  }

  /** A decoder that produces nothing; only its type matters here. */
  private static final class NoopDecoder
      implements dev.aigw.insight.source.otlp.decoder.OtlpDecoder<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public org.apache.flink.api.common.typeinfo.TypeInformation<String> getProducedType() {
      return org.apache.flink.api.common.typeinfo.Types.STRING;
    }
  }
}
