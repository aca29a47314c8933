package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellResolution;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The exact hour and day cells of the attribution cells, as {@link RollUpPipeline} builds them for
 * the gateway cells (and with its windows): every attribution minute cell's mergeable aggregate (an
 * {@link AttributedLeaf}: bucket counts, sums, counts, with its attribute, value and target) is
 * rolled up per attribution cell into hour windows, and every hour's into day windows.
 *
 * <pre>
 * attribution minute cells [attribution-cell-window] ──MINUTE_PARTS──▶ hours [genai-attribution-hour-window]
 *                                                      ──HOUR_PARTS──▶ days [genai-attribution-day-window]
 * </pre>
 *
 * <p>Late data re-fires its minute, whose newer aggregate replaces the old one in its hour, which
 * re-fires and replaces its aggregate in the day (docs/analysis.md, "Hour and day cells"). The
 * operators are new (their own uids and state), so a savepoint of a job without them restores into
 * a job with them; the gateway roll-ups keep their uids and state types.
 */
public final class AttributionRollUps {

  public static final String UID_HOUR_WINDOW = "genai-attribution-hour-window";
  public static final String UID_DAY_WINDOW = "genai-attribution-day-window";

  /** The attribution minute window's aggregates (one per cell and firing), input of the hours. */
  public static final OutputTag<AttributedLeaf> MINUTE_PARTS =
      new OutputTag<>("attribution-minute-parts", TypeInformation.of(AttributedLeaf.class));

  /** The hour window's aggregates (one per cell and firing), input of the days. */
  public static final OutputTag<AttributedLeaf> HOUR_PARTS =
      new OutputTag<>("attribution-rollup-parts", TypeInformation.of(AttributedLeaf.class));

  /** The attribution hour and day cells. */
  public record RollUps(DataStream<AttributionCell> hours, DataStream<AttributionCell> days) {}

  private AttributionRollUps() {}

  /** The hour and day cells of the attribution cells built by {@link AttributionPipeline#cells}. */
  public static RollUps build(
      SingleOutputStreamOperator<AttributionCell> minuteCells, AnalysisConfig config) {
    SingleOutputStreamOperator<AttributionCell> hours =
        rollUp(
            minuteCells.getSideOutput(MINUTE_PARTS),
            CellResolution.HOUR,
            config,
            UID_HOUR_WINDOW,
            "Attribution hour cells");
    SingleOutputStreamOperator<AttributionCell> days =
        rollUp(
            hours.getSideOutput(HOUR_PARTS),
            CellResolution.DAY,
            config,
            UID_DAY_WINDOW,
            "Attribution day cells");
    return new RollUps(hours, days);
  }

  private static SingleOutputStreamOperator<AttributionCell> rollUp(
      DataStream<AttributedLeaf> parts,
      CellResolution resolution,
      AnalysisConfig config,
      String uid,
      String name) {
    return RollUpPipeline.rollUp(
        parts,
        resolution,
        config,
        new AttributionRollUpFunction(resolution, config.percentileMethod()),
        TypeInformation.of(AttributionCell.class),
        uid,
        name);
  }
}
