package dev.aigw.insight.job.temporality;

import static dev.aigw.insight.job.testing.Points.SECOND;
import static dev.aigw.insight.job.testing.Points.delta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.testing.OperatorHarness;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

class DeltaDeduplicatorTest {

  private static final long T0 = 1_000_000 * SECOND;
  private static final long T1 = T0 + 60 * SECOND;
  private static final long T2 = T1 + 60 * SECOND;

  @Test
  void passesDeltasAndDropsRepeatsOfTheSameInterval() throws Exception {
    try (OperatorHarness<String, GenAiPoint, GenAiPoint> h = harness()) {
      h.process(delta("a", T0, T1, 1, 0, 0, 0), 0);
      h.process(delta("b", T0, T1, 1, 0, 0, 0), 0); // another series, same interval
      h.process(delta("a", T0, T1, 1, 0, 0, 0), 0); // retry
      h.process(delta("a", T1, T2, 0, 1, 0, 0), 0);
      h.process(delta("a", T0, T1, 1, 0, 0, 0), 0); // late retry
      assertThat(h.drain())
          .extracting(p -> p.seriesKey + "@" + p.timeNanos)
          .containsExactly("a@" + T1, "b@" + T1, "a@" + T2);
      assertThat(h.counter(AnalysisMetrics.DELTA_DUPLICATES_DROPPED)).isEqualTo(2);
    }
  }

  @Test
  void emptyDeltasCarryNothing() throws Exception {
    try (OperatorHarness<String, GenAiPoint, GenAiPoint> h = harness()) {
      h.process(delta("a", T0, T1, 0, 0, 0, 0), 0);
      assertThat(h.drain()).isEmpty();
    }
  }

  @Test
  void historyExpiresAfterTheTtl() throws Exception {
    try (OperatorHarness<String, GenAiPoint, GenAiPoint> h = harness()) {
      h.setProcessingTime(0);
      h.process(delta("a", T0, T1, 1, 0, 0, 0), 0);
      h.setProcessingTime(Duration.ofMinutes(31).toMillis());
      h.process(delta("a", T0, T1, 1, 0, 0, 0), 0);
      assertThat(h.drain()).hasSize(2);
      assertThat(h.counter(AnalysisMetrics.DELTA_DUPLICATES_DROPPED)).isZero();
    }
  }

  private static OperatorHarness<String, GenAiPoint, GenAiPoint> harness() throws Exception {
    return OperatorHarness.of(
        new DeltaDeduplicator(Duration.ofMinutes(30)), p -> p.seriesKey, Types.STRING);
  }
}
