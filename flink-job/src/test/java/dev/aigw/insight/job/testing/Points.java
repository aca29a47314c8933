package dev.aigw.insight.job.testing;

import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.Temporality;

/** Builds {@link GenAiPoint}s for operator tests. */
public final class Points {

  /** Bounds used by {@link #histogram}: (−∞,1], (1,2], (2,4], (4,∞). */
  public static final double[] BOUNDS = {1, 2, 4};

  public static final long SECOND = 1_000_000_000L;

  private Points() {}

  /** A request-duration point of {@code series} on resource "r1" (service svc, instance i1). */
  public static GenAiPoint histogram(
      Temporality temporality, String series, long startNanos, long timeNanos, long... counts) {
    GenAiPoint p = new GenAiPoint();
    p.service = "svc";
    p.instance = "i1";
    p.provider = "openai";
    p.model = "gpt-4o";
    p.metric = MetricKind.REQUEST_DURATION;
    p.temporality = temporality;
    p.startTimeNanos = startNanos;
    p.timeNanos = timeNanos;
    p.explicitBounds = BOUNDS.clone();
    p.bucketCounts = counts.clone();
    long n = 0;
    double sum = 0;
    double[] mid = {0.5, 1.5, 3, 5};
    for (int i = 0; i < counts.length; i++) {
      n += counts[i];
      sum += counts[i] * mid[i];
    }
    p.count = n;
    p.sum = sum;
    p.resourceKey = "r1";
    p.seriesKey = series;
    return p;
  }

  public static GenAiPoint cumulative(String series, long startNanos, long timeNanos, long... c) {
    return histogram(Temporality.CUMULATIVE, series, startNanos, timeNanos, c);
  }

  public static GenAiPoint delta(String series, long startNanos, long timeNanos, long... c) {
    return histogram(Temporality.DELTA, series, startNanos, timeNanos, c);
  }

  /** The partial aggregate the temporality stage would emit for these delta points. */
  public static LeafAggregate partial(GenAiPoint... points) {
    LeafAggregate a = new LeafAggregate();
    for (GenAiPoint p : points) {
      a.add(p);
    }
    return a;
  }
}
