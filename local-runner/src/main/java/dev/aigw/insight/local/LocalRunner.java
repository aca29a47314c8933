package dev.aigw.insight.local;

import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.GenAiInsightJob;
import dev.aigw.insight.job.JobOptions;
import dev.aigw.insight.job.config.JobConfigLoader;
import dev.aigw.insight.job.options.LogsOptions;
import dev.aigw.insight.sink.banyandb.BanyanDbSinkOptions;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkOptions;
import dev.aigw.insight.source.otlp.OtlpReceiverOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job on this machine with no servers to install: a Flink MiniCluster with its Web UI, the
 * OTLP receiver, and an in-process OpenSearch holding the minute cells and the sampled logs (unless
 * {@code --banyandb.targets} or {@code --opensearch.hosts} point at real stores).
 *
 * <pre>{@code
 * java -jar local-runner/target/local-runner.jar --demo
 * }</pre>
 */
public final class LocalRunner {

  private static final int WEB_UI_PORT = 8081;

  private LocalRunner() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = JobConfigLoader.load(args);
    Path dataDir = Path.of(conf.get(LocalRunnerOptions.DATA_DIR)).toAbsolutePath();

    EmbeddedOpenSearch openSearch = null;
    if (!conf.contains(OpenSearchSinkOptions.HOSTS)) {
      openSearch =
          EmbeddedOpenSearch.builder()
              .homeDirectory(dataDir.resolve("opensearch"))
              .httpPort(conf.get(LocalRunnerOptions.OPENSEARCH_PORT))
              .start();
      conf.set(OpenSearchSinkOptions.HOSTS, List.of(openSearch.httpUri().toString()));
      conf.set(LogsOptions.INDEX_REPLICAS, 0); // a single node cannot hold replicas
    }
    if (!conf.contains(BanyanDbSinkOptions.TARGETS) && !conf.contains(JobOptions.CELL_STORE)) {
      conf.set(JobOptions.CELL_STORE, JobOptions.CellStore.OPENSEARCH);
    }
    setIfAbsent(conf, RestOptions.PORT, WEB_UI_PORT);
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
    JobClient job = env.executeAsync(jobConf.get(JobOptions.JOB_NAME));

    int receiverPort = jobConf.get(OtlpReceiverOptions.PORT);
    printBanner(jobConf, receiverPort, openSearch);

    ScheduledExecutorService demo = null;
    DemoTraffic traffic = null;
    if (conf.get(LocalRunnerOptions.DEMO)) {
      traffic = new DemoTraffic("http://127.0.0.1:" + receiverPort, "my-ai-gateway", "aigw-1");
      demo = Executors.newSingleThreadScheduledExecutor();
      DemoTraffic sender = traffic;
      long interval = conf.get(LocalRunnerOptions.DEMO_INTERVAL).toMillis();
      demo.scheduleWithFixedDelay(
          () -> {
            try {
              System.out.println(sender.sendOne());
            } catch (RuntimeException e) {
              // keep the demo going: a failed send must not cancel the schedule
              System.err.println("Demo request failed: " + e);
            }
          },
          1000,
          interval,
          TimeUnit.MILLISECONDS);
    }

    EmbeddedOpenSearch store = openSearch;
    ScheduledExecutorService demoThread = demo;
    DemoTraffic demoTraffic = traffic;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (demoThread != null) {
                      demoThread.shutdownNow();
                      demoTraffic.close();
                    }
                    job.cancel().get(10, TimeUnit.SECONDS);
                    if (store != null) {
                      store.close();
                    }
                  } catch (Exception e) {
                    System.err.println("Shutdown: " + e);
                  }
                }));
    job.getJobExecutionResult().get();
  }

  private static <T> void setIfAbsent(
      Configuration conf, org.apache.flink.configuration.ConfigOption<T> option, T value) {
    if (!conf.contains(option)) {
      conf.set(option, value);
    }
  }

  private static void printBanner(Configuration conf, int receiverPort, EmbeddedOpenSearch store) {
    String os = conf.get(OpenSearchSinkOptions.HOSTS).get(0);
    System.out.println();
    System.out.println("AI Gateway Insight is running locally.");
    System.out.println("  OTLP/gRPC receiver : 127.0.0.1:" + receiverPort);
    System.out.println("  Flink Web UI       : http://localhost:" + conf.get(RestOptions.PORT));
    System.out.println(
        "  OpenSearch         : " + os + (store != null ? " (embedded)" : " (external)"));
    System.out.println("  Minute cells       : " + conf.get(JobOptions.CELL_STORE));
    System.out.println();
    System.out.println("About a minute after traffic starts, see the numbers:");
    System.out.println(
        "  curl -s '"
            + os
            + "/"
            + conf.get(JobOptions.CELL_INDEX_PREFIX)
            + "-*/_search?q=dimension:MODEL&sort=timestamp:desc&size=5&pretty'");
    System.out.println(
        "  curl -s '"
            + os
            + "/"
            + conf.get(LogsOptions.INDEX_PREFIX)
            + "-*/_search?sort=timestamp:desc&size=5&pretty'");
    System.out.println("Stop with Ctrl+C.");
    System.out.println();
  }
}
