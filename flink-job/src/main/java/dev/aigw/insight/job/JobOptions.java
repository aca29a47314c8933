package dev.aigw.insight.job;

import dev.aigw.insight.schema.cell.CellStoreNames;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the job as a whole: which ingestion paths run and where results are stored. The
 * components' own options live beside them ({@code otlp.receiver.*}, {@code kafka.*}, {@code
 * analysis.*}, {@code logs.*}, {@code banyandb.*}, {@code opensearch.*}).
 */
public final class JobOptions {

  /** Where the minute cells go. */
  public enum CellStore {
    /** BanyanDB measures (the production store; needs {@code banyandb.targets}). */
    BANYANDB,
    /** Daily OpenSearch indices (the local run's embedded default). */
    OPENSEARCH
  }

  /** Where the sampled access logs go. */
  public enum LogStore {
    /** Daily OpenSearch indices. */
    OPENSEARCH,
    /** A BanyanDB stream (a BanyanDB-only deployment). */
    BANYANDB
  }

  public static final ConfigOption<String> JOB_NAME =
      ConfigOptions.key("job.name")
          .stringType()
          .defaultValue("ai-gateway-insight")
          .withDescription("Name of the Flink job.");

  public static final ConfigOption<Boolean> OTLP_GRPC_ENABLED =
      ConfigOptions.key("ingest.otlp-grpc.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription("Receive OTLP over gRPC (the otlp.receiver.* options).");

  public static final ConfigOption<Boolean> KAFKA_ENABLED =
      ConfigOptions.key("ingest.kafka.enabled")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Read OTLP export requests from Kafka (the kafka.* options); may run beside gRPC.");

  public static final ConfigOption<CellStore> CELL_STORE =
      ConfigOptions.key("cells.store")
          .enumType(CellStore.class)
          .defaultValue(CellStore.BANYANDB)
          .withDescription(
              "Where the minute cells are written: BANYANDB (banyandb.targets) or OPENSEARCH"
                  + " (opensearch.hosts, daily indices cells.index-prefix-yyyy.MM.dd).");

  public static final ConfigOption<String> CELL_INDEX_PREFIX =
      ConfigOptions.key("cells.index-prefix")
          .stringType()
          .defaultValue(CellStoreNames.DEFAULT_INDEX_PREFIX)
          .withDescription("Prefix of the daily OpenSearch indices of the minute cells.");

  public static final ConfigOption<LogStore> LOG_STORE =
      ConfigOptions.key("logs.store")
          .enumType(LogStore.class)
          .defaultValue(LogStore.OPENSEARCH)
          .withDescription(
              "Where the sampled access logs are written: OPENSEARCH (opensearch.hosts) or"
                  + " BANYANDB (a stream in banyandb.genai.logs.group).");

  public static final ConfigOption<Duration> DEFAULT_CHECKPOINT_INTERVAL =
      ConfigOptions.key("execution.checkpointing.interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "Flink's checkpoint interval; the job sets 30 s when it is not given, because the"
                  + " sinks flush and the on-checkpoint acknowledgement answers on checkpoints.");

  private JobOptions() {}
}
