package dev.aigw.insight.job.testing;

import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.GenAiInsightJob;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole job as {@link GenAiInsightJob#build} wires it, with its own defaults (RocksDB,
 * checkpoints, generic types off), on the test's MiniCluster, writing cells and access logs to an
 * embedded OpenSearch; and the gateway traffic the tests send it. Short watermark, flush and bulk
 * intervals, so that the minute that just ended is in the store within seconds.
 */
public final class WholeJobOnOpenSearch {

  /** Nanoseconds per millisecond. */
  public static final long MS = 1_000_000L;

  private static final long MINUTE_MS = 60_000L;

  private final EmbeddedOpenSearch openSearch;

  public WholeJobOnOpenSearch(EmbeddedOpenSearch openSearch) {
    this.openSearch = openSearch;
  }

  /**
   * The job's configuration (with {@link GenAiInsightJob#withJobDefaults}): the receiver on {@code
   * port}, cells and logs to the embedded node, 1 s out-of-orderness and idle timeout, 200 ms
   * combiner and bulk flushes, checkpoints every second into {@code checkpoints}.
   */
  public Configuration configuration(int port, Path checkpoints) {
    Configuration conf = new Configuration();
    conf.setString("otlp.receiver.port", Integer.toString(port));
    // The OTLP/HTTP server runs too: on a free port, not the shared default 4318.
    conf.setString("otlp.http.port", Integer.toString(FreePort.range(1)));
    conf.setString("otlp.receiver.bind-address", "127.0.0.1");
    conf.setString("cells.store", "OPENSEARCH");
    conf.setString("opensearch.hosts", openSearch.httpUri().toString());
    conf.setString("logs.index.number-of-replicas", "0");
    conf.setString("analysis.watermark.out-of-orderness", "1 s");
    conf.setString("analysis.watermark.idle-timeout", "1 s");
    conf.setString("analysis.combine.flush-interval", "200 ms");
    conf.setString("execution.checkpointing.interval", "1 s");
    conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
    conf.setString("opensearch.bulk.flush-interval", "200 ms");
    return GenAiInsightJob.withJobDefaults(conf);
  }

  /**
   * Starts the job configured by {@code jobConf} (from {@link #configuration}) at parallelism 1 and
   * returns once its receiver listens on {@code port}.
   */
  public JobClient start(Configuration jobConf, int port, String name) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConf);
    env.setParallelism(1);
    GenAiInsightJob.build(env, jobConf);
    JobClient job = env.executeAsync(name);
    awaitReceiver(port);
    return job;
  }

  /** Waits until the OTLP receiver listens (it binds once its reader has its split). */
  public static void awaitReceiver(int port) throws InterruptedException {
    Await.listening(Duration.ofSeconds(60), "127.0.0.1", port);
  }

  /** The cells the job wrote. */
  public OpenSearchCells cells() {
    return new OpenSearchCells(openSearch.httpUri(), "aigw-cells");
  }

  /**
   * The end of the minute that just ended on the wall clock: the job runs on the system clock, and
   * the idle watermark closes that minute about a second after the traffic stops.
   */
  public static long lastMinuteEndMs() {
    return System.currentTimeMillis() / MINUTE_MS * MINUTE_MS;
  }

  /** A gateway instance {@code <service>-pod-1} that sends to the job's receiver. */
  public static GatewaySimulator gateway(
      int port, String service, Temporality temporality, long startedAtNanos) {
    return GatewaySimulator.builder("http://127.0.0.1:" + port)
        .service(service)
        .instance(service + "-pod-1")
        .temporality(temporality)
        .startedAt(startedAtNanos)
        .build();
  }

  /**
   * The traffic mix, {@code spacingNanos} apart from {@code firstNanos}: an OpenAI request with
   * cached input, an Anthropic streaming one and a failed one for a model no price table knows.
   */
  public static GatewaySimulator submitMix(
      GatewaySimulator gateway, long firstNanos, long spacingNanos) {
    return gateway
        .submit(
            SimulatedRequest.at(firstNanos)
                .provider("openai")
                .model("gpt-4o")
                .latency(0.75)
                .tokens(1200, 300)
                .cache(256, 0))
        .submit(
            SimulatedRequest.at(firstNanos + spacingNanos)
                .provider("anthropic")
                .model("claude-sonnet-4-5")
                .latency(2.5)
                .streaming(0.25, 0.03125)
                .tokens(4000, 512))
        .submit(
            SimulatedRequest.at(firstNanos + 2 * spacingNanos)
                .provider("openai")
                .model("non-existent-model")
                .latency(0.0625)
                .failed());
  }
}
