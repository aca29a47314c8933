package dev.aigw.insight.job.options;

import dev.aigw.insight.schema.gateway.GatewayContract;
import dev.aigw.insight.schema.log.AccessLogStoreNames;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Typed configuration options of access-log sampling and storage (key prefix {@code logs.}). The
 * OpenSearch connection itself is configured with the sink's {@code opensearch.*} options.
 */
public final class LogsOptions {

  public static final ConfigOption<Boolean> ENABLED =
      ConfigOptions.key("logs.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription("Sample access logs and store them in OpenSearch.");

  public static final ConfigOption<String> LAYER =
      ConfigOptions.key("logs.layer")
          .stringType()
          .defaultValue(GatewayContract.LOG_LAYER_GATEWAY)
          .withDescription(
              "Only logs whose resource has this service.layer are analysed (others are dropped"
                  + " and counted); empty accepts every layer, including none.");

  public static final ConfigOption<Long> TOKEN_THRESHOLD =
      ConfigOptions.key("logs.sampling.token-threshold")
          .longType()
          .defaultValue(10_000L)
          .withDescription(
              "A successful request is kept when input + output tokens reach this many"
                  + " (SkyWalking's policy).");

  public static final ConfigOption<Duration> KEEP_SLOWER_THAN =
      ConfigOptions.key("logs.sampling.keep-slower-than")
          .durationType()
          .noDefaultValue()
          .withDescription("Also keep requests whose duration exceeds this (off when unset).");

  public static final ConfigOption<Double> KEEP_FRACTION =
      ConfigOptions.key("logs.sampling.keep-fraction")
          .doubleType()
          .defaultValue(0.0)
          .withDescription(
              "Also keep this fraction (0..1) of the records the policy would drop, chosen by a"
                  + " hash of x-request-id so a replay keeps the same ones.");

  public static final ConfigOption<String> INDEX_PREFIX =
      ConfigOptions.key("logs.index-prefix")
          .stringType()
          .defaultValue(AccessLogStoreNames.DEFAULT_INDEX_PREFIX)
          .withDescription(
              "Daily indices are <prefix>-yyyy.MM.dd (UTC); the index template has the prefix's"
                  + " name and matches <prefix>-*.");

  public static final ConfigOption<Integer> INDEX_SHARDS =
      ConfigOptions.key("logs.index.number-of-shards")
          .intType()
          .defaultValue(1)
          .withDescription("Primary shards of each daily index.");

  public static final ConfigOption<Integer> INDEX_REPLICAS =
      ConfigOptions.key("logs.index.number-of-replicas")
          .intType()
          .defaultValue(1)
          .withDescription("Replicas of each daily index (0 for a single-node store).");

  public static final ConfigOption<Integer> MAX_FIELD_BYTES =
      ConfigOptions.key("logs.max-field-bytes")
          .intType()
          .defaultValue(16 * 1024)
          .withDescription(
              "Largest stored size (UTF-8 bytes, JSON escapes counted) of an access log's body and"
                  + " of each attribute value; a longer one is cut and ends with"
                  + " '\u2026[truncated]'. At least 64.");

  public static final ConfigOption<Integer> MAX_ATTRIBUTES =
      ConfigOptions.key("logs.max-attributes")
          .intType()
          .defaultValue(64)
          .withDescription(
              "Attributes stored per access log; the ones the job reads are always kept, the"
                  + " others in key order up to this many. At least 10.");

  public static final ConfigOption<Integer> MAX_RECORD_BYTES =
      ConfigOptions.key("logs.max-record-bytes")
          .intType()
          .defaultValue(512 * 1024)
          .withDescription(
              "Largest stored size of an access log's body and attributes together; further"
                  + " attributes are dropped and counted. Keeps every document well below the"
                  + " store's 1 MiB record limit. At least 11 x (logs.max-field-bytes + 256).");

  private LogsOptions() {}
}
