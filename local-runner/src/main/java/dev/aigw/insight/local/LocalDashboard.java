package dev.aigw.insight.local;

import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.dashboard.server.DashboardServer;
import java.net.URI;
import java.util.List;

/**
 * The dashboard of a local run: the web page and its query API on {@code dashboard.port}, bound to
 * the same address as the other local listeners (loopback unless {@code --local.expose}), without a
 * token (like the local receiver: only this machine reaches it), reading the OpenSearch the job
 * writes to.
 */
final class LocalDashboard implements AutoCloseable {

  private final OpenSearchTelemetryStore store;
  private final DashboardServer server;

  private LocalDashboard(OpenSearchTelemetryStore store, DashboardServer server) {
    this.store = store;
    this.server = server;
  }

  /**
   * Starts the dashboard on {@code host:port} (port 0 = any free port) over the OpenSearch at
   * {@code hosts}, with the job's index prefixes.
   */
  static LocalDashboard start(
      String host, int port, List<String> hosts, String cellsPrefix, String logsPrefix) {
    OpenSearchTelemetryStore store =
        new OpenSearchTelemetryStore(
            OpenSearchReadOptions.of(hosts.stream().map(URI::create).toList())
                .withIndexPrefixes(cellsPrefix, logsPrefix));
    try {
      return new LocalDashboard(
          store, DashboardServer.start(host, port, null, new QueryApi(store)));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The port the dashboard listens on. */
  int port() {
    return server.port();
  }

  /** Stops the server, then frees the store's connections. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
    }
  }
}
