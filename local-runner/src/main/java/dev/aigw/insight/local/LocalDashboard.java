package dev.aigw.insight.local;

import dev.aigw.insight.dashboard.DashboardApis;
import dev.aigw.insight.dashboard.DashboardConfig;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The dashboard of a local run: the web page and its query API on {@code dashboard.port}, bound to
 * the same address as the other local listeners (loopback unless {@code --local.expose}), without a
 * token (like the local receiver: only this machine reaches it), reading the store(s) the job
 * writes to, chosen from the job's own configuration as the standalone dashboard chooses them
 * ({@link TelemetryStores}: {@code cells.store}, {@code logs.store} and their keys).
 */
final class LocalDashboard implements AutoCloseable {

  private final DashboardApis apis;
  private final DashboardServer server;

  private LocalDashboard(DashboardApis apis, DashboardServer server) {
    this.apis = apis;
    this.server = server;
  }

  /**
   * Starts the dashboard on {@code host:port} (port 0 = any free port) over the stores of the job
   * configuration {@code jobConf}.
   */
  static LocalDashboard start(String host, int port, Configuration jobConf) throws IOException {
    DashboardConfig config = DashboardConfig.of(keys(jobConf), System::getenv);
    DashboardApis apis = DashboardApis.open(config);
    try {
      return new LocalDashboard(apis, DashboardServer.start(host, port, null, apis));
    } catch (RuntimeException e) {
      apis.close();
      throw e;
    }
  }

  /**
   * The job configuration under its keys, lists {@code ;}-separated as the dashboard reads them
   * (Flink writes them in YAML's flow style).
   */
  static Map<String, String> keys(Configuration jobConf) {
    Map<String, String> keys = new HashMap<>(jobConf.toMap());
    for (ConfigOption<List<String>> list :
        List.of(OpenSearchSinkOptions.HOSTS, BanyanDbSinkOptions.TARGETS)) {
      jobConf.getOptional(list).ifPresent(values -> keys.put(list.key(), String.join(";", values)));
    }
    return keys;
  }

  /** The port the dashboard listens on. */
  int port() {
    return server.port();
  }

  /** Stops the server, then frees the stores' connections. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      apis.close();
    }
  }
}
