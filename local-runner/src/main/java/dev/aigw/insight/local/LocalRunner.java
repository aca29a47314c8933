package dev.aigw.insight.local;

import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.GenAiInsightJob;
import dev.aigw.insight.job.JobOptions;
import dev.aigw.insight.job.config.JobConfigLoader;
import dev.aigw.insight.job.options.LogsOptions;
import dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions;
import dev.aigw.insight.source.otlp.OtlpReceiverOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job on this machine with no servers to install: a Flink MiniCluster with its Web UI, the
 * OTLP receiver, an in-process OpenSearch holding the minute cells and the sampled logs (unless
 * {@code --banyandb.targets} or {@code --opensearch.hosts} point at real stores), and the dashboard
 * over them on http://127.0.0.1:8080.
 *
 * <pre>{@code
 * java -jar local-runner/target/local-runner.jar --demo
 * }</pre>
 *
 * <p>Everything listens on 127.0.0.1 only, and the Web UI cannot submit jobs or upload jars: a
 * developer's laptop on a shared network must not take telemetry, or code, from strangers. {@code
 * --local.expose true} opens the receiver, the Web UI, the dashboard and the embedded store to
 * other hosts.
 */
public final class LocalRunner {

  private static final int WEB_UI_PORT = 8081;
  private static final String LOOPBACK = "127.0.0.1";
  private static final String ALL_INTERFACES = "0.0.0.0";

  /** Name of the local run's metric reporter ({@code metrics.reporter.prom.*}, as on a cluster). */
  private static final String METRICS_REPORTER = "prom";

  private LocalRunner() {}

