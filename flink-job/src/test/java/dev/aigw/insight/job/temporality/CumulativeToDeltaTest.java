package dev.aigw.insight.job.temporality;

import static dev.aigw.insight.job.testing.Points.SECOND;
import static dev.aigw.insight.job.testing.Points.cumulative;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.junit.jupiter.api.Test;

class CumulativeToDeltaTest {

  /** Process start of the gateway in most tests: long before the job joins. */
  private static final long START = 1_000 * SECOND;

  private static final long T1 = START + 3_600 * SECOND;
  private static final long T2 = T1 + 60 * SECOND;
  private static final long T3 = T2 + 60 * SECOND;

  /** One resource's state, driven like the temporality operator drives it. */
  private final Resource h = new Resource();

  private void send(GenAiPoint p) {
    h.send(p);
  }

  private static final class Resource {
    final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    final CumulativeToDelta logic =
        new CumulativeToDelta(
            Duration.ofMinutes(2), Duration.ofMinutes(30), new TemporalityCounters(metrics));
    final ResourceSeries state = new ResourceSeries();
    final List<GenAiPoint> out = new ArrayList<>();
    long now;
    long nextExpiry = Long.MAX_VALUE;

    void send(GenAiPoint p) {
      logic.accept(state, p, now, out::add);
      if (nextExpiry == Long.MAX_VALUE) {
        nextExpiry = now + Duration.ofMinutes(30).toMillis();
      }
    }

    /** Advances processing time, expiring as the operator's cleanup timer would. */
    void setProcessingTime(long ms) {
      now = ms;
      while (nextExpiry <= now) {
        long next = logic.expire(state, nextExpiry);
        nextExpiry = next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(next, nextExpiry + 1);
      }
    }

    List<GenAiPoint> drain() {
      List<GenAiPoint> drained = new ArrayList<>(out);
      out.clear();
      return drained;
    }

    long counter(String name) {
      Object c = metrics.get(name);
      return c == null ? 0 : ((Counter) c).getCount();
    }
  }

