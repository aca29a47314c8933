package dev.aigw.insight.local;

import java.util.Properties;
import org.apache.flink.metrics.prometheus.HostBoundPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates the local runner's Prometheus reporter from {@code metrics.reporter.prom.host} and {@code
 * metrics.reporter.prom.port} (set by {@link LocalRunner} from {@code metrics.port} and {@code
 * local.expose}). Found by Flink through {@code META-INF/services}.
 */
public final class LocalPrometheusReporterFactory implements MetricReporterFactory {

  /** The reporter option naming the address to bind. */
  static final String HOST = "host";

  /** The reporter option naming the port to bind. */
  static final String PORT = "port";

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new HostBoundPrometheusReporter(
        properties.getProperty(HOST, "127.0.0.1"),
        Integer.parseInt(properties.getProperty(PORT, "9249")));
  }
}
