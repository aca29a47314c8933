package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.testing.OperatorHarness;
import dev.aigw.insight.job.testing.Points;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LatePointCounterTest {

  @Test
  void countsThePointsOfLatePartialsAndDropsThem() throws Exception {
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new LatePointCounter()), OperatorHarness.environment(metrics))) {
      h.open();
      h.processElement(Points.partial(Points.delta("a", 0, 1, 1, 0, 0, 0)), 0);
      h.processElement(
          Points.partial(Points.delta("b", 0, 1, 1, 0, 0, 0), Points.delta("c", 0, 1, 0, 1, 0, 0)),
          0);
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(((Counter) metrics.get(AnalysisMetrics.LATE_POINTS_DROPPED)).getCount())
          .isEqualTo(3); // the points of the late partials
    }
  }
}
