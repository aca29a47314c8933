package dev.aigw.insight.dashboard;

import dev.aigw.insight.dashboard.api.AttributionApi;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.dashboard.read.attribution.AttributionStore;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.tokens.AccessTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

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

  /** A started dashboard: its server and the stores it reads; closing closes them all. */
  record Running(DashboardServer server, TelemetryStore store, AttributionStore attribution)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        server.close();
      } finally {
        try {
          store.close();
        } finally {
          attribution.close();
        }
      }
    }
  }

  /** How often the token file is checked for a change (a rotated Kubernetes Secret). */
  static final Duration TOKEN_FILE_CHECK = Duration.ofSeconds(10);

  /** The token file's re-reading, on standard error (counts and the path, never tokens). */
  private static final AccessTokens.Events TOKEN_EVENTS =
      new AccessTokens.Events() {
        @Override
        public void reloaded(Path file, int accepted) {
          System.err.println(
              "Bearer tokens re-read from " + file + ": " + accepted + " token(s) accepted now");
        }

        @Override
        public void keptPrevious(Path file, String why, int accepted) {
          System.err.println(
              "The bearer token file "
                  + file
                  + " cannot be used ("
                  + why
                  + "); the previous "
                  + accepted
                  + " token(s) stay accepted");
        }
      };

  /** Opens the store and starts the server. */
  static Running start(DashboardConfig config) throws Exception {
    String tokensFile = config.get("dashboard.bearer-tokens-file");
    AccessTokens tokens =
        AccessTokens.fromSources(
            new AccessTokens.Sources(
                config.get("dashboard.bearer-token"),
                "dashboard.bearer-token",
                config.get("dashboard.bearer-tokens-env"),
                "dashboard.bearer-tokens-env",
                tokensFile == null ? null : Path.of(tokensFile),
                "dashboard.bearer-tokens-file",
                TOKEN_FILE_CHECK),
            config.environment(),
            System::nanoTime,
            TOKEN_EVENTS);
    TelemetryStore store = TelemetryStores.open(config);
    AttributionStore attribution = null;
    try {
      attribution = AttributionStores.open(config);
      DashboardServer server =
          DashboardServer.start(
              config.get("dashboard.host", "127.0.0.1"),
              config.getInt("dashboard.port", 8080),
              tokens,
              ApiRoutes.all(
                  new QueryApi(store),
                  new AttributionApi(
                      attribution,
                      AttributionStores.configured(config),
                      AttributionStores.secret(config))));
      return new Running(server, store, attribution);
    } catch (IOException | RuntimeException e) {
      store.close();
      if (attribution != null) {
        attribution.close();
      }
      throw e;
    }
  }
}
