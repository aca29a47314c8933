package dev.aigw.insight.job.temporality;

import static dev.aigw.insight.job.testing.Points.SECOND;
import static dev.aigw.insight.job.testing.Points.cumulative;
import static dev.aigw.insight.job.testing.Points.delta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.ManualClock;
import dev.aigw.insight.job.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

/** The temporality operator: batches of one resource in, priced partial aggregates out. */
class SeriesTemporalityTest {

  private static final long T0 = 1_000_000 * SECOND;
  private static final long T1 = T0 + 60 * SECOND;
  private static final long T2 = T1 + 60 * SECOND;

  private static final PriceTable PRICES =
      PriceTable.parse(
          String.join(
              "\n",
              "providers:",
              "  - provider: openai",
              "    models:",
              "      - name: gpt-4o",
              "        input-estimated-cost-per-m: 2.5",
              "        output-estimated-cost-per-m: 10",
              ""),
          "test");

  @Test
  void combinesAnExportPerProviderModelAndMinuteAndPricesTokens() throws Exception {
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> h = harness()) {
      GenAiPoint fast = delta("d1", T0, T1, 2, 0, 0, 0);
      GenAiPoint slow = delta("d2", T0, T1, 0, 0, 1, 0);
      slow.error = true;
      GenAiPoint input = tokens("t1", T0, T1, "input", 4_000);
      GenAiPoint other = delta("d3", T0, T1, 0, 1, 0, 0);
      other.model = "gpt-4o-mini";
      GenAiPoint nextMinute = delta("d1", T1, T1 + 30 * SECOND, 1, 0, 0, 0);
      h.process(batch(fast, slow, input, other, nextMinute), 0);

      List<LeafAggregate> out = flushed(h);
      assertThat(out)
          .extracting(a -> a.model + "@" + a.eventTimeMs + " points=" + a.points)
          .containsExactly(
              "gpt-4o@" + T1 / 1_000_000 + " points=3",
              "gpt-4o-mini@" + T1 / 1_000_000 + " points=1",
              "gpt-4o@" + (T1 + 30 * SECOND) / 1_000_000 + " points=1");
      LeafAggregate gpt4o = out.get(0);
      assertThat(gpt4o.duration.counts).containsExactly(2, 0, 1, 0);
      assertThat(gpt4o.errors).isEqualTo(1);
      assertThat(gpt4o.inputTokens).isEqualTo(4_000);
      assertThat(gpt4o.costPicos).isEqualTo(10_000_000_000L); // 4000 x 2.5 per million
      assertThat(gpt4o.service).isEqualTo("svc");
      assertThat(gpt4o.instance).isEqualTo("i1");
    }
  }

  @Test
  void dropsRepeatedDeltaIntervalsOfASeriesAcrossExports() throws Exception {
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> h = harness()) {
      h.process(batch(delta("a", T0, T1, 1, 0, 0, 0), delta("b", T0, T1, 1, 0, 0, 0)), 0);
      h.process(batch(delta("a", T0, T1, 1, 0, 0, 0)), 0); // a retried export
      h.process(batch(delta("a", T1, T2, 0, 1, 0, 0), delta("a", T0, T1, 1, 0, 0, 0)), 0);
      h.process(batch(delta("c", T0, T1, 0, 0, 0, 0)), 0); // empty: carries nothing
      assertThat(flushed(h)).extracting(a -> a.points).containsExactly(2L, 1L);
      assertThat(h.counter(AnalysisMetrics.DELTA_DUPLICATES_DROPPED)).isEqualTo(2);
    }
  }

  @Test
  void cumulativeSeriesOfAResourceBecomeDeltasAcrossExports() throws Exception {
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> h = harness()) {
      long start = T0 - 3_600 * SECOND;
      h.process(batch(cumulative("a", start, T1, 5, 3, 1, 0)), 0); // baseline only
      h.process(batch(cumulative("a", start, T2, 6, 5, 1, 1)), 0);
      assertThat(flushed(h))
          .singleElement()
          .satisfies(d -> assertThat(d.duration.counts).containsExactly(1, 2, 0, 1));
      assertThat(h.counter(AnalysisMetrics.CUMULATIVE_BASELINE_ONLY)).isEqualTo(1);
    }
  }

  @Test
  void aResourceIsForgottenAfterTheTtlWithoutExports() throws Exception {
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> h = harness()) {
      // processing time and the job's clock move together (withClock), as in production
      h.setProcessingTime(0);
      long start = T0 - 3_600 * SECOND;
      h.process(batch(delta("a", T0, T1, 1, 0, 0, 0), cumulative("c", start, T1, 1, 0, 0, 0)), 0);
      assertThat(flushed(h)).extracting(a -> a.points).containsExactly(1L);
      assertThat(h.raw().numKeyedStateEntries()).isPositive();
      h.setProcessingTime(Duration.ofMinutes(31).toMillis());
      assertThat(h.raw().numKeyedStateEntries()).isZero();
      assertThat(h.counter(AnalysisMetrics.SERIES_EXPIRED)).isEqualTo(1); // the cumulative one
      // after the TTL the same interval counts again and the cumulative series is a baseline
      h.process(batch(delta("a", T0, T1, 1, 0, 0, 0), cumulative("c", start, T2, 3, 0, 0, 0)), 0);
      assertThat(flushed(h)).extracting(a -> a.points).containsExactly(1L);
      assertThat(h.counter(AnalysisMetrics.CUMULATIVE_BASELINE_ONLY)).isEqualTo(2);
    }
  }

  @Test
  void exportsAreCombinedPerLeafAndMinuteUntilTheNextFlush() throws Exception {
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> h = harness()) {
      long minute = 16_667 * 60 * SECOND; // the start of a minute
      h.process(batch(delta("a", minute, minute + 10 * SECOND, 1, 0, 0, 0)), 0);
      h.process(batch(delta("a", minute + 10 * SECOND, minute + 20 * SECOND, 0, 2, 0, 0)), 0);
      GenAiPoint otherPod = delta("a", minute, minute + 10 * SECOND, 0, 0, 4, 0);
      otherPod.resourceKey = "r2";
      otherPod.instance = "i2";
      h.process(batch(otherPod), 0);
      assertThat(h.drain()).isEmpty(); // held until a flush
      assertThat(flushed(h))
          .extracting(a -> a.instance + " points=" + a.points + " requests=" + a.duration.count)
          .containsExactly("i1 points=2 requests=3", "i2 points=1 requests=4");
    }
  }

  @Test
  void theFinalWatermarkOfABoundedInputFollowsThePartials() throws Exception {
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> h = harness()) {
      h.process(batch(delta("a", T0, T1, 1, 0, 0, 0)), 0);
      h.raw().processWatermark(Long.MAX_VALUE);
      assertThat(h.raw().getOutput())
          .extracting(Object::getClass)
          .containsExactly(
              org.apache.flink.streaming.runtime.streamrecord.StreamRecord.class,
              org.apache.flink.streaming.api.watermark.Watermark.class);
    }
  }

  @Test
  void theFlushIntervalSendsThePartialsWithoutACheckpoint() throws Exception {
    ManualClock clock = new ManualClock(0);
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> h =
        OperatorHarness.of(
                new SeriesTemporalityOperator(
                    new SeriesTemporality(
                        Duration.ofMinutes(2), Duration.ofMinutes(30), PRICES, clock),
                    Duration.ofSeconds(1)),
                b -> b.resourceKey,
                Types.STRING)
            .withClock(clock)) {
      h.setProcessingTime(0);
      h.process(batch(delta("a", T0, T1, 1, 0, 0, 0)), 0);
      h.setProcessingTime(999);
      assertThat(h.drain()).isEmpty();
      h.setProcessingTime(1_000);
      assertThat(h.drain()).extracting(a -> a.points).containsExactly(1L);
      h.process(batch(delta("a", T1, T2, 1, 0, 0, 0)), 0);
      h.setProcessingTime(2_000); // the flush repeats
      assertThat(h.drain()).extracting(a -> a.points).containsExactly(1L);
    }
  }

  @Test
  void aFlushIntervalHoldsTheNewestMinuteButForItsLatestPartial() throws Exception {
    long a = 16_667 * 60 * SECOND; // a minute's start
    long b = a + 60 * SECOND; // the next minute's
    ManualClock clock = new ManualClock(0);
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> h =
        OperatorHarness.of(
                new SeriesTemporalityOperator(
                    new SeriesTemporality(
                        Duration.ofMinutes(2), Duration.ofMinutes(30), PRICES, clock),
                    Duration.ofSeconds(1)),
                bt -> bt.resourceKey,
                Types.STRING)
            .withClock(clock)) {
      h.setProcessingTime(0);
      h.process(batch(delta("x", a, a + 10 * SECOND, 1, 0, 0, 0), mini("y", a, 20)), 0);
      // only the newest minute so far: its latest partial leaves (the watermark moves), the other
      // stays
      h.setProcessingTime(1_000);
      assertThat(h.drain()).extracting(SeriesTemporalityTest::label).containsExactly("mini@a+20");

      h.process(
          batch(
              delta("x", a + 10 * SECOND, a + 30 * SECOND, 1, 0, 0, 0),
              delta("x", a + 30 * SECOND, b + 5 * SECOND, 1, 0, 0, 0),
              mini("y", b, 1)),
          0);
      // a later minute appeared: all of the held one first, then the new one's latest
      h.setProcessingTime(2_000);
      assertThat(h.drain())
          .extracting(SeriesTemporalityTest::label)
          .containsExactly("gpt-4o@a+30 points=2", "gpt-4o@b+5");

      // an interval without input sends everything held
      h.setProcessingTime(3_000);
      assertThat(h.drain()).extracting(SeriesTemporalityTest::label).containsExactly("mini@b+1");
      h.setProcessingTime(4_000);
      assertThat(h.drain()).isEmpty();

      // as does a checkpoint barrier
      h.process(batch(mini("y", b + SECOND, 7), delta("x", b + 5 * SECOND, b + 9 * SECOND, 1)), 0);
      assertThat(flushed(h))
          .extracting(SeriesTemporalityTest::label)
          .containsExactly("mini@b+8", "gpt-4o@b+9");
    }
  }

  /** A gpt-4o-mini delta point of series {@code series} ending {@code s} seconds after start. */
  private static GenAiPoint mini(String series, long startNanos, long s) {
    GenAiPoint p = delta(series, startNanos, startNanos + s * SECOND, 1, 0, 0, 0);
    p.model = "gpt-4o-mini";
    return p;
  }

  /** model@minute+seconds, with the point count when it is not 1. */
  private static String label(LeafAggregate partial) {
    long minuteMs = 16_667L * 60_000;
    long offsetS = (partial.eventTimeMs - minuteMs) / 1_000;
    String at = offsetS >= 60 ? "b+" + (offsetS - 60) : "a+" + offsetS;
    String model = partial.model.equals("gpt-4o-mini") ? "mini" : partial.model;
    return model + "@" + at + (partial.points == 1 ? "" : " points=" + partial.points);
  }

  @Test
  void theFlushIntervalIsMeasuredOnTheJobClockNotOnProcessingTime() throws Exception {
    ManualClock clock = new ManualClock(0);
    try (OperatorHarness<String, ResourcePoints, LeafAggregate> h =
        OperatorHarness.of(
            new SeriesTemporalityOperator(
                new SeriesTemporality(Duration.ofMinutes(2), Duration.ofMinutes(30), PRICES, clock),
                Duration.ofSeconds(1)),
            b -> b.resourceKey,
            Types.STRING)) {
      h.raw().setProcessingTime(0);
      h.process(batch(delta("a", T0, T1, 1, 0, 0, 0)), 0);
      // processing time ticks on, the job's clock stands still: the partials stay
      h.raw().setProcessingTime(5_000);
      assertThat(h.drain()).isEmpty();
      // the clock passes the interval: the next tick sends them
      clock.set(1_000);
      h.raw().setProcessingTime(6_000);
      assertThat(h.drain()).extracting(a -> a.points).containsExactly(1L);
    }
  }

  private static GenAiPoint tokens(String series, long start, long end, String type, long n) {
    GenAiPoint p = delta(series, start, end, 1, 0, 0, 0);
    p.metric = MetricKind.TOKEN_USAGE;
    p.tokenType = type;
    p.sum = n;
    return p;
  }

  private static ResourcePoints batch(GenAiPoint... points) {
    return new ResourcePoints(points[0].resourceKey, points);
  }

  /** The partials sent so far, after the flush a checkpoint barrier forces. */
  private static List<LeafAggregate> flushed(
      OperatorHarness<String, ResourcePoints, LeafAggregate> h) throws Exception {
    h.raw().prepareSnapshotPreBarrier(1);
    return h.drain();
  }

  /**
   * The operator as the job runs it, with a flush interval longer than any test, on a clock that
   * moves with the harness's processing time.
   */
  private static OperatorHarness<String, ResourcePoints, LeafAggregate> harness() throws Exception {
    ManualClock clock = new ManualClock(0);
    return OperatorHarness.of(
            new SeriesTemporalityOperator(
                new SeriesTemporality(Duration.ofMinutes(2), Duration.ofMinutes(30), PRICES, clock),
                Duration.ofDays(1)),
            b -> b.resourceKey,
            Types.STRING)
        .withClock(clock);
  }
}
