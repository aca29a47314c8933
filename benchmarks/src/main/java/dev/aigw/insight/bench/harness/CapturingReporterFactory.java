package dev.aigw.insight.bench.harness;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Creates the {@link CapturingReporter} ({@code metrics.reporter.NAME.factory.class}). */
public final class CapturingReporterFactory implements MetricReporterFactory {

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new CapturingReporter();
  }
}