  @Test
  void joiningARunningGatewayOnlySetsTheBaselineThenCountsDeltas() {
    send(cumulative("a", START, T1, 5, 3, 1, 0));
    assertThat(h.drain()).isEmpty();
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_BASELINE_ONLY)).isEqualTo(1);

    send(cumulative("a", START, T2, 6, 5, 1, 1));
    List<GenAiPoint> out = h.drain();
    assertThat(out)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.temporality).isEqualTo(Temporality.DELTA);
              assertThat(d.bucketCounts).containsExactly(1, 2, 0, 1);
              assertThat(d.count).isEqualTo(4);
              assertThat(d.sum).isEqualTo(0.5 + 2 * 1.5 + 5);
              assertThat(d.startTimeNanos).isEqualTo(T1);
              assertThat(d.timeNanos).isEqualTo(T2);
            });
  }

  @Test
  void ruleA_seriesAbsentFromAnEarlierExportOfTheIncarnationIsCountedInFull() {
    // export 1 (job joins a running gateway): only series a, baseline
    send(cumulative("a", START, T1, 1, 0, 0, 0));
    // export 2: a unchanged, b first appears with the same (process) start time
    send(cumulative("a", START, T2, 1, 0, 0, 0));
    send(cumulative("b", START, T2, 0, 2, 0, 0));
    List<GenAiPoint> out = h.drain();
    assertThat(out)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.seriesKey).isEqualTo("b");
              assertThat(d.bucketCounts).containsExactly(0, 2, 0, 0);
              assertThat(d.startTimeNanos).isEqualTo(START);
            });
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_FIRST_COUNTED_NEW_SERIES)).isEqualTo(1);
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_BASELINE_ONLY)).isEqualTo(1);
  }

  @Test
  void ruleA_doesNotApplyWithinTheFirstExportSeen() {
    send(cumulative("a", START, T1, 1, 0, 0, 0));
    send(cumulative("b", START, T1, 0, 1, 0, 0));
    assertThat(h.drain()).isEmpty();
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_BASELINE_ONLY)).isEqualTo(2);
  }

  @Test
  void ruleA_needsTheSameIncarnation() {
    send(cumulative("a", START, T1, 1, 0, 0, 0));
    // b's start differs: another incarnation (e.g. a Java SDK series, or another process)
    send(cumulative("b", START + 10 * SECOND, T2, 0, 1, 0, 0));
    assertThat(h.drain()).isEmpty();
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_BASELINE_ONLY)).isEqualTo(2);
  }

  @Test
  void ruleB_freshlyStartedSeriesIsCountedInFull() {
    long start = T1 - 60 * SECOND; // within the 2-minute grace
    send(cumulative("a", start, T1, 2, 0, 0, 1));
    assertThat(h.drain())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.count).isEqualTo(3);
              assertThat(d.startTimeNanos).isEqualTo(start);
            });
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_FIRST_COUNTED_FRESH_START)).isEqualTo(1);
  }

  @Test
  void ruleB_graceBoundaryIsInclusive() {
    send(cumulative("a", T1 - 120 * SECOND, T1, 1, 0, 0, 0));
    send(cumulative("b", T1 - 120 * SECOND - 1, T1, 1, 0, 0, 0));
    assertThat(h.drain()).extracting(p -> p.seriesKey).containsExactly("a");
  }

  @Test
  void countGoingDownIsAResetCountedInFull() {
    send(cumulative("a", START, T1, 5, 5, 0, 0));
    send(cumulative("a", START, T2, 1, 0, 0, 0));
    assertThat(h.drain()).singleElement().satisfies(d -> assertThat(d.count).isEqualTo(1));
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_RESETS)).isEqualTo(1);
  }

  @Test
  void startTimeChangeIsAReset() {
    send(cumulative("a", START, T1, 5, 5, 0, 0));
    send(cumulative("a", T2 - 30 * SECOND, T2, 7, 5, 0, 0));
    assertThat(h.drain())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.count).isEqualTo(12);
              assertThat(d.startTimeNanos).isEqualTo(T2 - 30 * SECOND);
            });
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_RESETS)).isEqualTo(1);
  }

  @Test
  void bucketBoundsChangeIsAReset() {
    send(cumulative("a", START, T1, 1, 0, 0, 0));
    GenAiPoint changed = cumulative("a", START, T2, 1, 1, 0, 0);
    changed.explicitBounds = new double[] {1, 2, 8};
    send(changed);
    assertThat(h.drain()).singleElement().satisfies(d -> assertThat(d.count).isEqualTo(2));
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_RESETS)).isEqualTo(1);
  }

  @Test
  void unchangedSeriesEmitsNothingAndReplaysAreDropped() {
    send(cumulative("a", START, T1, 1, 0, 0, 0));
    send(cumulative("a", START, T2, 1, 0, 0, 0));
    assertThat(h.drain()).isEmpty();
    send(cumulative("a", START, T2, 1, 0, 0, 0)); // a retried export
    send(cumulative("a", START, T1, 1, 0, 0, 0)); // an older export arriving late
    assertThat(h.drain()).isEmpty();
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_STALE_DROPPED)).isEqualTo(2);
    send(cumulative("a", START, T3, 2, 0, 0, 0));
    assertThat(h.drain()).singleElement().satisfies(d -> assertThat(d.count).isEqualTo(1));
  }

  @Test
  void deltaMinMaxAreKnownOnlyWhereTheCumulativeOnesProveThem() {
    GenAiPoint first = cumulative("a", T1 - 10 * SECOND, T1, 0, 1, 1, 0);
    first.min = 1.5;
    first.max = 3;
    send(first);
    assertThat(h.drain())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.min).isEqualTo(1.5);
              assertThat(d.max).isEqualTo(3.0);
            });
    GenAiPoint second = cumulative("a", T1 - 10 * SECOND, T2, 1, 1, 1, 0);
    second.min = 0.25; // a new lifetime minimum: this interval holds it
    second.max = 3;
    send(second);
    assertThat(h.drain())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.min).isEqualTo(0.25);
              assertThat(d.max).isNaN();
            });
  }

  @Test
  void forgottenResourceStartsOverAfterTheTtl() {
    h.setProcessingTime(0);
    send(cumulative("a", START, T1, 1, 0, 0, 0));
    send(cumulative("a", START, T2, 2, 0, 0, 0));
    assertThat(h.drain()).hasSize(1);
    h.setProcessingTime(Duration.ofMinutes(31).toMillis());
    assertThat(h.counter(AnalysisMetrics.SERIES_EXPIRED)).isEqualTo(1);
    // the state is gone: the next point is a baseline again, not a delta against old state
    send(cumulative("a", START, T3, 9, 0, 0, 0));
    assertThat(h.drain()).isEmpty();
    assertThat(h.counter(AnalysisMetrics.CUMULATIVE_BASELINE_ONLY)).isEqualTo(2);
  }

  @Test
  void seriesForgottenWhileItsIncarnationLivesIsNotRecountedWhenItReturns() {
    h.setProcessingTime(0);
    send(cumulative("a", START, T1, 1, 0, 0, 0));
    send(cumulative("b", START, T1, 1, 0, 0, 0));
    h.setProcessingTime(Duration.ofMinutes(20).toMillis());
    send(cumulative("a", START, T2, 1, 0, 0, 0)); // a keeps the incarnation alive, b is silent
    h.setProcessingTime(Duration.ofMinutes(35).toMillis());
    assertThat(h.counter(AnalysisMetrics.SERIES_EXPIRED)).isEqualTo(1); // b
    send(cumulative("b", START, T3, 5, 0, 0, 0));
    assertThat(h.drain()).isEmpty(); // rule (a) must not count b's whole history again
    h.setProcessingTime(Duration.ofMinutes(80).toMillis());
    assertThat(h.counter(AnalysisMetrics.SERIES_EXPIRED)).isEqualTo(3);
  }
}
