package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.attribution.AttributionCell;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Wires the attribution dimensions: a branch parallel to the minute cells, with operators (and
 * state) of its own, so that the metrics path keeps its state and uids and a savepoint of a job
 * without attribution restores into a job with it (the new operators start empty).
 *
 * <pre>{@code
 * AttributionPipeline.Partials p = AttributionPipeline.partials(points, analysis, attribution, clock);
 * DataStream<MinuteCell> cells = GenAiMetricsPipeline.cells(analysis, clock, p.metrics());
 * DataStream<AttributionCell> byTeam = AttributionPipeline.cells(analysis, attribution, clock, p.attributed());
 * }</pre>
 *
 * <p>The temporality stage (uid {@value GenAiMetricsPipeline#UID_TEMPORALITY}, unchanged state)
 * combines the same priced deltas it combines per leaf also per (service, attribute, value,
 * provider, model, minute) and sends them to a side output ({@link #PARTIALS}); then watermarks
 * [{@value #UID_WATERMARKS}], the per-attribute cardinality guard keyed by (service, attribute)
 * [{@value #UID_GUARD}], one-minute windows per (service, attribute, value, provider, model)
 * [{@value #UID_LEAF_WINDOW}] and per attribution cell [{@value #UID_CELL_WINDOW}].
 *
 * <p><b>How another signal joins</b> (spans): whatever it adds to {@link
 * GenAiMetricsPipeline#cells} it also adds here, as {@link AttributedLeaf} partials built with
 * {@link AttributionCombiner#add( LeafAggregate, String[])} from the values {@code
 * decode.AttributionValues} read from its records, with watermarks of its own ({@link
 * #watermarks}); then every attribute's cells still add up to the service cells.
 */
public final class AttributionPipeline {

  public static final String UID_WATERMARKS = "attribution-watermarks";
  public static final String UID_GUARD = "attribution-cardinality-guard";
  public static final String UID_LEAF_WINDOW = "attribution-leaf-window";
  public static final String UID_CELL_WINDOW = "attribution-cell-window";

  /** The temporality stage's side output of attribution partials. */
  public static final OutputTag<AttributedLeaf> PARTIALS =
      new OutputTag<>("attribution-partials", TypeInformation.of(AttributedLeaf.class));

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private AttributionPipeline() {}

  /**
   * The metrics path's partials: the leaf partials for {@link GenAiMetricsPipeline#cells} and, with
   * attribution enabled, the attribution partials (with watermarks) for {@link #cells}; else null.
   */
  public record Partials(
      DataStream<LeafAggregate> metrics, DataStream<AttributedLeaf> attributed) {}

  /** The metrics path up to the partials, with the attribution partials when enabled. */
  public static Partials partials(
      DataStream<ResourcePoints> points,
      AnalysisConfig config,
      AttributionConfig attribution,
      JobClock clock) {
    if (!attribution.enabled()) {
      return new Partials(GenAiMetricsPipeline.partials(points, config, clock), null);
    }
    SingleOutputStreamOperator<LeafAggregate> temporality =
        GenAiMetricsPipeline.temporality(points, config, clock, attribution.attributes(), PARTIALS);
    DataStream<AttributedLeaf> attributed =
        temporality
            .getSideOutput(PARTIALS)
            .assignTimestampsAndWatermarks(watermarks(config, clock))
            .uid(UID_WATERMARKS)
            .name("Attribution watermarks");
    return new Partials(
        GenAiMetricsPipeline.withWatermarks(temporality, config, clock), attributed);
  }

  /** Watermarks of attribution partials, as {@link GenAiMetricsPipeline#watermarks}. */
  public static WatermarkStrategy<AttributedLeaf> watermarks(
      AnalysisConfig config, JobClock clock) {
    long ooo = config.outOfOrderness().toMillis();
    long idle = config.idleTimeout().toMillis();
    return WatermarkStrategy.<AttributedLeaf>forGenerator(
            ctx -> new IdleAwareWatermarkGenerator<>(ooo, idle, clock))
        .withTimestampAssigner((partial, previous) -> partial.eventTimeMs());
  }

  /**
   * The attribution window stages: the attribution partials of all signals, each stream with its
   * timestamps and watermarks, through the guard and the two minute windows.
   *
   * @return the attribution minute cells; their side output {@link AttributionRollUps#MINUTE_PARTS}
   *     feeds the hour and day cells ({@link AttributionRollUps#build})
   */
  @SafeVarargs
  public static SingleOutputStreamOperator<AttributionCell> cells(
      AnalysisConfig config,
      AttributionConfig attribution,
      JobClock clock,
      DataStream<AttributedLeaf>... partials) {
    if (partials.length == 0) {
      throw new IllegalArgumentException("cells needs the partials of at least one signal");
    }
    DataStream<AttributedLeaf> all =
        partials.length == 1
            ? partials[0]
            : partials[0].union(Arrays.copyOfRange(partials, 1, partials.length));
    TypeInformation<AttributedLeaf> type = TypeInformation.of(AttributedLeaf.class);
    return all.keyBy(AttributedLeaf::guardKey)
        .process(
            new AttributionGuard(
                attribution.maxValuesPerAttribute(),
                config.maxProvidersPerService(),
                config.maxModelsPerService(),
                config.cardinalityTtl(),
                clock),
            type)
        .uid(UID_GUARD)
        .name("Attribution cardinality guard")
        .keyBy(AttributedLeaf::attributedLeafKey)
        .window(TumblingEventTimeWindows.of(MINUTE))
        .allowedLateness(config.allowedLateness())
        .aggregate(
            new AttributionAggregator(), new AttributionLeafWindowFunction(), type, type, type)
        .uid(UID_LEAF_WINDOW)
        .name("Attribution minute pre-aggregate")
        .keyBy(leaf -> leaf.cellGroupKey)
        .window(TumblingEventTimeWindows.of(MINUTE))
        .allowedLateness(config.allowedLateness())
        .process(
            new AttributionCellWindowFunction(config.percentileMethod()),
            TypeInformation.of(AttributionCell.class))
        .uid(UID_CELL_WINDOW)
        .name("Attribution minute cells");
  }
}
