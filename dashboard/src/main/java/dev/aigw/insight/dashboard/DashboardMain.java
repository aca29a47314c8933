package dev.aigw.insight.dashboard;

import dev.aigw.insight.dashboard.server.DashboardServer;
import dev.aigw.insight.tokens.AccessTokens;
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
            + running.apis()
            + ")");
  }

  /** A started dashboard: its server and the stores it reads; closing closes them all. */
  record Running(DashboardServer server, DashboardApis apis) implements AutoCloseable {
    @Override
    public void close() {
      try {
        server.close();
      } finally {
        apis.close();
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
    DashboardApis apis = DashboardApis.open(config);
    try {
      DashboardServer server =
          DashboardServer.start(
              config.get("dashboard.host", "127.0.0.1"),
              config.getInt("dashboard.port", 8080),
              tokens,
              apis);
      return new Running(server, apis);
    } catch (RuntimeException e) {
      apis.close();
      throw e;
    }
  }
}
