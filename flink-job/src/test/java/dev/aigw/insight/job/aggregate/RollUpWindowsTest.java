package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.Scope;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.job.testing.Points;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Operator-harness tests of the roll-up: the minute cell window hands its aggregate on with a
 * rising version, the hour window keeps the newest version of each minute, merges bucket counts,
 * re-fires for a late minute and drops its state once the watermark passes its end plus the allowed
 * lateness.
 */
class RollUpWindowsTest {

  private static final long HOUR = 3_600_000;
  private static final AnalysisConfig CONFIG =
      AnalysisConfig.builder()
          .allowedLateness(Duration.ofMinutes(1))
          .percentileMethod(PercentileMethod.SKYWALKING)
          .build();

  @Test
  void minuteCellWindowHandsOnItsAggregateWithARisingVersion() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, MinuteCell> h =
        cellHarness()) {
      h.open();
      h.processElement(leaf("i1", 0, 1, new long[] {1, 0, 0, 0}), 59_999);
      h.processElement(leaf("i2", 0, 1, new long[] {3, 0, 0, 0}), 59_999);
      h.processWatermark(59_999);
      assertThat(parts(h))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.version).isEqualTo(2);
                assertThat(p.windowStartMs).isZero();
                assertThat(p.duration.count).isEqualTo(4);
                assertThat(p.cellGroupKey).isNotEmpty();
              });
      h.getSideOutput(RollUpPipeline.MINUTE_PARTS).clear();
      h.processElement(leaf("i1", 0, 2, new long[] {2, 0, 0, 0}), 59_999); // late re-firing
      assertThat(parts(h))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.version).isEqualTo(3);
                assertThat(p.duration.count).isEqualTo(5); // newest of i1 (2) + i2 (3)
              });
    }
  }

  @Test
  void hourWindowMergesTheNewestMinutesBucketsAndForgetsAfterTheLateness() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, MinuteCell> h =
        hourHarness()) {
      h.open();
      // minute 0: 9 fast requests; minute 59: 1 slow one, then re-fired with 12 slow ones
      h.processElement(minute(0, 1, new long[] {9, 0, 0, 0}), 59_999);
      h.processElement(minute(59, 1, new long[] {0, 0, 1, 0}), HOUR - 1);
      h.processWatermark(HOUR - 1);
      MinuteCell first = single(h);
      assertThat(first.windowStartMs).isZero();
      assertThat(first.requests).isEqualTo(10);
      // merged buckets: the 5th of 10 is fast (an average of the minutes' P50 would not be)
      assertThat(first.latencyP50Ms).isEqualTo(1000.0);
      assertThat(first.latencyP99Ms).isEqualTo(4000.0);
      h.getOutput().clear();

      // minute 59 re-fired by a late point: its newest version replaces the older one
      h.processElement(minute(59, 2, new long[] {0, 0, 12, 0}), HOUR - 1);
      MinuteCell again = single(h);
      assertThat(again.requests).isEqualTo(21); // 9 + 12, not 9 + 1 + 12
      assertThat(again.latencyP50Ms).isEqualTo(4000.0);
      assertThat(h.getSideOutput(RollUpPipeline.HOUR_PARTS))
          .extracting(r -> r.getValue().version)
          .containsExactly(2, 3);
      h.getOutput().clear();

      // past the hour's end plus the allowed lateness: state gone, a later part is dropped
      h.processWatermark(HOUR - 1 + 60_000);
      assertThat(h.numKeyedStateEntries()).isZero();
      h.processElement(minute(59, 3, new long[] {0, 0, 20, 0}), HOUR - 1);
      assertThat(h.extractOutputStreamRecords()).isEmpty();
    }
  }

  private static MinuteCell single(
      KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, MinuteCell> h) {
    List<MinuteCell> cells =
        h.extractOutputStreamRecords().stream()
            .map(r -> (MinuteCell) r.getValue())
            .collect(Collectors.toList());
    assertThat(cells).hasSize(1);
    return cells.get(0);
  }

  private static List<LeafAggregate> parts(
      KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, MinuteCell> h) {
    return h.getSideOutput(RollUpPipeline.MINUTE_PARTS).stream()
        .map(StreamRecord::getValue)
        .collect(Collectors.toList());
  }

  /** A leaf's minute aggregate aimed at the service cell. */
  private static LeafAggregate leaf(String instance, long minute, int version, long[] counts) {
    LeafAggregate l = new LeafAggregate();
    l.service = "svc";
    l.instance = instance;
    l.provider = "openai";
    l.model = "gpt-4o";
    l.leafKey = "svc/" + instance;
    l.version = version;
    l.windowStartMs = minute * 60_000;
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    l.duration.add(Points.BOUNDS, counts, n * 0.5, n, Double.NaN, Double.NaN);
    return l.forCell(Scope.SERVICE, Dimension.ALL);
  }

  /** A minute cell's aggregate as the minute cell window hands it on. */
  private static LeafAggregate minute(long minute, int version, long[] counts) {
    LeafAggregate l = leaf("i1", minute, version, counts);
    return RollUpPipeline.part(
        l,
        l,
        new org.apache.flink.streaming.api.windowing.windows.TimeWindow(
            minute * 60_000, minute * 60_000 + 60_000),
        version);
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, MinuteCell>
      cellHarness() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DataStream<LeafAggregate> in =
        env.fromData(TypeInformation.of(LeafAggregate.class), leaf("x", 0, 1, new long[4]));
    OneInputTransformation<LeafAggregate, MinuteCell> t =
        (OneInputTransformation<LeafAggregate, MinuteCell>)
            GenAiMetricsPipeline.cellWindows(in, CONFIG).getTransformation();
    return new KeyedOneInputStreamOperatorTestHarness<>(
        t.getOperatorFactory(), l -> l.cellGroupKey, Types.STRING);
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, MinuteCell>
      hourHarness() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DataStream<LeafAggregate> in =
        env.fromData(TypeInformation.of(LeafAggregate.class), leaf("x", 0, 1, new long[4]));
    OneInputTransformation<LeafAggregate, MinuteCell> t =
        (OneInputTransformation<LeafAggregate, MinuteCell>)
            RollUpPipeline.rollUp(in, CellResolution.HOUR, CONFIG, "hour", "hour")
                .getTransformation();
    return new KeyedOneInputStreamOperatorTestHarness<>(
        t.getOperatorFactory(), l -> l.cellGroupKey, Types.STRING);
  }
}
