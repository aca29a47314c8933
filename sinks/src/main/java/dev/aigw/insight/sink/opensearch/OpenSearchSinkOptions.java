package dev.aigw.insight.sink.opensearch;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Options of the OpenSearch {@code _bulk} sink, under the {@code opensearch.} key prefix; read them
 * with {@link OpenSearchSinkBuilder#setConfiguration} (or {@link
 * OpenSearchSinkConfig#fromConfiguration} to validate them before a sink is built).
 */
public final class OpenSearchSinkOptions {

  public static final ConfigOption<List<String>> HOSTS =
      ConfigOptions.key("opensearch.hosts")
          .stringType()
          .asList()
          .defaultValues("http://127.0.0.1:9200")
          .withDescription(
              "Base URLs of the OpenSearch (or Elasticsearch) REST API, separated by ';'. Requests"
                  + " go round robin; a retry goes to the next host.");

  public static final ConfigOption<String> USERNAME =
      ConfigOptions.key("opensearch.username")
          .stringType()
          .noDefaultValue()
          .withDescription("User for HTTP basic authentication; requires opensearch.password.");

  public static final ConfigOption<String> PASSWORD =
      ConfigOptions.key("opensearch.password")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Password for HTTP basic authentication. Prefer opensearch.password-file or"
                  + " opensearch.password-env: a value here sits in the job's configuration.");

  public static final ConfigOption<String> USERNAME_FILE =
      ConfigOptions.key("opensearch.username-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File holding the basic-auth user (e.g. a mounted Kubernetes Secret); instead of"
                  + " opensearch.username.");

  public static final ConfigOption<String> USERNAME_ENV =
      ConfigOptions.key("opensearch.username-env")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name of an environment variable holding the basic-auth user; instead of"
                  + " opensearch.username.");

  public static final ConfigOption<String> PASSWORD_FILE =
      ConfigOptions.key("opensearch.password-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File holding the basic-auth password (e.g. a mounted Kubernetes Secret); instead of"
                  + " opensearch.password. Read where the job is built (the JobManager in"
                  + " application mode).");

  public static final ConfigOption<String> PASSWORD_ENV =
      ConfigOptions.key("opensearch.password-env")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name of an environment variable holding the basic-auth password; instead of"
                  + " opensearch.password.");

  public static final ConfigOption<String> TLS_CA_FILE =
      ConfigOptions.key("opensearch.tls.ca-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "PEM file with the CA certificate(s) that signed the store's certificate (https"
                  + " hosts). Without it and without a trust store, the JVM's default trust is used.");

  public static final ConfigOption<String> TLS_TRUST_STORE_PATH =
      ConfigOptions.key("opensearch.tls.trust-store.path")
          .stringType()
          .noDefaultValue()
          .withDescription("Trust store (PKCS12 or JKS) for https hosts; exclusive with ca-file.");

  public static final ConfigOption<String> TLS_TRUST_STORE_PASSWORD =
      ConfigOptions.key("opensearch.tls.trust-store.password")
          .stringType()
          .noDefaultValue()
          .withDescription("Password of the trust store, if it has one.");

  public static final ConfigOption<String> TLS_TRUST_STORE_TYPE =
      ConfigOptions.key("opensearch.tls.trust-store.type")
          .stringType()
          .defaultValue("PKCS12")
          .withDescription("Type of the trust store: PKCS12 or JKS.");

  public static final ConfigOption<Integer> BULK_MAX_ACTIONS =
      ConfigOptions.key("opensearch.bulk.max-actions")
          .intType()
          .defaultValue(1000)
          .withDescription("Most documents in one _bulk request.");

  public static final ConfigOption<MemorySize> BULK_MAX_SIZE =
      ConfigOptions.key("opensearch.bulk.max-size")
          .memoryType()
          .defaultValue(MemorySize.parse("5mb"))
          .withDescription("Largest _bulk request body.");

  public static final ConfigOption<Duration> BULK_FLUSH_INTERVAL =
      ConfigOptions.key("opensearch.bulk.flush-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription(
              "Longest time a document waits in the buffer before a (smaller) _bulk is sent.");

  public static final ConfigOption<Integer> BULK_MAX_IN_FLIGHT =
      ConfigOptions.key("opensearch.bulk.max-in-flight-requests")
          .intType()
          .defaultValue(2)
          .withDescription(
              "Most _bulk requests under way at once per sink subtask (access logs; the cell"
                  + " sinks send one at a time so that the rewrites of a cell stay in order).");

  public static final ConfigOption<Integer> BULK_MAX_BUFFERED =
      ConfigOptions.key("opensearch.bulk.max-buffered-actions")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Most documents buffered per subtask before the sink applies backpressure; must be"
                  + " greater than opensearch.bulk.max-actions.");

  public static final ConfigOption<MemorySize> MAX_DOCUMENT_SIZE =
      ConfigOptions.key("opensearch.max-document-size")
          .memoryType()
          .defaultValue(MemorySize.parse("1mb"))
          .withDescription(
              "Largest single document. A larger one is never sent (it would never fit a _bulk):"
                  + " it is a bad record, handled as opensearch.bad-record.mode says.");

  public static final ConfigOption<Duration> REQUEST_TIMEOUT =
      ConfigOptions.key("opensearch.request-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("HTTP timeout of one _bulk request; a timed out request is retried.");

  public static final ConfigOption<Integer> MAX_RETRIES =
      ConfigOptions.key("opensearch.retry.max-retries")
          .intType()
          .defaultValue(10)
          .withDescription(
              "Retries of a document after 429, 5xx, connection errors or a retryable per-item"
                  + " failure; past it the job fails (and restarts from its last checkpoint).");

  public static final ConfigOption<Duration> INITIAL_BACKOFF =
      ConfigOptions.key("opensearch.retry.initial-backoff")
          .durationType()
          .defaultValue(Duration.ofMillis(500))
          .withDescription("Wait before the first retry; doubled for each further retry.");

  public static final ConfigOption<Duration> MAX_BACKOFF =
      ConfigOptions.key("opensearch.retry.max-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("Longest wait between two retries.");

  public static final ConfigOption<BadRecordMode> BAD_RECORD_MODE =
      ConfigOptions.key("opensearch.bad-record.mode")
          .enumType(BadRecordMode.class)
          .defaultValue(BadRecordMode.DEAD_LETTER)
          // the key of 0.1.0, whose values FAIL and DROP mean the same here
          .withDeprecatedKeys("opensearch.on-document-error")
          .withDescription(
              "What to do with a document the store refuses for its content (larger than"
                  + " opensearch.max-document-size, mapper_parsing_exception, illegal_argument, any"
                  + " item status 4xx but 429): DEAD_LETTER writes a bounded copy with the store's"
                  + " reason to the daily index <opensearch.dead-letter.index-prefix>-yyyy.MM.dd;"
                  + " DROP only counts and logs it (rate-limited); FAIL fails the job naming index,"
                  + " id and reason. Counted in documentsRefused in every mode. Formerly"
                  + " opensearch.on-document-error.");

  public static final ConfigOption<String> DEAD_LETTER_INDEX_PREFIX =
      ConfigOptions.key("opensearch.dead-letter.index-prefix")
          .stringType()
          .defaultValue("aigw-dead-letter")
          .withDescription(
              "Prefix of the daily dead-letter indices (opensearch.bad-record.mode: DEAD_LETTER);"
                  + " the sink installs their index template (with opensearch.index-template"
                  + ".install), which keeps the source excerpt unindexed so a dead letter is never"
                  + " refused itself.");

  public static final ConfigOption<Boolean> INSTALL_INDEX_TEMPLATE =
      ConfigOptions.key("opensearch.index-template.install")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Install (overwrite) the sink's index template when the sink starts. Turn off when"
                  + " the template is managed elsewhere or the user lacks the privilege.");

  private OpenSearchSinkOptions() {}
}
