package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.testing.ManualClock;
import dev.aigw.insight.job.testing.OperatorHarness;
import dev.aigw.insight.job.testing.Points;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

class CardinalityGuardTest {

  @Test
  void foldsNamesBeyondTheCapIntoOtherPerService() throws Exception {
    try (OperatorHarness<String, LeafAggregate, LeafAggregate> h = harness()) {
      for (int i = 1; i <= 5; i++) {
        h.process(point("svc", "p" + (i % 3), "m" + i), 0);
      }
      h.process(point("svc", "p1", "m2"), 0); // known names stay
      h.process(point("svc2", "p9", "m9"), 0); // another service has its own budget
      List<LeafAggregate> out = h.drain();
      assertThat(out)
          .extracting(p -> p.service + "/" + p.provider + "/" + p.model)
          .containsExactly(
              "svc/p1/m1",
              "svc/p2/m2",
              "svc/other/m3", // p0 is the third provider
              "svc/p1/other",
              "svc/p2/other",
              "svc/p1/m2",
              "svc2/p9/m9");
      assertThat(h.counter(AnalysisMetrics.PROVIDERS_FOLDED)).isEqualTo(1);
      assertThat(h.counter(AnalysisMetrics.MODELS_FOLDED)).isEqualTo(2);
    }
  }

  @Test
  void namesNotSeenForTheTtlFreeTheirSlot() throws Exception {
    try (OperatorHarness<String, LeafAggregate, LeafAggregate> h = harness()) {
      h.setProcessingTime(0);
      h.process(point("svc", "p1", "m1"), 0);
      h.process(point("svc", "p1", "m2"), 0);
      h.process(point("svc", "p1", "m3"), 0);
      h.setProcessingTime(Duration.ofMinutes(30).toMillis());
      h.process(point("svc", "p1", "m3"), 0); // m3 is refreshed
      h.setProcessingTime(Duration.ofMinutes(61).toMillis());
      h.process(point("svc", "p1", "m4"), 0); // m1, m2 expired: room again
      h.process(point("svc", "p1", "m5"), 0);
      h.process(point("svc", "p1", "m6"), 0); // m3, m4, m5 fill the cap
      assertThat(h.drain())
          .extracting(p -> p.model)
          .containsExactly("m1", "m2", "m3", "m3", "m4", "m5", "other");
    }
  }

  private static OperatorHarness<String, LeafAggregate, LeafAggregate> harness() throws Exception {
    // the guard's TTL is on the job's clock, which moves with the harness's processing time
    ManualClock clock = new ManualClock(0);
    return OperatorHarness.of(
            new CardinalityGuard(2, 3, Duration.ofHours(1), clock), p -> p.service, Types.STRING)
        .withClock(clock);
  }

  /** A partial aggregate of one point. */
  private static LeafAggregate point(String service, String provider, String model) {
    GenAiPoint p = Points.delta("s", 0, 1, 1, 0, 0, 0);
    p.service = service;
    p.provider = provider;
    p.model = model;
    return Points.partial(p);
  }
}
