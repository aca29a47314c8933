package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.cell.CellResolution;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The exact hour and day cells of the application attribution cells (spans), as {@link AppRollUps}
 * builds them for the application cells: every attribution minute cell's merged aggregate (bucket
 * counts, sums, counts, with attribute, value, period and version: an {@link
 * AppAttributionPeriodAggregate}) is rolled up per attribution cell into hour windows, and every
 * hour's into day windows.
 *
 * <pre>
 * app attribution minute cells [genai-app-attribution-cell-window] ──MINUTE_PARTS──▶ hours [genai-app-attribution-hour-window]
 *                                                                    ──HOUR_PARTS──▶ days [genai-app-attribution-day-window]
 * </pre>
 *
 * <p>The window function is the application roll-ups' own, generic over the part ({@link
 * AppPeriodRollUpFunction}); {@link AppAttributionRollUpFunction} only says how a sum becomes an
 * {@link AppAttributionCell}. Late calls re-fire their minute, whose newer aggregate replaces the
 * old one in its hour, which re-fires and replaces its aggregate in the day, as for the application
 * cells. The operators are new (their own uids and state), and the minute window keeps its uid and
 * state (the side output adds none), so a savepoint of a job without them restores into a job with
 * them.
 */
public final class AppAttributionRollUps {

  public static final String UID_HOUR_WINDOW = "genai-app-attribution-hour-window";
  public static final String UID_DAY_WINDOW = "genai-app-attribution-day-window";

  /** The parts handed between the windows, and the roll-up windows' state. */
  static final TypeInformation<AppAttributionPeriodAggregate> PART =
      TypeInformation.of(AppAttributionPeriodAggregate.class);

  /** The attribution minute window's aggregates (one per cell and firing), input of the hours. */
  public static final OutputTag<AppAttributionPeriodAggregate> MINUTE_PARTS =
      new OutputTag<>("genai-app-attribution-minute-parts", PART);

  /** The hour window's aggregates (one per cell and firing), input of the days. */
  public static final OutputTag<AppAttributionPeriodAggregate> HOUR_PARTS =
      new OutputTag<>("genai-app-attribution-rollup-parts", PART);

  /** The application attribution hour and day cells. */
  public record RollUps(
      DataStream<AppAttributionCell> hours, DataStream<AppAttributionCell> days) {}

  private AppAttributionRollUps() {}

  /** The hour and day cells of the cells built by {@link AppAttributionPipeline#cells}. */
  public static RollUps build(
      SingleOutputStreamOperator<AppAttributionCell> minuteCells, AnalysisConfig config) {
    SingleOutputStreamOperator<AppAttributionCell> hours =
        rollUp(
            minuteCells.getSideOutput(MINUTE_PARTS),
            CellResolution.HOUR,
            config,
            UID_HOUR_WINDOW,
            "GenAI application attribution hour cells");
    SingleOutputStreamOperator<AppAttributionCell> days =
        rollUp(
            hours.getSideOutput(HOUR_PARTS),
            CellResolution.DAY,
            config,
            UID_DAY_WINDOW,
            "GenAI application attribution day cells");
    return new RollUps(hours, days);
  }

  /**
   * One roll-up: per attribution cell, tumbling event-time windows of the resolution's length
   * (UTC-aligned), the same allowed lateness as the minutes; a part's event time is the end of its
   * shorter period (a window output's timestamp), so each falls into the period holding it.
   */
  private static SingleOutputStreamOperator<AppAttributionCell> rollUp(
      DataStream<AppAttributionPeriodAggregate> parts,
      CellResolution resolution,
      AnalysisConfig config,
      String uid,
      String name) {
    return parts
        .keyBy(AppAttributionPeriodAggregate::cellKey, Types.STRING)
        .window(TumblingEventTimeWindows.of(Duration.ofMillis(resolution.periodMs())))
        .allowedLateness(config.allowedLateness())
        .process(
            new AppAttributionRollUpFunction(resolution, config.percentileMethod()),
            TypeInformation.of(AppAttributionCell.class))
        .uid(uid)
        .name(name);
  }
}