  public static void main(String[] args) throws Exception {
    Running running = start(JobConfigLoader.load(args), System.out);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } catch (Exception e) {
                    System.err.println("Shutdown: " + e);
                  }
                }));
    running.job().getJobExecutionResult().get();
  }

  /**
   * Starts the embedded store (unless an external one is configured), the job and the demo traffic,
   * prints the banner to {@code out}, and returns without waiting for the job.
   */
  public static Running start(Configuration conf, PrintStream out) throws Exception {
    Path dataDir = Path.of(conf.get(LocalRunnerOptions.DATA_DIR)).toAbsolutePath();
    boolean expose = conf.get(LocalRunnerOptions.EXPOSE);
    String listen = expose ? ALL_INTERFACES : LOOPBACK;

    EmbeddedOpenSearch openSearch = null;
    if (!conf.contains(OpenSearchSinkOptions.HOSTS)) {
      openSearch =
          EmbeddedOpenSearch.builder()
              .homeDirectory(dataDir.resolve("opensearch"))
              .httpPort(conf.get(LocalRunnerOptions.OPENSEARCH_PORT))
              .httpBindAddress(listen)
              .start();
      conf.set(OpenSearchSinkOptions.HOSTS, List.of(openSearch.httpUri().toString()));
      conf.set(LogsOptions.INDEX_REPLICAS, 0); // a single node cannot hold replicas
    }
    if (!conf.contains(BanyanDbSinkOptions.TARGETS) && !conf.contains(JobOptions.CELL_STORE)) {
      conf.set(JobOptions.CELL_STORE, JobOptions.CellStore.OPENSEARCH);
    }
    // The dashboard first: a taken port fails the start before the job runs. It reads the
    // store(s) this configuration has the job write to (OpenSearch unless banyandb.targets).
    LocalDashboard dashboard;
    try {
      dashboard = LocalDashboard.start(listen, conf.get(LocalRunnerOptions.DASHBOARD_PORT), conf);
    } catch (IOException | RuntimeException e) {
      if (openSearch != null) {
        openSearch.close();
      }
      throw e;
    }
    bindListeners(conf, listen);
    // One job runs here, started by this class: the Web UI is for looking only. (Flink's
    // web.cancel.enable only hides the cancel button; the REST API can still cancel, so the
    // port's address is what keeps strangers out.)
    conf.set(WebOptions.SUBMIT_ENABLE, false);
    conf.set(WebOptions.CANCEL_ENABLE, false);
    setIfAbsent(conf, RestOptions.PORT, WEB_UI_PORT);
    exposeMetrics(conf, listen);
    // One receiver: two parallel readers in one JVM would compete for one port.
    setIfAbsent(conf, CoreOptions.DEFAULT_PARALLELISM, 1);
    // Frequent checkpoints: the sinks flush on checkpoints, so results show up sooner.
    setIfAbsent(conf, CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
    setIfAbsent(
        conf,
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        dataDir.resolve("checkpoints").toUri().toString());

    Configuration jobConf = GenAiInsightJob.withJobDefaults(conf);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConf);
    GenAiInsightJob.build(env, jobConf);
    JobClient job;
    try {
      job = env.executeAsync(jobConf.get(JobOptions.JOB_NAME));
    } catch (Exception e) {
      dashboard.close();
      if (openSearch != null) {
        openSearch.close();
      }
      throw e;
    }

    int receiverPort = jobConf.get(OtlpReceiverOptions.PORT);
    int httpReceiverPort =
        jobConf.get(OtlpReceiverOptions.HTTP_ENABLED)
            ? jobConf.get(OtlpReceiverOptions.HTTP_PORT)
            : -1;
    printBanner(out, jobConf, receiverPort, httpReceiverPort, openSearch, dashboard.port(), listen);
    if (expose) {
      warnExposed(out, jobConf, openSearch != null);
    }

    ScheduledExecutorService demo = null;
    DemoTraffic traffic = null;
    if (conf.get(LocalRunnerOptions.DEMO)) {
      // The demo client knows the inline token only; with a token file, set the inline one too.
      traffic =
          new DemoTraffic(
              "http://127.0.0.1:" + receiverPort,
              "my-ai-gateway",
              "aigw-1",
              jobConf.get(OtlpReceiverOptions.BEARER_TOKEN));
      demo = Executors.newSingleThreadScheduledExecutor();
      DemoTraffic sender = traffic;
      long interval = conf.get(LocalRunnerOptions.DEMO_INTERVAL).toMillis();
      demo.scheduleWithFixedDelay(
          () -> {
            try {
              out.println(sender.sendOne());
            } catch (RuntimeException e) {
              // keep the demo going: a failed send must not cancel the schedule
              System.err.println("Demo request failed: " + e);
            }
          },
          1000,
          interval,
          TimeUnit.MILLISECONDS);
    }
    return new Running(
        job,
        receiverPort,
        httpReceiverPort,
        jobConf.get(RestOptions.PORT),
        openSearch,
        dashboard,
        demo,
        traffic);
  }

  /**
   * The receiver, the Web UI and (when exposed) the embedded store listen on {@code listen}; the
   * MiniCluster's internal endpoints (blob server, TaskManager data and RPC) stay on the loopback
   * address in every case: no other host has business there. An explicit option wins.
   */
  private static void bindListeners(Configuration conf, String listen) {
    setIfAbsent(conf, OtlpReceiverOptions.BIND_ADDRESS, listen);
    setIfAbsent(conf, RestOptions.BIND_ADDRESS, listen);
    setIfAbsent(conf, RestOptions.ADDRESS, LOOPBACK);
    setIfAbsent(conf, JobManagerOptions.BIND_HOST, LOOPBACK);
    setIfAbsent(conf, JobManagerOptions.ADDRESS, LOOPBACK);
    setIfAbsent(conf, TaskManagerOptions.BIND_HOST, LOOPBACK);
    setIfAbsent(conf, TaskManagerOptions.HOST, LOOPBACK);
  }

  /**
   * The job's metrics in Prometheus' format, from Flink's own reporter code (so the names are those
   * a cluster's {@code PrometheusReporterFactory} exposes), bound like the other listeners.
   */
  private static void exposeMetrics(Configuration conf, String listen) {
    String prefix = "metrics.reporter." + METRICS_REPORTER + ".";
    conf.set(
        stringOption(prefix + "factory.class"), LocalPrometheusReporterFactory.class.getName());
    conf.set(stringOption(prefix + LocalPrometheusReporterFactory.HOST), listen);
    conf.set(
        stringOption(prefix + LocalPrometheusReporterFactory.PORT),
        Integer.toString(conf.get(LocalRunnerOptions.METRICS_PORT)));
  }

  private static ConfigOption<String> stringOption(String key) {
    return ConfigOptions.key(key).stringType().noDefaultValue();
  }

  private static void warnExposed(PrintStream out, Configuration conf, boolean embeddedStore) {
    out.println(
        "WARNING: "
            + LocalRunnerOptions.EXPOSE.key()
            + "=true: the OTLP receiver, the Flink Web UI, the dashboard"
            + (embeddedStore ? " and the embedded OpenSearch" : "")
            + " accept connections from other hosts.");
    boolean token =
        conf.contains(OtlpReceiverOptions.BEARER_TOKEN)
            || conf.contains(OtlpReceiverOptions.BEARER_TOKENS_FILE)
            || conf.contains(OtlpReceiverOptions.BEARER_TOKENS_ENV);
    if (!token) {
      out.println(
          "WARNING: the OTLP receiver requires no token: anyone who can reach this machine can"
              + " write telemetry. Set "
              + OtlpReceiverOptions.BEARER_TOKENS_FILE.key()
              + " (or "
              + OtlpReceiverOptions.BEARER_TOKENS_ENV.key()
              + ").");
    }
    if (embeddedStore) {
      out.println(
          "WARNING: the embedded OpenSearch has no authentication: anyone who can reach it can"
              + " read and delete the cells and access logs.");
    }
  }

  private static <T> void setIfAbsent(Configuration conf, ConfigOption<T> option, T value) {
    if (!conf.contains(option)) {
      conf.set(option, value);
    }
  }

  private static void printBanner(
      PrintStream out,
      Configuration conf,
      int receiverPort,
      int httpReceiverPort,
      EmbeddedOpenSearch store,
      int dashboardPort,
      String listen) {
    String os = conf.get(OpenSearchSinkOptions.HOSTS).get(0);
    out.println();
    out.println("AI Gateway Insight is running locally.");
    out.println(
        "  Dashboard          : http://127.0.0.1:"
            + dashboardPort
            + (LOOPBACK.equals(listen) ? "" : " (bound to " + listen + ")"));
    out.println(
        "  OTLP/gRPC receiver : "
            + conf.get(OtlpReceiverOptions.BIND_ADDRESS)
            + ":"
            + receiverPort);
    if (httpReceiverPort > 0) {
      out.println(
          "  OTLP/HTTP receiver : http://"
              + conf.get(OtlpReceiverOptions.BIND_ADDRESS)
              + ":"
              + httpReceiverPort
              + " (/v1/metrics, /v1/logs, /v1/traces)");
    }
    out.println(
        "  Flink Web UI       : http://localhost:"
            + conf.get(RestOptions.PORT)
            + " (bound to "
            + conf.get(RestOptions.BIND_ADDRESS)
            + "; job submission off)");
    out.println(
        "  Prometheus metrics : http://localhost:"
            + conf.get(LocalRunnerOptions.METRICS_PORT)
            + "/metrics (bound to "
            + listen
            + "; docs/operations.md lists them)");
    out.println("  OpenSearch         : " + os + (store != null ? " (embedded)" : " (external)"));
    out.println("  Minute cells       : " + conf.get(JobOptions.CELL_STORE));
    out.println();
    out.println(
        "About a minute after traffic starts, open the dashboard, or see the stored numbers:");
    out.println(
        "  curl -s '"
            + os
            + "/"
            + conf.get(JobOptions.CELL_INDEX_PREFIX)
            + "-*/_search?q=dimension:MODEL&sort=timestamp:desc&size=5&pretty'");
    out.println(
        "  curl -s '"
            + os
            + "/"
            + conf.get(LogsOptions.INDEX_PREFIX)
            + "-*/_search?sort=timestamp:desc&size=5&pretty'");
    out.println("Stop with Ctrl+C.");
    out.println();
  }

  /** What {@link #start} started; {@link #close()} stops it all. */
  public static final class Running implements AutoCloseable {
    private final JobClient job;
    private final int receiverPort;
    private final int httpReceiverPort;
    private final int webUiPort;
    private final EmbeddedOpenSearch openSearch;
    private final LocalDashboard dashboard;
    private final ScheduledExecutorService demo;
    private final DemoTraffic traffic;

    private Running(
        JobClient job,
        int receiverPort,
        int httpReceiverPort,
        int webUiPort,
        EmbeddedOpenSearch openSearch,
        LocalDashboard dashboard,
        ScheduledExecutorService demo,
        DemoTraffic traffic) {
      this.job = job;
      this.receiverPort = receiverPort;
      this.httpReceiverPort = httpReceiverPort;
      this.webUiPort = webUiPort;
      this.openSearch = openSearch;
      this.dashboard = dashboard;
      this.demo = demo;
      this.traffic = traffic;
    }

    public JobClient job() {
      return job;
    }

    public int receiverPort() {
      return receiverPort;
    }

    /** The OTLP/HTTP port, or -1 when {@code otlp.http.enabled} is false. */
    public int httpReceiverPort() {
      return httpReceiverPort;
    }

    public int webUiPort() {
      return webUiPort;
    }

    /** The port the dashboard listens on. */
    public int dashboardPort() {
      return dashboard.port();
    }

    /** The embedded store, or null when an external OpenSearch is used. */
    public EmbeddedOpenSearch openSearch() {
      return openSearch;
    }

    /**
     * Stops the demo traffic and the dashboard, cancels the job (which stops the MiniCluster),
     * stops the store.
     */
    @Override
    public void close() throws Exception {
      if (demo != null) {
        demo.shutdownNow();
        traffic.close();
      }
      dashboard.close();
      try {
        job.cancel().get(30, TimeUnit.SECONDS);
      } finally {
        if (openSearch != null) {
          openSearch.close();
        }
      }
    }
  }
}
