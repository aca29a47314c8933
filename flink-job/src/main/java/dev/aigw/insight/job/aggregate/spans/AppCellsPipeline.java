package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.aggregate.IdleAwareWatermarkGenerator;
import dev.aigw.insight.job.aggregate.spans.dedup.SpanDeduplicator;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.SpanOptions;
import dev.aigw.insight.job.serialization.AppAggregateSerializer;
import dev.aigw.insight.job.serialization.CompactTypeInfo;
import dev.aigw.insight.job.serialization.SpanKeyTypeInfo;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.app.AppCell;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Wires the application cells: decoded LLM calls in, per-minute {@link AppCell}s out. A family of
 * its own beside the gateway's minute cells (other coordinates and values), built from the same
 * parts: the idle-aware watermarks, {@code HistogramAccumulator} and {@code Percentiles}.
 *
 * <p>Stages (uids in brackets): deduplication of (trace id, span id) within a TTL, the spans seen
 * held in memory and in bulk in keyed state [{@value #UID_DEDUP}]; the deduplicated calls gathered
 * into batches per application [{@value #UID_BATCH}], which pass the two guards as one record each:
 * the number of applications capped, further ones folded into {@code other} [{@value
 * #UID_APPLICATION_GUARD}]; providers and models capped per application by the gateway cells' rule
 * [{@value #UID_GUARD}]; the batches split into calls again [{@value #UID_SPLIT}]; watermarks on
 * the span end times, idle-aware as the metrics' [{@value #UID_WATERMARKS}]; the calls combined
 * into partials per (application, provider, model, minute), flushed before every watermark and
 * checkpoint barrier [{@value #UID_COMBINE}]; one copy of each partial per {@link
 * dev.aigw.insight.schema.app.AppDimension} [{@value #UID_FAN_OUT}]; one-minute event-time windows
 * per cell merging the partials [{@value #UID_CELL_WINDOW}], whose late calls are counted [{@value
 * #UID_LATE}].
 *
 * <p>The deduplication's uid changed with its key type (the binary {@code SpanKey} instead of the
 * 48-character string; the former {@code genai-span-dedup} is in no released savepoint, 0.1.0 and
 * 0.2.0 predate the span path). Its state changed again since (chunks per key group and slice of
 * time instead of a value per span) under the same uid: it reads the former values on restore. The
 * guards kept their uids: their state is the same.
 *
 * <p>The window's uid changed with its state type (the hand-written {@code AppAggregateSerializer}
 * instead of the POJO serializer; the former {@code genai-app-cell-window} is in no released
 * savepoint).
 */
public final class AppCellsPipeline {

  public static final String UID_DEDUP = "genai-span-dedup-v2";
  public static final String UID_BATCH = "genai-span-batch";
  public static final String UID_SPLIT = "genai-span-batch-split";
  public static final String UID_GUARD = "genai-app-cardinality-guard";
  public static final String UID_APPLICATION_GUARD = "genai-app-application-guard";
  public static final String UID_WATERMARKS = "genai-span-watermarks";
  public static final String UID_COMBINE = "genai-app-cell-combine";
  public static final String UID_FAN_OUT = "genai-app-cell-fan-out";
  public static final String UID_CELL_WINDOW = "genai-app-cell-window-v2";
  public static final String UID_LATE = "genai-app-late-calls";
  public static final String UID_LATE_SINK = "genai-app-late-calls-discard";

  /** The partials and window state of the application cells. */
  static final TypeInformation<AppAggregate> AGGREGATE =
      new CompactTypeInfo<>(AppAggregate.class, AppAggregateSerializer.INSTANCE);

  /** The deduplicated calls of one application, through the guards. */
  static final TypeInformation<AppCallBatch> BATCH = TypeInformation.of(AppCallBatch.class);

  /** Partials (combined calls) that reached their window after the allowed lateness. */
  public static final OutputTag<AppAggregate> LATE_CALLS =
      new OutputTag<>("genai-app-late-calls", AGGREGATE);

  private AppCellsPipeline() {}

  /**
   * The application cells of {@code calls}; {@code clock} drives the watermarks' idle advance and
   * cap, as for the metrics.
   *
   * @param dedupTtl how long a span's ids are remembered
   */
  public static DataStream<AppCell> build(
      DataStream<LlmCall> calls, AnalysisConfig config, Duration dedupTtl, JobClock clock) {
    return cells(countedCalls(calls, config, dedupTtl, clock), config, clock);
  }

  /**
   * {@link #countedCalls(DataStream, AnalysisConfig, Duration, int, JobClock)} with the default cap
   * of applications ({@link SpanOptions#MAX_APPLICATIONS}).
   */
  public static DataStream<LlmCall> countedCalls(
      DataStream<LlmCall> calls, AnalysisConfig config, Duration dedupTtl, JobClock clock) {
    return countedCalls(
        calls, config, dedupTtl, SpanOptions.MAX_APPLICATIONS.defaultValue(), clock);
  }

  /**
   * The calls as the cells count them: deduplicated, names capped (at most {@code maxApplications}
   * applications), with timestamps and watermarks (the input of {@link #cells} and of the
   * attribution cells, {@link AppAttributionPipeline}).
   */
  public static DataStream<LlmCall> countedCalls(
      DataStream<LlmCall> calls,
      AnalysisConfig config,
      Duration dedupTtl,
      int maxApplications,
      JobClock clock) {
    return countedCalls(
        calls,
        config,
        dedupTtl,
        SpanOptions.DEDUP_MEMORY.defaultValue().getBytes(),
        maxApplications,
        clock);
  }

  /**
   * The same with a deduplication that remembers spans in {@code dedupMemoryBytes} of heap per
   * subtask at most ({@link SpanOptions#DEDUP_MEMORY}).
   */
  public static DataStream<LlmCall> countedCalls(
      DataStream<LlmCall> calls,
      AnalysisConfig config,
      Duration dedupTtl,
      long dedupMemoryBytes,
      int maxApplications,
      JobClock clock) {
    return calls
        .keyBy(LlmCall::dedupKey, SpanKeyTypeInfo.INSTANCE)
        .transform(
            "GenAI spans: deduplicate (trace id, span id)",
            TypeInformation.of(LlmCall.class),
            new SpanDeduplicator(dedupTtl, dedupMemoryBytes))
        .uid(UID_DEDUP)
        .name("GenAI spans: deduplicate (trace id, span id)")
        .transform("GenAI spans: batch per application", BATCH, new AppCallBatcher())
        .uid(UID_BATCH)
        .name("GenAI spans: batch per application")
        .keyBy(AppApplicationBatchGuard.ALL, Types.STRING)
        .process(new AppApplicationBatchGuard(maxApplications, config.cardinalityTtl(), clock))
        .uid(UID_APPLICATION_GUARD)
        .name("GenAI spans: application cap")
        .keyBy(AppCallBatch::application, Types.STRING)
        .process(
            new AppCardinalityBatchGuard(
                config.maxProvidersPerService(),
                config.maxModelsPerService(),
                config.cardinalityTtl(),
                clock))
        .uid(UID_GUARD)
        .name("GenAI spans: cardinality guard")
        .flatMap(new AppCallBatchSplitter())
        .returns(LlmCall.class)
        .uid(UID_SPLIT)
        .name("GenAI spans: calls of the batches")
        .assignTimestampsAndWatermarks(watermarks(config, clock))
        .uid(UID_WATERMARKS)
        .name("GenAI spans: watermarks");
  }

  /** The application cells of {@link #countedCalls}, combined on {@link JobClock#SYSTEM}. */
  public static SingleOutputStreamOperator<AppCell> cells(
      DataStream<LlmCall> countedCalls, AnalysisConfig config) {
    return cells(countedCalls, config, JobClock.SYSTEM);
  }

  /**
   * The application cells of {@link #countedCalls}; {@code clock} times the combiner's flushes
   * ({@code analysis.combine.flush-interval}, as for the metrics).
   */
  public static SingleOutputStreamOperator<AppCell> cells(
      DataStream<LlmCall> countedCalls, AnalysisConfig config, JobClock clock) {
    DataStream<AppAggregate> targets =
        countedCalls
            .transform(
                "GenAI spans: combine per cell and minute",
                AGGREGATE,
                new AppCombineOperator(config.combineFlushInterval(), clock))
            .uid(UID_COMBINE)
            .name("GenAI spans: combine per cell and minute")
            .flatMap(new AppCellFanOut())
            .returns(AGGREGATE)
            .uid(UID_FAN_OUT)
            .name("GenAI spans: one partial per cell");

    SingleOutputStreamOperator<AppCell> cells =
        targets
            .keyBy(AppCellFanOut.CELL, Types.STRING)
            .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
            .allowedLateness(config.allowedLateness())
            .sideOutputLateData(LATE_CALLS)
            .aggregate(
                new AppCellAggregator(),
                new AppCellWindowFunction(config.percentileMethod()),
                AGGREGATE,
                AGGREGATE,
                TypeInformation.of(AppCell.class))
            .uid(UID_CELL_WINDOW)
            .name("GenAI application minute cells");

    cells
        .getSideOutput(LATE_CALLS)
        .process(new LateSpanCounter())
        .uid(UID_LATE)
        .name("GenAI late spans (counted, dropped)")
        .sinkTo(new DiscardingSink<>())
        .uid(UID_LATE_SINK)
        .name("GenAI late spans discard");
    return cells;
  }

  /** Event time = the span's end; idle-aware as the metrics' watermarks. */
  static WatermarkStrategy<LlmCall> watermarks(AnalysisConfig config, JobClock clock) {
    long ooo = config.outOfOrderness().toMillis();
    long idle = config.idleTimeout().toMillis();
    return WatermarkStrategy.<LlmCall>forGenerator(
            ctx -> new IdleAwareWatermarkGenerator<>(ooo, idle, clock))
        .withTimestampAssigner((call, previous) -> call.eventTimeMs());
  }
}
