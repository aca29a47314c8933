package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.cell.CellResolution;
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

  // The hour and day roll-ups of the minute cells (docs/storage.md, "Hour and day cells").

  public static final ConfigOption<String> HOUR_GROUP =
      ConfigOptions.key("banyandb.genai.hour.group")
          .stringType()
          .defaultValue(CellResolution.HOUR.defaultGroup())
          .withDescription("Measure group holding the hour cells.");

  public static final ConfigOption<Integer> HOUR_SHARDS =
      ConfigOptions.key("banyandb.genai.hour.shard-num")
          .intType()
          .defaultValue(1)
          .withDescription("Shards of the hour group.");

  public static final ConfigOption<Duration> HOUR_SEGMENT =
      ConfigOptions.key("banyandb.genai.hour.segment-interval")
          .durationType()
          .defaultValue(Duration.ofDays(5))
          .withDescription("Segment length of the hour group (whole hours or days).");

  public static final ConfigOption<Duration> HOUR_TTL =
      ConfigOptions.key("banyandb.genai.hour.ttl")
          .durationType()
          .defaultValue(Duration.ofDays(90))
          .withDescription("How long hour cells are kept (whole hours or days).");

  public static final ConfigOption<String> DAY_GROUP =
      ConfigOptions.key("banyandb.genai.day.group")
          .stringType()
          .defaultValue(CellResolution.DAY.defaultGroup())
          .withDescription("Measure group holding the day cells.");

  public static final ConfigOption<Integer> DAY_SHARDS =
      ConfigOptions.key("banyandb.genai.day.shard-num")
          .intType()
          .defaultValue(1)
          .withDescription("Shards of the day group.");

  public static final ConfigOption<Duration> DAY_SEGMENT =
      ConfigOptions.key("banyandb.genai.day.segment-interval")
          .durationType()
          .defaultValue(Duration.ofDays(15))
          .withDescription("Segment length of the day group (whole hours or days).");

  public static final ConfigOption<Duration> DAY_TTL =
      ConfigOptions.key("banyandb.genai.day.ttl")
          .durationType()
          .defaultValue(Duration.ofDays(730))
          .withDescription("How long day cells are kept (whole hours or days).");

  private GenAiStorageOptions() {}
}
