package dev.aigw.insight.job.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the job's cells with an {@link Expectation}: every non-percentile value exactly, the
 * percentiles against the exact percentiles of the raw samples (interpolation: within the width of
 * the bucket holding the exact value and inside [min, max]; SkyWalking's method: exactly the upper
 * bound of the bucket holding the round(n × p / 100)-th sample).
 */
public final class CellAssertions {

  private static final double[] PS = {50, 75, 90, 95, 99};

  private CellAssertions() {}

  /** The cells by key; fails on a duplicate key (each cell must be emitted once). */
  public static Map<String, MinuteCell> byKey(Collection<MinuteCell> cells) {
    Map<String, MinuteCell> map = new TreeMap<>();
    for (MinuteCell c : cells) {
      MinuteCell previous = map.put(c.cellKey(), c);
      assertThat(previous).as("cell %s emitted twice", c.cellKey()).isNull();
    }
    return map;
  }

  /** Asserts that {@code actual} holds exactly the expected cells with the expected values. */
  public static void assertMatches(
      Collection<MinuteCell> actual, Map<String, ExpectedCell> expected, PercentileMethod method) {
    Map<String, MinuteCell> got = byKey(actual);
    assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, ExpectedCell> e : expected.entrySet()) {
      MinuteCell cell = got.get(e.getKey());
      assertThat(withoutPercentiles(cell))
          .as("values of cell %s", e.getKey())
          .isEqualTo(e.getValue().cell);
      ExpectedCell x = e.getValue();
      String key = e.getKey();
      check(
          key + " latency",
          x.latencySeconds,
          GatewaySimulator.DURATION_BOUNDS,
          method,
          cell.latencyP50Ms,
          cell.latencyP75Ms,
          cell.latencyP90Ms,
          cell.latencyP95Ms,
          cell.latencyP99Ms);
      check(
          key + " ttft",
          x.ttftSeconds,
          GatewaySimulator.TTFT_BOUNDS,
          method,
          cell.ttftP50Ms,
          cell.ttftP75Ms,
          cell.ttftP90Ms,
          cell.ttftP95Ms,
          cell.ttftP99Ms);
      check(
          key + " tpot",
          x.tpotSeconds,
          GatewaySimulator.TPOT_BOUNDS,
          method,
          cell.tpotP50Ms,
          cell.tpotP75Ms,
          cell.tpotP90Ms,
          cell.tpotP95Ms,
          cell.tpotP99Ms);
    }
  }

  /** A copy with every percentile field set to 0. */
  public static MinuteCell withoutPercentiles(MinuteCell c) {
    MinuteCell m = c.copy();
    m.latencyP50Ms = m.latencyP75Ms = m.latencyP90Ms = m.latencyP95Ms = m.latencyP99Ms = 0;
    m.ttftP50Ms = m.ttftP75Ms = m.ttftP90Ms = m.ttftP95Ms = m.ttftP99Ms = 0;
    m.tpotP50Ms = m.tpotP75Ms = m.tpotP90Ms = m.tpotP95Ms = m.tpotP99Ms = 0;
    return m;
  }

  private static void check(
      String what,
      List<Double> samples,
      List<Double> bounds,
      PercentileMethod method,
      double... actualMs) {
    if (samples.isEmpty()) {
      for (double a : actualMs) {
        assertThat(a).as(what).isZero();
      }
      return;
    }
    List<Double> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    int n = sorted.size();
    for (int i = 0; i < PS.length; i++) {
      double p = PS[i];
      double actual = actualMs[i] / 1000.0;
      if (method == PercentileMethod.SKYWALKING) {
        long rank = Math.max(1, Math.round(n * p / 100));
        double expected = upperBound(bounds, sorted.get((int) rank - 1));
        assertThat(actual).as("%s P%s (SkyWalking)", what, p).isCloseTo(expected, within(1e-12));
      } else {
        double exact = sorted.get((int) Math.ceil(p / 100 * n) - 1);
        double lower = lowerBound(bounds, exact);
        double upper = upperBound(bounds, exact);
        // inside the bucket that holds the exact value, so never further off than its width
        assertThat(actual)
            .as("%s P%s (interpolated) vs exact %s", what, p, exact)
            .isBetween(lower - 1e-9, upper + 1e-9)
            .isCloseTo(exact, within(upper - lower + 1e-9));
      }
    }
  }

  private static double upperBound(List<Double> bounds, double v) {
    for (double b : bounds) {
      if (v <= b) {
        return b;
      }
    }
    return bounds.get(bounds.size() - 1);
  }

  private static double lowerBound(List<Double> bounds, double v) {
    double lower = 0;
    for (double b : bounds) {
      if (v <= b) {
        return lower;
      }
      lower = b;
    }
    return lower;
  }
}
