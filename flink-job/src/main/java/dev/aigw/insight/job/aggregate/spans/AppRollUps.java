package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.cell.CellResolution;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The exact hour and day cells of the application cells (spans), as {@code RollUpPipeline} builds
 * them for the gateway cells: every application minute cell's merged {@link AppAggregate} (bucket
 * counts, sums, counts, with its period and version: an {@link AppPeriodAggregate}) is rolled up
 * per cell into hour windows, and every hour's into day windows.
 *
 * <pre>
 * application minute cells [genai-app-cell-window-v2] ──MINUTE_PARTS──▶ hours [genai-app-hour-cell-window]
 *                                                       ──HOUR_PARTS──▶ days [genai-app-day-cell-window]
 * </pre>
 *
 * <p>A dedicated window function ({@link AppRollUpFunction}), not the gateway's generic {@code
 * RollUpFunction}: the application aggregate is no {@code LeafAggregate}. Late data re-fires its
 * minute, whose newer aggregate replaces the old one in its hour, which re-fires and replaces its
 * aggregate in the day; a minute re-fires only while the watermark is below its end plus the
 * allowed lateness, never after its hour's or day's end plus the same lateness, so a late minute
 * always reaches its hour and day. The operators are new (their own uids and state), so a savepoint
 * of a job without them restores into a job with them.
 */
public final class AppRollUps {

  public static final String UID_HOUR_WINDOW = "genai-app-hour-cell-window";
  public static final String UID_DAY_WINDOW = "genai-app-day-cell-window";

  /** The parts handed between the windows, and the roll-up windows' state. */
  static final TypeInformation<AppPeriodAggregate> PART =
      TypeInformation.of(AppPeriodAggregate.class);

  /** The application minute window's aggregates (one per cell and firing), input of the hours. */
  public static final OutputTag<AppPeriodAggregate> MINUTE_PARTS =
      new OutputTag<>("genai-app-minute-parts", PART);

  /** The hour window's aggregates (one per cell and firing), input of the days. */
  public static final OutputTag<AppPeriodAggregate> HOUR_PARTS =
      new OutputTag<>("genai-app-rollup-parts", PART);

  /** The application hour and day cells. */
  public record RollUps(DataStream<AppCell> hours, DataStream<AppCell> days) {}

  private AppRollUps() {}

  /** The hour and day cells of the application cells built by {@link AppCellsPipeline#cells}. */
  public static RollUps build(
      SingleOutputStreamOperator<AppCell> minuteCells, AnalysisConfig config) {
    SingleOutputStreamOperator<AppCell> hours =
        rollUp(
            minuteCells.getSideOutput(MINUTE_PARTS),
            CellResolution.HOUR,
            config,
            UID_HOUR_WINDOW,
            "GenAI application hour cells");
    SingleOutputStreamOperator<AppCell> days =
        rollUp(
            hours.getSideOutput(HOUR_PARTS),
            CellResolution.DAY,
            config,
            UID_DAY_WINDOW,
            "GenAI application day cells");
    return new RollUps(hours, days);
  }

  /**
   * One roll-up: per application cell, tumbling event-time windows of the resolution's length
   * (UTC-aligned), the same allowed lateness as the minutes. The parts' event time is the end of
   * their shorter period (a window output's timestamp), so each falls into the period holding it.
   */
  private static SingleOutputStreamOperator<AppCell> rollUp(
      DataStream<AppPeriodAggregate> parts,
      CellResolution resolution,
      AnalysisConfig config,
      String uid,
      String name) {
    return parts
        .keyBy(AppCellFanOut::cellKey, Types.STRING)
        .window(TumblingEventTimeWindows.of(Duration.ofMillis(resolution.periodMs())))
        .allowedLateness(config.allowedLateness())
        .process(
            new AppRollUpFunction(resolution, config.percentileMethod()),
            TypeInformation.of(AppCell.class))
        .uid(uid)
        .name(name);
  }
}
