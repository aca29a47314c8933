package dev.aigw.insight.sink.banyandb;

import dev.aigw.insight.sink.badrecord.BadRecordMode;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Configuration options of the BanyanDB sink (documented in docs/storage.md). */
public final class BanyanDbSinkOptions {
  public static final ConfigOption<List<String>> TARGETS =
      ConfigOptions.key("banyandb.targets")
          .stringType()
          .asList()
          .defaultValues("127.0.0.1:17912")
          .withDescription("BanyanDB gRPC endpoints (host:port), e.g. the liaison Service.");

  public static final ConfigOption<Integer> BATCH_SIZE =
      ConfigOptions.key("banyandb.sink.batch-size")
          .intType()
          .defaultValue(1000)
          .withDescription("Rows buffered per sink subtask before a batch is written.");

  public static final ConfigOption<Duration> FLUSH_INTERVAL =
      ConfigOptions.key("banyandb.sink.flush-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("Longest time a buffered row waits before it is written.");

  public static final ConfigOption<Integer> MAX_RETRIES =
      ConfigOptions.key("banyandb.sink.max-retries")
          .intType()
          .defaultValue(10)
          .withDescription(
              "Retries of a batch's failed rows after a transient failure before the task fails.");

  public static final ConfigOption<Duration> INITIAL_BACKOFF =
      ConfigOptions.key("banyandb.sink.initial-backoff")
          .durationType()
          .defaultValue(Duration.ofMillis(200))
          .withDescription("Wait before the first retry; doubled on every further retry.");

  public static final ConfigOption<Duration> MAX_BACKOFF =
      ConfigOptions.key("banyandb.sink.max-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Upper bound of the wait between retries.");

  public static final ConfigOption<Duration> REQUEST_TIMEOUT =
      ConfigOptions.key("banyandb.sink.request-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Deadline of one batch write stream and of each schema call.");

  public static final ConfigOption<Duration> NOT_FOUND_GRACE =
      ConfigOptions.key("banyandb.sink.not-found-grace")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "After start-up, STATUS_NOT_FOUND is retried for this long, because a freshly"
                  + " created measure takes a moment to reach every BanyanDB node; later it is"
                  + " a permanent error.");

  public static final ConfigOption<Boolean> CREATE_MISSING_SCHEMA =
      ConfigOptions.key("banyandb.schema.create-missing")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Create absent groups, measures and streams at start-up, and append the fields a"
                  + " newer job added to an existing measure; when false they must exist and"
                  + " match. Present ones are always verified.");

  public static final ConfigOption<BadRecordMode> BAD_RECORD_MODE =
      ConfigOptions.key("banyandb.sink.bad-record.mode")
          .enumType(BadRecordMode.class)
          .defaultValue(BadRecordMode.DEAD_LETTER)
          .withDescription(
              "What to do with a row BanyanDB refuses for its content (STATUS_INVALID_TIMESTAMP"
                  + " and any other non-transient row status except STATUS_NOT_FOUND) or that"
                  + " has a value over banyandb.sink.max-tag-value-size: DEAD_LETTER writes it to"
                  + " the job log (WARN, rate-limited, values cut to a bounded excerpt) and counts"
                  + " it in banyandbRowsDeadLettered; DROP only counts it (banyandbRowsDropped);"
                  + " FAIL fails the job. Counted in banyandbRowsRefused in every mode.");

  public static final ConfigOption<MemorySize> MAX_TAG_VALUE_SIZE =
      ConfigOptions.key("banyandb.sink.max-tag-value-size")
          .memoryType()
          .defaultValue(MemorySize.parse("64kb"))
          .withDescription(
              "Largest string or binary tag or field value (UTF-8 bytes; each element of an"
                  + " array) the sink sends. A row with a larger one is not sent: it is a bad"
                  + " record (banyandb.sink.bad-record.mode). Keeps every write request far below"
                  + " gRPC's 4 MiB message limit, past which the server would end the whole"
                  + " write stream.");

  private BanyanDbSinkOptions() {}
}
