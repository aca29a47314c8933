package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MinuteCell;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.temporality.CumulativeToDelta;
import dev.aigw.insight.job.temporality.DeltaDeduplicator;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Wires the GenAI metrics analysis: decoded points in, per-minute cells out.
 *
 * <pre>{@code
 * AnalysisConfig config = AnalysisConfig.fromConfiguration(conf);
 * DataStream<GenAiPoint> points =
 *     env.fromSource(otlpSource(GenAiMetricDecoder.create(config)), WatermarkStrategy.noWatermarks(), "otlp");
 * DataStream<MinuteCell> cells = GenAiMetricsPipeline.build(points, config);
 * }</pre>
 *
 * <p>Stages (uids in brackets): watermarks [{@value #UID_WATERMARKS}]; CUMULATIVE → delta keyed by
 * resource [{@value #UID_CUMULATIVE}]; DELTA duplicate suppression keyed by series [{@value
 * #UID_DELTA_DEDUP}]; pricing in each branch [{@value #UID_PRICE_CUMULATIVE}, {@value
 * #UID_PRICE_DELTA}]; cardinality guard keyed by service [{@value #UID_GUARD}]; one-minute
 * event-time windows per (service, instance, provider, model) [{@value #UID_LEAF_WINDOW}], whose
 * late points are counted [{@value #UID_LATE}]; per-cell merge windows [{@value #UID_CELL_WINDOW}].
 */
public final class GenAiMetricsPipeline {

  public static final String UID_WATERMARKS = "genai-watermarks";
  public static final String UID_CUMULATIVE = "genai-cumulative-to-delta";
  public static final String UID_DELTA_DEDUP = "genai-delta-dedup";
  public static final String UID_PRICE_CUMULATIVE = "genai-price-cumulative";
  public static final String UID_PRICE_DELTA = "genai-price-delta";
  public static final String UID_GUARD = "genai-cardinality-guard";
  public static final String UID_LEAF_WINDOW = "genai-leaf-window";
  public static final String UID_LATE = "genai-late-points";
  public static final String UID_LATE_SINK = "genai-late-points-discard";
  public static final String UID_CELL_WINDOW = "genai-cell-window";

  /** Late points of the leaf windows (beyond the allowed lateness). */
  public static final OutputTag<GenAiPoint> LATE_POINTS =
      new OutputTag<>("genai-late-points", TypeInformation.of(GenAiPoint.class));

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private GenAiMetricsPipeline() {}

  /** Builds the analysis with processing time from the system clock. */
  public static DataStream<MinuteCell> build(DataStream<GenAiPoint> points, AnalysisConfig config) {
    return build(points, config, System::currentTimeMillis);
  }

  /** Builds the analysis; {@code clock} drives the idle watermark advance (tests). */
  public static DataStream<MinuteCell> build(
      DataStream<GenAiPoint> points,
      AnalysisConfig config,
      IdleAwareWatermarkGenerator.Clock clock) {
    // Watermarks and the temporality split run chained at the input's parallelism: a rebalance
    // before the keyed temporality operators would reorder the points of a series.
    int parallelism = points.getParallelism();
    long ooo = config.outOfOrderness().toMillis();
    long idle = config.idleTimeout().toMillis();
    WatermarkStrategy<GenAiPoint> watermarks =
        WatermarkStrategy.<GenAiPoint>forGenerator(
                ctx -> new IdleAwareWatermarkGenerator<>(ooo, idle, clock))
            .withTimestampAssigner((p, previous) -> p.timeMillis());
    DataStream<GenAiPoint> timed =
        points
            .assignTimestampsAndWatermarks(watermarks)
            .setParallelism(parallelism)
            .uid(UID_WATERMARKS)
            .name("GenAI watermarks");

    DataStream<GenAiPoint> fromCumulative =
        timed
            .filter(p -> p.temporality == Temporality.CUMULATIVE)
            .setParallelism(parallelism)
            .name("GenAI cumulative points")
            .keyBy(p -> p.resourceKey)
            .process(new CumulativeToDelta(config.firstPointGrace(), config.seriesTtl()))
            .uid(UID_CUMULATIVE)
            .name("GenAI cumulative to delta")
            // priced in each branch, chained: after the union it would cost a serialization hop
            .map(new PriceTagger(config.priceTable()))
            .uid(UID_PRICE_CUMULATIVE)
            .name("GenAI price (cumulative)");
    DataStream<GenAiPoint> fromDelta =
        timed
            .filter(p -> p.temporality == Temporality.DELTA)
            .setParallelism(parallelism)
            .name("GenAI delta points")
            .keyBy(p -> p.seriesKey)
            .process(new DeltaDeduplicator(config.seriesTtl()))
            .uid(UID_DELTA_DEDUP)
            .name("GenAI delta dedup")
            .map(new PriceTagger(config.priceTable()))
            .uid(UID_PRICE_DELTA)
            .name("GenAI price (delta)");

    DataStream<GenAiPoint> guarded =
        fromCumulative
            .union(fromDelta)
            .keyBy(p -> p.service)
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

  /** Stage 1: per (service, instance, provider, model) and minute; late points to a side output. */
  static SingleOutputStreamOperator<LeafAggregate> leafWindows(
      DataStream<GenAiPoint> points, AnalysisConfig config) {
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
