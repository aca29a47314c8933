package dev.aigw.insight.dashboard;

import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.dashboard.server.BearerTokens;
import dev.aigw.insight.dashboard.server.DashboardServer;
import java.nio.file.Path;

/**
 * Runs the dashboard alone against a cluster's stores: {@code --config <job.yaml>} and {@code --key
 * value} options (docs/dashboard.md, "Running the dashboard alone"). Prints the URL and serves
 * until the process is stopped.
 */
public final class DashboardMain {

  private DashboardMain() {}

  public static void main(String[] args) throws Exception {
    DashboardConfig config = DashboardConfig.fromArgs(args, System::getenv);
    Running running = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "dashboard-shutdown"));
    System.out.println(
        "Dashboard: http://"
            + config.get("dashboard.host", "127.0.0.1")
            + ":"
            + running.server().port()
            + "/ (reading "
            + running.store()
            + ")");
  }

  /** A started dashboard: its server and the store it reads; closing closes both. */
  record Running(DashboardServer server, TelemetryStore store) implements AutoCloseable {
    @Override
    public void close() {
      try {
        server.close();
      } finally {
        store.close();
      }
    }
  }

  /** Opens the store and starts the server. */
  static Running start(DashboardConfig config) throws Exception {
    String tokensFile = config.get("dashboard.bearer-tokens-file");
    BearerTokens tokens =
        BearerTokens.fromSources(
            config.get("dashboard.bearer-token"),
            config.get("dashboard.bearer-tokens-env"),
            tokensFile == null ? null : Path.of(tokensFile),
            config.environment());
    TelemetryStore store = TelemetryStores.open(config);
    try {
      DashboardServer server =
          DashboardServer.start(
              config.get("dashboard.host", "127.0.0.1"),
              config.getInt("dashboard.port", 8080),
              tokens,
              new QueryApi(store));
      return new Running(server, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }
}
