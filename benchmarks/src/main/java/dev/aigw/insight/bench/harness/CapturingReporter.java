package dev.aigw.insight.bench.harness;

import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/** Hands every metric of the in-process cluster to {@link CapturedMetrics}. */
public final class CapturingReporter implements MetricReporter {

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    CapturedMetrics.add(group.getMetricIdentifier(metricName), metric);
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    CapturedMetrics.remove(group.getMetricIdentifier(metricName));
  }
}
