package dev.aigw.insight.job.temporality;

import dev.aigw.insight.job.options.AnalysisMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The temporality stage's job metrics (names in {@link AnalysisMetrics}). */
public final class TemporalityCounters {

  final Counter baselineOnly;
  final Counter newSeries;
  final Counter freshStart;
  final Counter resets;
  final Counter stale;
  final Counter expired;
  final Counter duplicates;

  public TemporalityCounters(MetricGroup group) {
    baselineOnly = group.counter(AnalysisMetrics.CUMULATIVE_BASELINE_ONLY);
    newSeries = group.counter(AnalysisMetrics.CUMULATIVE_FIRST_COUNTED_NEW_SERIES);
    freshStart = group.counter(AnalysisMetrics.CUMULATIVE_FIRST_COUNTED_FRESH_START);
    resets = group.counter(AnalysisMetrics.CUMULATIVE_RESETS);
    stale = group.counter(AnalysisMetrics.CUMULATIVE_STALE_DROPPED);
    expired = group.counter(AnalysisMetrics.SERIES_EXPIRED);
    duplicates = group.counter(AnalysisMetrics.DELTA_DUPLICATES_DROPPED);
  }
}
