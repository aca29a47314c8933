package dev.aigw.insight.job.alert.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import java.nio.charset.StandardCharsets;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AlertKafkaOutputTest {

  @Test
  void anEventBecomesOneRecordKeyedByItsIdempotencyKeyWithTheWebhooksBody() {
    AlertEvent event = WebhookDeliveryTest.event("budget-team-a", AlertStatus.FIRING);
    ProducerRecord<byte[], byte[]> record =
        new AlertKafkaOutput.EventRecords("alerts").serialize(event, null, null);

    assertThat(record.topic()).isEqualTo("alerts");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.idempotencyKey);
    assertThat(new String(record.value(), StandardCharsets.UTF_8))
        .isEqualTo(WebhookDelivery.body(event));
    assertThat(record.timestamp()).isEqualTo(event.eventTimeMs);
    assertThat(record.partition()).isNull();
  }

  @Test
  void theOutputIsOnOnlyWithBrokers() {
    Configuration conf = new Configuration();
    assertThat(AlertKafkaOutput.enabled(conf)).isFalse();
    conf.setString("alerts.kafka.bootstrap-servers", " ");
    assertThat(AlertKafkaOutput.enabled(conf)).isFalse();
    conf.setString("alerts.kafka.bootstrap-servers", "kafka:9092");
    assertThat(AlertKafkaOutput.enabled(conf)).isTrue();
  }

  @Test
  void aPropertyTheOutputSetsItselfIsRefusedNamingTheOptionToUse() {
    Configuration conf = new Configuration();
    conf.setString("alerts.kafka.bootstrap-servers", "kafka:9092");
    conf.setString("alerts.kafka.properties.transactional.id", "mine");

    assertThatThrownBy(() -> AlertKafkaOutput.sink(conf, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid option 'alerts.kafka.properties.transactional.id': the alert output sets it;"
                + " use alerts.kafka.transactional-id-prefix");
  }

  @Test
  void aBlankTopicIsRefused() {
    Configuration conf = new Configuration();
    conf.setString("alerts.kafka.bootstrap-servers", "kafka:9092");
    conf.setString("alerts.kafka.topic", " ");

    assertThatThrownBy(() -> AlertKafkaOutput.sink(conf, false))
        .hasMessage("Invalid value '' for 'alerts.kafka.topic': must name a topic");
  }
}
