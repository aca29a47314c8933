package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramAccumulatorTest {

  private static final double[] B = {1, 2, 4};

  @Test
  void mergesCountsSumsAndKnownExtremes() {
    HistogramAccumulator h = new HistogramAccumulator();
    h.add(B, new long[] {1, 0, 0, 0}, 0.5, 1, 0.5, 0.5);
    h.add(B, new long[] {0, 0, 1, 1}, 8, 2, 3, 5);
    assertThat(h.counts).containsExactly(1, 0, 1, 1);
    assertThat(h.sum).isEqualTo(8.5);
    assertThat(h.count).isEqualTo(3);
    assertThat(h.minKnown).isTrue();
    assertThat(h.min).isEqualTo(0.5);
    assertThat(h.max).isEqualTo(5.0);
  }

  @Test
  void oneUnknownMinMakesTheMinUnknown() {
    HistogramAccumulator h = new HistogramAccumulator();
    h.add(B, new long[] {1, 0, 0, 0}, 0.5, 1, 0.5, 0.5);
    h.add(B, new long[] {0, 1, 0, 0}, 1.5, 1, Double.NaN, 1.5);
    assertThat(h.minKnown).isFalse();
    assertThat(h.maxKnown).isTrue();
    assertThat(h.max).isEqualTo(1.5);
    HistogramAccumulator merged = new HistogramAccumulator();
    merged.merge(h);
    assertThat(merged.minKnown).isFalse();
    assertThat(merged.count).isEqualTo(2);
  }

  @Test
  void emptyPartsChangeNothing() {
    HistogramAccumulator h = new HistogramAccumulator();
    h.add(B, new long[] {0, 0, 0, 0}, 0, 0, Double.NaN, Double.NaN);
    assertThat(h.count).isZero();
    assertThat(h.bounds).isNull();
  }

  @Test
  void otherBoundsAreRebucketedByUpperBound() {
    HistogramAccumulator h = new HistogramAccumulator();
    h.add(B, new long[] {1, 0, 0, 0}, 0.5, 1, 0.5, 0.5);
    h.add(new double[] {2, 3}, new long[] {1, 1, 1}, 7, 3, 1, 4);
    // (..2] -> bucket (1,2]; (2,3] -> (2,4]; (3,inf) -> (4,inf)
    assertThat(h.counts).containsExactly(1, 1, 1, 1);
    assertThat(h.count).isEqualTo(4);
  }
}
