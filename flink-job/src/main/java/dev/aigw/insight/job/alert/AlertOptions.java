package dev.aigw.insight.job.alert;

import dev.aigw.insight.schema.alert.AlertStoreNames;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the alert rules and their outputs (docs/alerts.md). */
public final class AlertOptions {

  public static final ConfigOption<String> RULES_FILE =
      ConfigOptions.key("alerts.rules-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "YAML file of alert rules (docs/alerts.md), read and validated when the job starts;"
                  + " unset: no alerts.");

  public static final ConfigOption<String> INDEX_PREFIX =
      ConfigOptions.key("alerts.index-prefix")
          .stringType()
          .defaultValue(AlertStoreNames.DEFAULT_INDEX_PREFIX)
          .withDescription(
              "Prefix of the daily OpenSearch indices of alert events (when cells.store is"
                  + " OPENSEARCH).");

  public static final ConfigOption<String> BANYANDB_GROUP =
      ConfigOptions.key("alerts.banyandb.group")
          .stringType()
          .defaultValue(AlertStoreNames.DEFAULT_GROUP)
          .withDescription(
              "BanyanDB stream group of the alert events (when cells.store is BANYANDB).");

  public static final ConfigOption<String> WEBHOOK_URL =
      ConfigOptions.key("alerts.webhook.url")
          .stringType()
          .noDefaultValue()
          .withDescription("URL every alert event is POSTed to as JSON; unset: no webhook.");

  public static final ConfigOption<String> WEBHOOK_SECRET_FILE =
      ConfigOptions.key("alerts.webhook.secret-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File holding the webhook's HMAC-SHA256 secret; when set, every request carries"
                  + " X-Aigw-Signature: sha256=<hex of the body's HMAC>.");

  public static final ConfigOption<String> WEBHOOK_SECRET_ENV =
      ConfigOptions.key("alerts.webhook.secret-env")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Environment variable holding the webhook's HMAC secret (when no secret file is"
                  + " given).");

  public static final ConfigOption<Integer> WEBHOOK_QUEUE_CAPACITY =
      ConfigOptions.key("alerts.webhook.queue-capacity")
          .intType()
          .defaultValue(1000)
          .withDescription(
              "Alert events waiting for delivery; when full, further events are dropped and"
                  + " counted (alertWebhookDropped), never blocking the pipeline.");

  public static final ConfigOption<Integer> WEBHOOK_MAX_ATTEMPTS =
      ConfigOptions.key("alerts.webhook.max-attempts")
          .intType()
          .defaultValue(6)
          .withDescription(
              "Attempts per event (the first and the retries) before it is dropped and counted.");

  public static final ConfigOption<Duration> WEBHOOK_INITIAL_BACKOFF =
      ConfigOptions.key("alerts.webhook.initial-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription("Wait before the first retry; doubled after each failed attempt.");

  public static final ConfigOption<Duration> WEBHOOK_MAX_BACKOFF =
      ConfigOptions.key("alerts.webhook.max-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(60))
          .withDescription("Longest wait between two attempts.");

  public static final ConfigOption<Duration> WEBHOOK_TIMEOUT =
      ConfigOptions.key("alerts.webhook.timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Connect and response timeout of one attempt.");

  public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigOptions.key("alerts.kafka.bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kafka brokers (host:port[,host:port...]) the alert events are written to, one record"
                  + " per event keyed by its idempotency key; unset: no Kafka output.");

  public static final ConfigOption<String> KAFKA_TOPIC =
      ConfigOptions.key("alerts.kafka.topic")
          .stringType()
          .defaultValue("aigw-alerts")
          .withDescription("Topic of the alert events.");

  public static final ConfigOption<String> KAFKA_TRANSACTIONAL_ID_PREFIX =
      ConfigOptions.key("alerts.kafka.transactional-id-prefix")
          .stringType()
          .defaultValue("aigw-alerts")
          .withDescription(
              "Prefix of the producer's transactional ids (with checkpointing the events are"
                  + " written in Kafka transactions committed with the checkpoint); unique per job"
                  + " writing to the same cluster.");

  /** Prefix of the Kafka producer properties passed through ({@code alerts.kafka.properties.*}). */
  public static final String KAFKA_PROPERTIES_PREFIX = "alerts.kafka.properties.";

  private AlertOptions() {}
}
