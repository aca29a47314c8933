package dev.aigw.insight.local;

import dev.aigw.insight.dashboard.AlertStores;
import dev.aigw.insight.dashboard.DashboardConfig;
import dev.aigw.insight.dashboard.DashboardMain;
import dev.aigw.insight.dashboard.TelemetryStores;
import dev.aigw.insight.dashboard.api.AlertsApi;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.pipeline.PipelineApi;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.dashboard.read.alerts.AlertStore;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * The dashboard of a local run: the web page and its query API on {@code dashboard.port}, bound to
 * the same address as the other local listeners (loopback unless {@code --local.expose}), without a
 * token (like the local receiver: only this machine reaches it), reading the store(s) the job
 * writes to, chosen from the job's own configuration as the standalone dashboard chooses them
 * ({@link TelemetryStores}: {@code cells.store}, {@code logs.store} and their keys), with the
 * Alerts page (the alert events of the cells' store) and the Pipeline page reading this
 * MiniCluster's own REST API ({@code dashboard.flink-rest} unless given).
 */
final class LocalDashboard implements AutoCloseable {

  /** The dashboard's key of Flink's REST address (the Pipeline page). */
  static final String FLINK_REST = "dashboard.flink-rest";

  private final TelemetryStore store;
  private final AlertStore alerts;
  private final DashboardServer server;

  private LocalDashboard(TelemetryStore store, AlertStore alerts, DashboardServer server) {
    this.store = store;
    this.alerts = alerts;
    this.server = server;
  }

  /**
   * Starts the dashboard on {@code host:port} (port 0 = any free port) over the stores of the job
   * configuration {@code jobConf}.
   */
  static LocalDashboard start(String host, int port, Configuration jobConf) throws IOException {
    DashboardConfig config = DashboardConfig.of(keys(jobConf), System::getenv);
    TelemetryStore store = TelemetryStores.open(config);
    AlertStore alerts = null;
    try {
      alerts = AlertStores.open(config);
      QueryApi query = new QueryApi(store);
      AlertsApi alertsApi = new AlertsApi(alerts);
      PipelineApi pipeline = new PipelineApi(DashboardMain.pipelineReader(config));
      DashboardServer server =
          DashboardServer.start(
              host,
              port,
              null,
              routes -> {
                query.register(routes);
                alertsApi.register(routes);
                pipeline.register(routes);
              });
      return new LocalDashboard(store, alerts, server);
    } catch (IOException | RuntimeException e) {
      store.close();
      if (alerts != null) {
        alerts.close();
      }
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
    // the Pipeline page reads this MiniCluster's REST API, always reachable on the loopback address
    keys.putIfAbsent(FLINK_REST, "http://127.0.0.1:" + jobConf.get(RestOptions.PORT));
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
      try {
        store.close();
      } finally {
        alerts.close();
      }
    }
  }
}
