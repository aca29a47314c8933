package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.app.AppAttributionCell;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Wires the attribution cells of the LLM calls from spans: the application cells' counted calls
 * ({@link AppCellsPipeline#countedCalls}: deduplicated, names capped, with watermarks) in, per
 * minute {@link AppAttributionCell}s out, at (application, attribute, value) and (application,
 * attribute, value, provider, model). A branch with operators and state of its own beside the
 * application cells, so their uids and state are untouched and a savepoint of a job without it
 * restores (the new operators start empty).
 *
 * <p>Stages (uids in brackets): one copy per configured attribute under its value [{@value
 * #UID_FAN_OUT}]; the per-attribute value cap keyed by (application, attribute), which aims each
 * copy at its two cells [{@value #UID_GUARD}]; one-minute event-time windows per cell, aggregated
 * incrementally [{@value #UID_CELL_WINDOW}]. Every attribute's values partition the calls, and the
 * windows count them as the application cells' do, so per attribute the cells of all values add up
 * to the application cells exactly.
 */
public final class AppAttributionPipeline {

  public static final String UID_FAN_OUT = "genai-app-attribution-fan-out";
  public static final String UID_GUARD = "genai-app-attribution-cardinality-guard";
  public static final String UID_CELL_WINDOW = "genai-app-attribution-cell-window";

  private AppAttributionPipeline() {}

  /**
   * The attribution cells of the counted calls; {@code clock} drives the value slots' TTL. The
   * minute window's side output {@link AppAttributionRollUps#MINUTE_PARTS} feeds the hour and day
   * cells ({@link AppAttributionRollUps#build}).
   */
  public static SingleOutputStreamOperator<AppAttributionCell> cells(
      DataStream<LlmCall> countedCalls,
      AnalysisConfig config,
      AttributionConfig attribution,
      JobClock clock) {
    TypeInformation<AppAttributionTarget> type = TypeInformation.of(AppAttributionTarget.class);
    return countedCalls
        .flatMap(new AppAttributionFanOut(attribution.attributes()))
        .returns(type)
        .uid(UID_FAN_OUT)
        .name("GenAI spans: one copy per attribution attribute")
        .keyBy(target -> target.guardKey)
        .process(
            new AppAttributionGuard(
                attribution.maxValuesPerAttribute(), config.cardinalityTtl(), clock),
            type)
        .uid(UID_GUARD)
        .name("GenAI spans: attribution cardinality guard")
        .keyBy(target -> target.cellKey)
        .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
        .allowedLateness(config.allowedLateness())
        .aggregate(
            new AppAttributionAggregator(),
            new AppAttributionWindowFunction(config.percentileMethod()),
            TypeInformation.of(AppAttributionAggregate.class),
            TypeInformation.of(AppAttributionAggregate.class),
            TypeInformation.of(AppAttributionCell.class))
        .uid(UID_CELL_WINDOW)
        .name("GenAI application attribution minute cells");
  }
}
