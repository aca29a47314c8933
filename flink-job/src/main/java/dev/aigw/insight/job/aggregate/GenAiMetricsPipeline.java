package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.temporality.SeriesTemporality;
import dev.aigw.insight.job.temporality.SeriesTemporalityOperator;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Wires the GenAI metrics analysis: decoded points (grouped per resource) in, per-minute cells out.
 *
 * <pre>{@code
 * AnalysisConfig config = AnalysisConfig.fromConfiguration(conf);
 * DataStream<ResourcePoints> points =
 *     env.fromSource(otlpSource(new ResourcePointsDecoder(GenAiMetricDecoder.create(config))),
 *         WatermarkStrategy.noWatermarks(), "otlp");
 * DataStream<MinuteCell> cells = GenAiMetricsPipeline.build(points, config);
 * }</pre>
 *
 * <p>Stages (uids in brackets): temporality keyed by resource — CUMULATIVE to delta, DELTA
 * duplicate suppression, pricing, and the combination of the deltas per leaf and minute into
 * partial aggregates, sent on periodically and before each checkpoint barrier [{@value
 * #UID_TEMPORALITY}]; watermarks on the partials [{@value #UID_WATERMARKS}]; cardinality guard
 * keyed by service [{@value #UID_GUARD}]; one-minute event-time windows per (service, instance,
 * provider, model) [{@value #UID_LEAF_WINDOW}], whose late points are counted [{@value #UID_LATE}];
 * per-cell merge windows [{@value #UID_CELL_WINDOW}].
 */
public final class GenAiMetricsPipeline {

  /** The temporality stage; the uid of 0.1.0's cumulative stage, whose state it takes over. */
  public static final String UID_TEMPORALITY = "genai-cumulative-to-delta";

  public static final String UID_WATERMARKS = "genai-watermarks";
  public static final String UID_GUARD = "genai-cardinality-guard";
  public static final String UID_LEAF_WINDOW = "genai-leaf-window";
  public static final String UID_LATE = "genai-late-points";
  public static final String UID_LATE_SINK = "genai-late-points-discard";
  public static final String UID_CELL_WINDOW = "genai-cell-window";

  /**
   * The uid of 0.1.0's DELTA duplicate suppression, keyed by series. Its state (the recent
   * intervals of each series) cannot be regrouped by resource; a 0.1.0 savepoint is therefore
   * restored with non-restored state allowed (docs/operations.md).
   */
  public static final String UID_LEGACY_DELTA_DEDUP = "genai-delta-dedup";

  /** Late partial aggregates of the leaf windows (beyond the allowed lateness). */
  public static final OutputTag<LeafAggregate> LATE_POINTS =
      new OutputTag<>("genai-late-points", TypeInformation.of(LeafAggregate.class));

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private GenAiMetricsPipeline() {}

  /** Builds the analysis with processing time from the system clock. */
  public static DataStream<MinuteCell> build(
      DataStream<ResourcePoints> points, AnalysisConfig config) {
    return build(points, config, JobClock.SYSTEM);
  }

  /**
   * Builds the analysis; {@code clock} drives the watermarks (their idle advance, and the cap that
   * keeps them behind the clock): the system clock in production, the test's clock in tests.
   */
  public static DataStream<MinuteCell> build(
      DataStream<ResourcePoints> points, AnalysisConfig config, JobClock clock) {
    long ooo = config.outOfOrderness().toMillis();
    long idle = config.idleTimeout().toMillis();
    WatermarkStrategy<LeafAggregate> watermarks =
        WatermarkStrategy.<LeafAggregate>forGenerator(
                ctx -> new IdleAwareWatermarkGenerator<>(ooo, idle, clock))
            .withTimestampAssigner((partial, previous) -> partial.eventTimeMs());

    // Watermarks are generated on the partials, chained to the temporality stage: the event times
    // are those of the points, and each subtask goes idle on its own when its resources stop.
    DataStream<LeafAggregate> partials =
        points
            .keyBy(batch -> batch.resourceKey)
            .transform(
                "GenAI temporality, pricing and combine",
                TypeInformation.of(LeafAggregate.class),
                new SeriesTemporalityOperator(
                    new SeriesTemporality(
                        config.firstPointGrace(),
                        config.seriesTtl(),
                        config.priceTable(),
                        config.maxSeriesPerResource()),
                    config.combineFlushInterval()))
            .uid(UID_TEMPORALITY)
            .name("GenAI temporality, pricing and combine")
            .assignTimestampsAndWatermarks(watermarks)
            .uid(UID_WATERMARKS)
            .name("GenAI watermarks");

    DataStream<LeafAggregate> guarded =
        partials
            .keyBy(partial -> partial.service)
            .process(
                new CardinalityGuard(
                    config.maxProvidersPerService(),
                    config.maxModelsPerService(),
                    config.cardinalityTtl()))
            .uid(UID_GUARD)
            .name("GenAI cardinality guard");

    SingleOutputStreamOperator<LeafAggregate> leaves = leafWindows(guarded, config);

    leaves
        .getSideOutput(LATE_POINTS)
        .process(new LatePointCounter())
        .uid(UID_LATE)
        .name("GenAI late points (counted, dropped)")
        .sinkTo(new DiscardingSink<>())
        .uid(UID_LATE_SINK)
        .name("GenAI late points discard");

    return cellWindows(leaves, config);
  }

  /**
   * Stage 1: per (service, instance, provider, model) and minute; late partials to a side output.
   */
  static SingleOutputStreamOperator<LeafAggregate> leafWindows(
      DataStream<LeafAggregate> points, AnalysisConfig config) {
    return points
        .keyBy(LeafAggregate::leafKey)
        .window(TumblingEventTimeWindows.of(MINUTE))
        .allowedLateness(config.allowedLateness())
        .sideOutputLateData(LATE_POINTS)
        .aggregate(
            new LeafAggregator(),
            new LeafWindowFunction(),
            TypeInformation.of(LeafAggregate.class),
            TypeInformation.of(LeafAggregate.class),
            TypeInformation.of(LeafAggregate.class))
        .uid(UID_LEAF_WINDOW)
        .name("GenAI minute pre-aggregate");
  }

  /** Stage 2: merges the newest version of each leaf into its cells. */
  static SingleOutputStreamOperator<MinuteCell> cellWindows(
      DataStream<LeafAggregate> leaves, AnalysisConfig config) {
    return leaves
        .keyBy(leaf -> leaf.cellGroupKey)
        .window(TumblingEventTimeWindows.of(MINUTE))
        .allowedLateness(config.allowedLateness())
        .process(
            new CellWindowFunction(config.percentileMethod()), TypeInformation.of(MinuteCell.class))
        .uid(UID_CELL_WINDOW)
        .name("GenAI minute cells");
  }
}
