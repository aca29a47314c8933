package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.gateway.GatewayContract;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  private static final double[] B = {1, 2, 4};
  private static final double[] DURATION_BOUNDS =
      GatewayContract.Metric.REQUEST_DURATION.bucketBounds();
  private static final double[] PS = {50, 75, 90, 95, 99};

  @Test
  void interpolatesInsideTheBucketAndClampsToMinMax() {
    long[] c = {0, 4, 0, 0};
    assertThat(Percentiles.interpolated(B, c, 4, Double.NaN, Double.NaN, 50)).isEqualTo(1.5);
    assertThat(Percentiles.interpolated(B, c, 4, Double.NaN, Double.NaN, 100)).isEqualTo(2.0);
    assertThat(Percentiles.interpolated(B, c, 4, 1.25, 1.75, 50)).isEqualTo(1.5);
    assertThat(Percentiles.interpolated(B, c, 4, 1.25, 1.75, 100)).isEqualTo(1.75);
    assertThat(Percentiles.interpolated(B, c, 4, 1.25, 1.75, 25)).isEqualTo(1.375);
  }

  @Test
  void firstBucketStartsAtZero() {
    long[] c = {4, 0, 0, 0};
    assertThat(Percentiles.interpolated(B, c, 4, Double.NaN, Double.NaN, 50)).isEqualTo(0.5);
    assertThat(Percentiles.interpolated(B, c, 4, 0.5, 0.75, 50)).isEqualTo(0.625);
  }

  @Test
  void unboundedLastBucketUsesMaxWhenKnown() {
    long[] c = {0, 0, 0, 2};
    assertThat(Percentiles.interpolated(B, c, 2, 5, 10, 50)).isEqualTo(7.5);
    assertThat(Percentiles.interpolated(B, c, 2, Double.NaN, 10, 50)).isEqualTo(7.0);
    assertThat(Percentiles.interpolated(B, c, 2, Double.NaN, Double.NaN, 50)).isEqualTo(4.0);
  }

  @Test
  void skyWalkingTakesTheUpperBoundOfTheBucketReachingTheRoundedRank() {
    long[] c = {1, 1, 1, 1};
    assertThat(Percentiles.skyWalking(B, c, 4, 50)).isEqualTo(2.0); // rank round(2) = 2
    assertThat(Percentiles.skyWalking(B, c, 4, 10)).isEqualTo(1.0); // rank max(1, round(.4))
    assertThat(Percentiles.skyWalking(B, c, 4, 99)).isEqualTo(4.0); // +Inf bucket: last bound
    assertThat(Percentiles.skyWalking(B, c, 4, 60)).isEqualTo(2.0); // round(2.4) = 2
    assertThat(Percentiles.skyWalking(B, c, 4, 65)).isEqualTo(4.0); // round(2.6) = 3
  }

  @Test
  void emptyHistogramGivesZeroNotNaN() {
    HistogramAccumulator h = new HistogramAccumulator();
    assertThat(Percentiles.of(h, 99, PercentileMethod.INTERPOLATED)).isZero();
    assertThat(Percentiles.of(h, 99, PercentileMethod.SKYWALKING)).isZero();
  }

  @Test
  void bothMethodsAgainstExactPercentilesOfGeneratedSamples() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      int n = 1 + random.nextInt(500);
      double[] samples = new double[n];
      for (int i = 0; i < n; i++) {
        // log-uniform between 5 ms and 60 s: inside the finite buckets
        samples[i] = Math.exp(Math.log(0.005) + random.nextDouble() * Math.log(60 / 0.005));
      }
      HistogramAccumulator h = new HistogramAccumulator();
      for (double s : samples) {
        long[] one = new long[DURATION_BOUNDS.length + 1];
        one[bucketOf(s)] = 1;
        h.add(DURATION_BOUNDS, one, s, 1, s, s);
      }
      double[] sorted = samples.clone();
      Arrays.sort(sorted);
      for (double p : PS) {
        // interpolation: within the width of the bucket holding the exact (nearest-rank) value
        double exact = sorted[(int) Math.ceil(p / 100 * n) - 1];
        int b = bucketOf(exact);
        double lower = b == 0 ? 0 : DURATION_BOUNDS[b - 1];
        double upper = DURATION_BOUNDS[b];
        double est = Percentiles.of(h, p, PercentileMethod.INTERPOLATED);
        assertThat(est).isBetween(Math.max(lower, sorted[0]), Math.min(upper, sorted[n - 1]));
        assertThat(est).isCloseTo(exact, within(upper - lower));
        // SkyWalking: exactly the upper bound of the bucket holding the round(n p / 100)-th value
        long rank = Math.max(1, Math.round(n * p / 100));
        double swExact = DURATION_BOUNDS[bucketOf(sorted[(int) rank - 1])];
        assertThat(Percentiles.of(h, p, PercentileMethod.SKYWALKING)).isEqualTo(swExact);
      }
    }
  }

  private static int bucketOf(double v) {
    for (int i = 0; i < DURATION_BOUNDS.length; i++) {
      if (v <= DURATION_BOUNDS[i]) {
        return i;
      }
    }
    return DURATION_BOUNDS.length;
  }
}
