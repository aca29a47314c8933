package dev.aigw.insight.job.aggregate;

import static dev.aigw.insight.job.testing.Points.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.Scope;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.testing.Points;
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

/** Operator-harness tests of the two window stages: firing, late re-firing, side output. */
class MinuteWindowsTest {

  private static final AnalysisConfig CONFIG =
      AnalysisConfig.builder().allowedLateness(Duration.ofMinutes(1)).build();

  @Test
  void leafWindowFiresPerMinuteRefiresForLatePointsAndSidelinesTooLatePoints() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, LeafAggregate> h =
        leafHarness()) {
      h.open();
      h.processElement(point(10 * SECOND, 1, 0), 10_000);
      h.processElement(point(70 * SECOND, 0, 1), 70_000); // next minute
      h.processWatermark(59_999);
      List<LeafAggregate> first = values(h.extractOutputStreamRecords());
      assertThat(first).hasSize(6); // service and instance x all, provider, model
      assertThat(first)
          .allSatisfy(
              l -> {
                assertThat(l.windowStartMs).isZero();
                assertThat(l.version).isEqualTo(1);
                assertThat(l.duration.count).isEqualTo(1);
              });
      assertThat(first.stream().map(l -> l.scope + "/" + l.dimension).collect(Collectors.toSet()))
          .hasSize(6);
      h.getOutput().clear();

      // late, but within the allowed lateness: the minute fires again with everything
      h.processElement(point(20 * SECOND, 0, 1), 20_000);
      List<LeafAggregate> again = values(h.extractOutputStreamRecords());
      assertThat(again)
          .hasSize(6)
          .allSatisfy(
              l -> {
                assertThat(l.version).isEqualTo(2);
                assertThat(l.duration.count).isEqualTo(2);
                assertThat(l.duration.counts).containsExactly(1, 1, 0, 0);
              });
      h.getOutput().clear();

      // beyond the allowed lateness: side output, nothing emitted
      h.processWatermark(59_999 + 60_000);
      h.getOutput().clear();
      h.processElement(point(30 * SECOND, 1, 0), 30_000);
      assertThat(h.extractOutputStreamRecords()).isEmpty();
      assertThat(h.getSideOutput(GenAiMetricsPipeline.LATE_POINTS))
          .extracting(r -> r.getValue().eventTimeMs)
          .containsExactly(30_000L);
    }
  }

  @Test
  void cellWindowCountsOnlyTheNewestVersionOfALeaf() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, MinuteCell> h =
        cellHarness()) {
      h.open();
      h.processElement(leaf("i1", 1, 1), 59_999);
      h.processElement(leaf("i2", 1, 3), 59_999); // another instance's leaf, same service cell
      h.processWatermark(59_999);
      assertThat(values(h.extractOutputStreamRecords()))
          .singleElement()
          .satisfies(c -> assertThat(c.requests).isEqualTo(4));
      h.getOutput().clear();
      h.processElement(leaf("i1", 2, 2), 59_999); // re-fired after a late point
      assertThat(values(h.extractOutputStreamRecords()))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.requests).isEqualTo(5); // 2 (newest of i1) + 3, not 1 + 2 + 3
                assertThat(c.scope).isEqualTo(Scope.SERVICE.cell());
                assertThat(c.dimension).isEqualTo(Dimension.ALL.cell());
                assertThat(c.windowStartMs).isZero();
                // the merged bucket counts ride along for the alert rules (never stored)
                assertThat(c.latencyBuckets.bounds).containsExactly(Points.BOUNDS);
                assertThat(c.latencyBuckets.counts).containsExactly(5, 0, 0, 0);
                assertThat(c.latencyBuckets.min).isEqualTo(0.5);
                assertThat(c.latencyBuckets.max).isEqualTo(0.5);
                assertThat(c.ttftBuckets).isNull(); // no TTFT in the minute
              });
    }
  }

  /** A partial aggregate of one request-duration point. */
  private static LeafAggregate point(long timeNanos, long fast, long slow) {
    GenAiPoint p = Points.delta("s", timeNanos - SECOND, timeNanos, fast, slow, 0, 0);
    p.metric = MetricKind.REQUEST_DURATION;
    return Points.partial(p);
  }

  private static LeafAggregate leaf(String instance, int version, long requests) {
    LeafAggregate l = new LeafAggregate();
    l.service = "svc";
    l.instance = instance;
    l.provider = "openai";
    l.model = "gpt-4o";
    l.leafKey = "svc/" + instance;
    l.version = version;
    l.duration.add(
        Points.BOUNDS, new long[] {requests, 0, 0, 0}, requests * 0.5, requests, 0.5, 0.5);
    return l.forCell(Scope.SERVICE, Dimension.ALL);
  }

  private static <T> List<T> values(List<StreamRecord<? extends T>> records) {
    return records.stream().map(r -> (T) r.getValue()).collect(Collectors.toList());
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, LeafAggregate>
      leafHarness() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DataStream<LeafAggregate> in =
        env.fromData(TypeInformation.of(LeafAggregate.class), point(SECOND, 1, 0));
    OneInputTransformation<LeafAggregate, LeafAggregate> t =
        (OneInputTransformation<LeafAggregate, LeafAggregate>)
            GenAiMetricsPipeline.leafWindows(in, CONFIG).getTransformation();
    return new KeyedOneInputStreamOperatorTestHarness<>(
        t.getOperatorFactory(), LeafAggregate::leafKey, Types.STRING);
  }

  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<String, LeafAggregate, MinuteCell>
      cellHarness() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DataStream<LeafAggregate> in =
        env.fromData(TypeInformation.of(LeafAggregate.class), leaf("x", 1, 1));
    OneInputTransformation<LeafAggregate, MinuteCell> t =
        (OneInputTransformation<LeafAggregate, MinuteCell>)
            GenAiMetricsPipeline.cellWindows(in, CONFIG).getTransformation();
    return new KeyedOneInputStreamOperatorTestHarness<>(
        t.getOperatorFactory(), l -> l.cellGroupKey, Types.STRING);
  }
}
