package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;

/**
 * The exact hour and day cells of the gateway cells: every minute cell's mergeable aggregate (the
 * {@link LeafAggregate} the minute cell window merged: histogram bucket counts, sums, counts) is
 * rolled up per cell into hour windows, and every hour's into day windows (docs/analysis.md, "Hour
 * and day cells").
 *
 * <pre>
 * minute cell window [genai-cell-window] ──MINUTE_PARTS──▶ hour windows per cell [genai-hour-cell-window]
 *                                                            ──HOUR_PARTS──▶ day windows per cell [genai-day-cell-window]
 * </pre>
 *
 * <p>Late data within the allowed lateness re-fires its minute, whose new aggregate replaces the
 * old one in its hour (newest version wins), which re-fires and replaces its old aggregate in the
 * day: the same cell key is written again and overwrites. A minute re-fires only while the
 * watermark is below its end plus the allowed lateness, which is never after its hour's or day's
 * end plus the same lateness, so a late minute always reaches its hour and day. Each window's state
 * (the aggregates of its minutes or hours) is dropped once the watermark passes its end plus the
 * allowed lateness.
 *
 * <p>Generic over the cell: anything that emits {@link LeafAggregate}s (or a subclass) stamped with
 * {@link #part} to a side output can be rolled up by {@link #rollUp(DataStream, CellResolution,
 * AnalysisConfig, RollUpFunction, TypeInformation, String, String)} with a {@link RollUpFunction}
 * of its own, as the attribution cells are ({@link AttributionRollUps}).
 */
public final class RollUpPipeline {

  public static final String UID_HOUR_WINDOW = "genai-hour-cell-window";
  public static final String UID_DAY_WINDOW = "genai-day-cell-window";

  /** The minute cell window's aggregates (one per cell and firing), input of the hour roll-up. */
  public static final OutputTag<LeafAggregate> MINUTE_PARTS =
      new OutputTag<>("genai-minute-parts", TypeInformation.of(LeafAggregate.class));

  /** A roll-up window's aggregates (one per cell and firing), input of the next roll-up. */
  public static final OutputTag<LeafAggregate> HOUR_PARTS =
      new OutputTag<>("genai-rollup-parts", TypeInformation.of(LeafAggregate.class));

  /** The hour and day cells. */
  public record RollUps(DataStream<MinuteCell> hours, DataStream<MinuteCell> days) {}

  private RollUpPipeline() {}

  /** The hour and day cells of the minute cells built by {@link GenAiMetricsPipeline#cells}. */
  public static RollUps build(
      SingleOutputStreamOperator<MinuteCell> minuteCells, AnalysisConfig config) {
    SingleOutputStreamOperator<MinuteCell> hours =
        rollUp(
            minuteCells.getSideOutput(MINUTE_PARTS),
            CellResolution.HOUR,
            config,
            UID_HOUR_WINDOW,
            "GenAI hour cells");
    SingleOutputStreamOperator<MinuteCell> days =
        rollUp(
            hours.getSideOutput(HOUR_PARTS),
            CellResolution.DAY,
            config,
            UID_DAY_WINDOW,
            "GenAI day cells");
    return new RollUps(hours, days);
  }

  /**
   * One roll-up of the gateway cells: per cell ({@link LeafAggregate#cellGroupKey}), tumbling
   * event-time windows of the resolution's length (UTC-aligned), the same allowed lateness as the
   * minutes ({@link #rollUp(DataStream, CellResolution, AnalysisConfig, RollUpFunction,
   * TypeInformation, String, String)}).
   */
  public static SingleOutputStreamOperator<MinuteCell> rollUp(
      DataStream<LeafAggregate> parts,
      CellResolution resolution,
      AnalysisConfig config,
      String uid,
      String name) {
    return rollUp(
        parts,
        resolution,
        config,
        new RollUpWindowFunction(resolution, config.percentileMethod()),
        TypeInformation.of(MinuteCell.class),
        uid,
        name);
  }

  /**
   * One roll-up of any kind of cell whose parts are {@link LeafAggregate}s: per cell ({@link
   * LeafAggregate#cellGroupKey}), tumbling event-time windows of the resolution's length
   * (UTC-aligned), the same allowed lateness as the minutes, merged by {@code function}. The parts'
   * event time is the end of their shorter period (a window output's timestamp), so each falls into
   * the period that contains it. The window's state is the parts, of the stream's type.
   */
  public static <P extends LeafAggregate, C> SingleOutputStreamOperator<C> rollUp(
      DataStream<P> parts,
      CellResolution resolution,
      AnalysisConfig config,
      RollUpFunction<P, C> function,
      TypeInformation<C> type,
      String uid,
      String name) {
    return parts
        .keyBy(part -> part.cellGroupKey, Types.STRING)
        .window(TumblingEventTimeWindows.of(Duration.ofMillis(resolution.periodMs())))
        .allowedLateness(config.allowedLateness())
        .process(function, type)
        .uid(uid)
        .name(name);
  }

  /**
   * A cell's aggregate of one period, for the next roll-up: the values of {@code sum}, the cell's
   * target and coordinates from {@code id}, the period's start and a version that rises with every
   * firing of the period's window. The version is the sum of the newest versions of the parts the
   * window merged: each re-firing is caused by a part newer than the one it replaces (or by a part
   * of a period not seen before), so the sum rises without any state.
   */
  static <P extends LeafAggregate> P part(LeafAggregate id, P sum, TimeWindow window, int version) {
    sum.windowStartMs = window.getStart();
    sum.version = version;
    sum.scope = id.scope;
    sum.dimension = id.dimension;
    sum.cellGroupKey = id.cellGroupKey;
    sum.leafKey = id.cellGroupKey;
    sum.service = id.service;
    sum.instance = id.instance;
    sum.provider = id.provider;
    sum.model = id.model;
    return sum;
  }
}
