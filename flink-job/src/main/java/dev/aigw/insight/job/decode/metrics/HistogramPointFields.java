package dev.aigw.insight.job.decode.metrics;

import java.util.Arrays;

/**
 * The numeric fields of one {@code HistogramDataPoint} as the wire-format reader ({@link
 * MetricWireDecoding}) finds them, with protobuf's defaults for absent fields: what {@link
 * GenAiMetricDecoder#validate(HistogramPointFields)} checks and a point is built from. One instance
 * is reused for every point of a call, its arrays grown as needed.
 */
final class HistogramPointFields {
  long startTime;
  long time;
  long count;
  int flags;
  double sum;
  boolean hasSum;
  double min;
  boolean hasMin;
  double max;
  boolean hasMax;

  double[] bounds = new double[32];
  int boundCount;
  long[] bucketCounts = new long[32];
  int bucketCountCount;

  /** Back to an absent point (every field at its default). */
  void reset() {
    startTime = 0;
    time = 0;
    count = 0;
    flags = 0;
    sum = 0;
    hasSum = false;
    min = 0;
    hasMin = false;
    max = 0;
    hasMax = false;
    boundCount = 0;
    bucketCountCount = 0;
  }

  void addBound(double bound) {
    if (boundCount == bounds.length) {
      bounds = Arrays.copyOf(bounds, 2 * boundCount);
    }
    bounds[boundCount++] = bound;
  }

  void addBucketCount(long n) {
    if (bucketCountCount == bucketCounts.length) {
      bucketCounts = Arrays.copyOf(bucketCounts, 2 * bucketCountCount);
    }
    bucketCounts[bucketCountCount++] = n;
  }
}
