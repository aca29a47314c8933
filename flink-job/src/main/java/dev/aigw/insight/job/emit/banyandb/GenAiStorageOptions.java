package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.log.AccessLogStoreNames;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the GenAI groups in BanyanDB (documented in docs/storage.md). */
public final class GenAiStorageOptions {
  public static final ConfigOption<String> MINUTE_GROUP =
      ConfigOptions.key("banyandb.genai.minute.group")
          .stringType()
          .defaultValue(CellStoreNames.DEFAULT_MINUTE_GROUP)
          .withDescription("Measure group holding the per-minute cells.");

  public static final ConfigOption<Integer> MINUTE_SHARDS =
      ConfigOptions.key("banyandb.genai.minute.shard-num")
          .intType()
          .defaultValue(2)
          .withDescription("Shards of the minute group.");

  public static final ConfigOption<Duration> MINUTE_SEGMENT =
      ConfigOptions.key("banyandb.genai.minute.segment-interval")
          .durationType()
          .defaultValue(Duration.ofDays(1))
          .withDescription("Segment length of the minute group (whole hours or days).");

  public static final ConfigOption<Duration> MINUTE_TTL =
      ConfigOptions.key("banyandb.genai.minute.ttl")
          .durationType()
          .defaultValue(Duration.ofDays(7))
          .withDescription("How long minute cells are kept (whole hours or days).");

  public static final ConfigOption<Boolean> LOGS_ENABLED =
      ConfigOptions.key("banyandb.genai.logs.enabled")
          .booleanType()
          .defaultValue(false)
          .withDescription("Also store sampled access logs in a BanyanDB stream.");

  public static final ConfigOption<String> LOGS_GROUP =
      ConfigOptions.key("banyandb.genai.logs.group")
          .stringType()
          .defaultValue(AccessLogStoreNames.DEFAULT_STREAM_GROUP)
          .withDescription("Stream group holding sampled access logs.");

  public static final ConfigOption<Integer> LOGS_SHARDS =
      ConfigOptions.key("banyandb.genai.logs.shard-num")
          .intType()
          .defaultValue(2)
          .withDescription("Shards of the access-log group.");

  public static final ConfigOption<Duration> LOGS_SEGMENT =
      ConfigOptions.key("banyandb.genai.logs.segment-interval")
          .durationType()
          .defaultValue(Duration.ofDays(1))
          .withDescription("Segment length of the access-log group.");

  public static final ConfigOption<Duration> LOGS_TTL =
      ConfigOptions.key("banyandb.genai.logs.ttl")
          .durationType()
          .defaultValue(Duration.ofDays(3))
          .withDescription("How long sampled access logs are kept.");

  private GenAiStorageOptions() {}
}
