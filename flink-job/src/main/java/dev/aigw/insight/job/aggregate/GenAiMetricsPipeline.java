package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.temporality.SeriesTemporality;
import dev.aigw.insight.job.temporality.SeriesTemporalityOperator;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Wires the GenAI analysis: decoded points (grouped per resource) in, per-minute cells out; and the
 * window stages any other signal joins at the per-leaf partial.
 *
 * <pre>{@code
 * AnalysisConfig config = AnalysisConfig.fromConfiguration(conf);
 * DataStream<ResourcePoints> points =
 *     env.fromSource(otlpSource(new ResourcePointsDecoder(GenAiMetricDecoder.create(config))),
 *         WatermarkStrategy.noWatermarks(), "otlp");
 * DataStream<MinuteCell> cells = GenAiMetricsPipeline.build(points, config);
 * }</pre>
 *
 * <p>{@link #build} is {@link #partials} (the metrics path's own stages) followed by {@link #cells}
 * (the window stages shared by every signal).
 *
 * <p><b>How a new signal joins.</b> Its partials operator turns its decoded items into {@link
 * LeafAggregate}s (one per (service, instance, provider, model), event time in {@link
 * LeafAggregate#eventTimeMs}), assigns its own watermarks (for example {@link #watermarks}, so that
 * the signal goes idle on its own), and hands them to {@link #cells} together with the metrics
 * path's partials:
 *
 * <pre>{@code
 * DataStream<LeafAggregate> metricPartials = GenAiMetricsPipeline.partials(points, config, clock);
 * DataStream<LeafAggregate> spanPartials =
 *     spans.keyBy(...).process(new SpanPartials(...)).uid("genai-span-partials")
 *         .assignTimestampsAndWatermarks(GenAiMetricsPipeline.watermarks(config, clock))
 *         .uid("genai-span-watermarks");
 * DataStream<MinuteCell> cells = GenAiMetricsPipeline.cells(config, clock, metricPartials, spanPartials);
 * }</pre>
 *
 * <p>The metrics path does not change for it: the window stages keep their uids, and the windows
 * fire on the smallest watermark of all the signals that are not idle.
 *
 * <p>Stages (uids in brackets): temporality keyed by resource — CUMULATIVE to delta, DELTA
 * duplicate suppression, pricing, and the combination of the deltas per leaf and minute into
 * partial aggregates, sent on periodically and before each checkpoint barrier [{@value
 * #UID_TEMPORALITY}]; watermarks on the partials [{@value #UID_WATERMARKS}]; then, for every
 * signal: cardinality guard keyed by service [{@value #UID_GUARD}]; one-minute event-time windows
 * per (service, instance, provider, model) [{@value #UID_LEAF_WINDOW}], whose late points are
 * counted [{@value #UID_LATE}]; per-cell merge windows [{@value #UID_CELL_WINDOW}].
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
  public static SingleOutputStreamOperator<MinuteCell> build(
      DataStream<ResourcePoints> points, AnalysisConfig config) {
    return build(points, config, JobClock.SYSTEM);
  }

  /**
   * Builds the analysis; {@code clock} drives every time-driven part: the combiner's flush
   * interval, the series and cardinality TTLs and the watermarks (their idle advance, and the cap
   * that keeps them behind the clock): the system clock in production, the test's clock in tests.
   */
  public static SingleOutputStreamOperator<MinuteCell> build(
      DataStream<ResourcePoints> points, AnalysisConfig config, JobClock clock) {
    return cells(config, clock, partials(points, config, clock));
  }

  /**
   * The metrics path up to the per-leaf partial: temporality, pricing and combination per resource,
   * then watermarks on the partials. Its output joins {@link #cells}.
   */
  public static DataStream<LeafAggregate> partials(
      DataStream<ResourcePoints> points, AnalysisConfig config, JobClock clock) {
    return withWatermarks(temporality(points, config, clock, null, null), config, clock);
  }

  /**
   * The temporality stage [{@value #UID_TEMPORALITY}], before watermarks. With {@code attributes}
   * and {@code attributionTag} (both non-null), it also sends the attribution partials of those
   * attributes to that side output ({@link AttributionPipeline}); its state is the same either way.
   */
  static SingleOutputStreamOperator<LeafAggregate> temporality(
      DataStream<ResourcePoints> points,
      AnalysisConfig config,
      JobClock clock,
      List<String> attributes,
      OutputTag<AttributedLeaf> attributionTag) {
    return points
        .keyBy(batch -> batch.resourceKey)
        .transform(
            "GenAI temporality, pricing and combine",
            TypeInformation.of(LeafAggregate.class),
            new SeriesTemporalityOperator(
                new SeriesTemporality(
                        config.firstPointGrace(),
                        config.seriesTtl(),
                        config.priceTable(),
                        config.maxSeriesPerResource(),
                        clock)
                    .withAttribution(attributes),
                config.combineFlushInterval(),
                attributionTag))
        .uid(UID_TEMPORALITY)
        .name("GenAI temporality, pricing and combine");
  }

  /** The watermarks on the temporality stage's partials [{@value #UID_WATERMARKS}]. */
  static DataStream<LeafAggregate> withWatermarks(
      SingleOutputStreamOperator<LeafAggregate> temporality,
      AnalysisConfig config,
      JobClock clock) {
    // Watermarks are generated on the partials, chained to the temporality stage: the event times
    // are those of the points, and each subtask goes idle on its own when its resources stop.
    return temporality
        .assignTimestampsAndWatermarks(watermarks(config, clock))
        .uid(UID_WATERMARKS)
        .name("GenAI watermarks");
  }

  /**
   * The watermarks of a signal's partials: event time from {@link LeafAggregate#eventTimeMs}, the
   * configured out-of-orderness, and idleness after the configured idle timeout of {@code clock}.
   * Assign them right after a signal's partials operator, chained to it.
   */
  public static WatermarkStrategy<LeafAggregate> watermarks(AnalysisConfig config, JobClock clock) {
    long ooo = config.outOfOrderness().toMillis();
    long idle = config.idleTimeout().toMillis();
    return WatermarkStrategy.<LeafAggregate>forGenerator(
            ctx ->
                new IdleAwareWatermarkGenerator<LeafAggregate>(ooo, idle, clock)
                    .registerLagGauge(ctx.getMetricGroup()))
        .withTimestampAssigner((partial, previous) -> partial.eventTimeMs());
  }

  /**
   * The window stages every signal shares: the partials of all signals, each stream with its
   * timestamps and watermarks assigned, through the cardinality guard, the per-leaf minute windows
   * (late partials counted and dropped) and the per-cell minute windows. {@code clock} is the job's
   * clock (the cardinality guard's TTL), the one the partials were built with.
   *
   * @param partials one stream per signal; at least one
   * @return the minute cells; their side output {@link RollUpPipeline#MINUTE_PARTS} feeds the hour
   *     and day cells ({@link RollUpPipeline#build})
   */
  @SafeVarargs
  public static SingleOutputStreamOperator<MinuteCell> cells(
      AnalysisConfig config, JobClock clock, DataStream<LeafAggregate>... partials) {
    if (partials.length == 0) {
      throw new IllegalArgumentException("cells needs the partials of at least one signal");
    }
    DataStream<LeafAggregate> all =
        partials.length == 1
            ? partials[0]
            : partials[0].union(Arrays.copyOfRange(partials, 1, partials.length));

    DataStream<LeafAggregate> guarded =
        all.keyBy(partial -> partial.service)
            .process(
                new CardinalityGuard(
                    config.maxProvidersPerService(),
                    config.maxModelsPerService(),
                    config.cardinalityTtl(),
                    clock))
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
