package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Flink's Prometheus reporter, serving on one address instead of all of them: the local runner
 * binds every listener to 127.0.0.1, and Flink's {@link PrometheusReporter} always binds the
 * wildcard address. The metric names, labels and format are Flink's own (the collector registry of
 * {@link AbstractPrometheusReporter}, which is package-private: hence this class's package).
 */
public final class HostBoundPrometheusReporter extends AbstractPrometheusReporter {

  private final HTTPServer server;

  /** Serves {@code /metrics} on {@code host}:{@code port} ({@code 0} = any free port). */
  public HostBoundPrometheusReporter(String host, int port) {
    try {
      server = new HTTPServer(new InetSocketAddress(host, port), registry, true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not serve the Prometheus metrics on " + host + ":" + port, e);
    }
  }

  /** The port the endpoint listens on. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.stop();
    super.close();
  }
}
