package dev.aigw.insight.job.alert.eval;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;
import dev.aigw.insight.job.aggregate.Percentiles;
import dev.aigw.insight.job.alert.rule.AlertMetric;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.cell.BucketCounts;
import dev.aigw.insight.schema.cell.MinuteCell;

/**
 * A percentile metric ({@code latency_p95_ms}, {@code ttft_p99_ms}, {@code tpot_p90_ms}, ...) over
 * a window, exact: the window's minutes' bucket counts are merged and the percentile is computed
 * from the merged histogram with the job's {@code analysis.percentile.method}, as the cell windows
 * compute a minute's percentiles ({@link Percentiles}); a window of one minute gives that minute's
 * cell value. A mean of the minutes' percentiles, even weighted by their counts, is not a
 * percentile of the window (a quiet slow minute and a busy fast one show why).
 *
 * <p>The bucket counts come with the minute cells from the job's cell windows ({@link
 * MinuteCell#latencyBuckets}) and are kept per minute in the evaluator's {@link MinuteRing}. A
 * window with a minute that has traffic but no bucket counts (minutes kept in a savepoint of a
 * version without them) falls back to the count-weighted mean of the minute percentiles until those
 * minutes leave the window.
 */
final class WindowPercentile {

  private WindowPercentile() {}

  /** The percentile (e.g. 95) a metric names, or NaN when it is not a duration percentile. */
  static double rankOf(AlertMetric metric) {
    String name = metric.name();
    if (!name.endsWith("_ms") || familyOf(name) == null) {
      return Double.NaN;
    }
    int p = name.indexOf("_p");
    if (p < 0) {
      return Double.NaN;
    }
    String digits = name.substring(p + 2, name.length() - 3);
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
      return Double.NaN;
    }
    return Integer.parseInt(digits);
  }

  /**
   * The minute's bucket counts a percentile metric reads, as an accumulator the ring can merge;
   * null when the metric is no percentile or the cell has none.
   */
  static HistogramAccumulator histogramOf(AlertMetric metric, MinuteCell cell) {
    if (Double.isNaN(rankOf(metric))) {
      return null;
    }
    BucketCounts b =
        switch (familyOf(metric.name())) {
          case "latency" -> cell.latencyBuckets;
          case "ttft" -> cell.ttftBuckets;
          default -> cell.tpotBuckets;
        };
    if (b == null || b.bounds == null || b.counts == null) {
      return null;
    }
    HistogramAccumulator h = new HistogramAccumulator();
    // only the buckets and min / max make a percentile; the sum is not needed
    h.add(b.bounds, b.counts, 0, b.total(), b.min, b.max);
    return h.count == 0 ? null : h;
  }

  /**
   * The input's bucket counts when they are the minute's: their count equals the minute's weight
   * (the metric's denominator: requests, TTFT or TPOT count); else null, so that an input whose
   * numbers were combined without its histogram (e.g. summed over several cells) falls back to the
   * weighted mean rather than taking one part's buckets for the whole.
   */
  static HistogramAccumulator ofMinute(RuleInput in) {
    HistogramAccumulator h = in.histogram;
    return h != null && h.count == in.denominator ? h : null;
  }

  /**
   * The percentile in ms of the minutes [fromMs, toMs] of the ring, from their merged bucket counts
   * (NaN without traffic), or {@link Result#UNKNOWN} when a minute with traffic has none.
   */
  static Result of(MinuteRing ring, long fromMs, long toMs, double rank, PercentileMethod method) {
    HistogramAccumulator merged = ring.mergedHistogram(fromMs, toMs);
    if (merged == null) {
      return Result.UNKNOWN;
    }
    if (merged.count == 0) {
      return new Result(true, Double.NaN);
    }
    return new Result(true, Percentiles.of(merged, rank, method) * 1000.0);
  }

  /** A window's percentile: {@code exact} false when the ring lacks bucket counts for it. */
  record Result(boolean exact, double valueMs) {
    static final Result UNKNOWN = new Result(false, Double.NaN);
  }

  private static String familyOf(String name) {
    for (String family : new String[] {"latency", "ttft", "tpot"}) {
      if (name.startsWith(family + "_p")) {
        return family;
      }
    }
    return null;
  }
}
