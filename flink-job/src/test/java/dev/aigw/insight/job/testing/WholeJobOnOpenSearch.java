package dev.aigw.insight.job.testing;

import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.job.GenAiInsightJob;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.source.otlp.testing.FreePort;
import dev.aigw.insight.testing.Await;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

  /** The request ids of {@link #sendAccessLogs} that the job's sampling keeps. */
  public static final Set<String> KEPT_REQUEST_IDS =
      Set.of("req-missing-model", "req-expensive", "req-no-tokens");

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

  /**
   * Cancels {@code job} and waits until it is terminal: {@code cancel()} returns on the request's
   * acknowledgement, while tasks may still be writing a checkpoint into a directory the test is
   * about to delete.
   */
  public static void stop(JobClient job) throws Exception {
    job.cancel().get(30, TimeUnit.SECONDS);
    Await.until(Duration.ofSeconds(30), "the job to stop", () -> isTerminal(job));
  }

  /**
   * Whether {@code job} has stopped. A job started without a shared cluster runs on its own
   * MiniCluster, which shuts down with the job: then the question itself fails, and the answer is
   * yes.
   */
  private static boolean isTerminal(JobClient job) {
    try {
      return job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState();
    } catch (Exception clusterGone) {
      return true;
    }
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

  /** A request of {@code provider} and {@code model} {@code seconds} before {@code nanos}. */
  public static SimulatedRequest secondsBefore(
      long nanos, int seconds, String provider, String model) {
    return SimulatedRequest.at(nanos - seconds * 1_000L * MS).provider(provider).model(model);
  }

  /**
   * Four gateway access logs of {@code <service>-pod-1}, a millisecond apart from {@code timeMs}
   * (so that newest-first is one order): the sampling keeps the 404, the expensive one and the one
   * without token counts ({@link #KEPT_REQUEST_IDS}) and drops the cheap successful one. The
   * provider is the gateway's backend name ({@code default/openai/route/...}).
   */
  public static void sendAccessLogs(int port, String service, long timeMs) {
    Resource resource =
        Resource.create(
            Attributes.builder()
                .put("service.name", service)
                .put("service.instance.id", service + "-pod-1")
                // the job takes access logs of the gateway's layer only
                .put("service.layer", "ENVOY_AI_GATEWAY")
                .build());
    try (SdkLoggerProvider logs =
        SdkLoggerProvider.builder()
            .setResource(resource)
            .addLogRecordProcessor(
                SimpleLogRecordProcessor.create(
                    OtlpGrpcLogRecordExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + port)
                        .build()))
            .build()) {
      emitLog(logs, timeMs, "req-cheap", "200", "15", "7");
      emitLog(logs, timeMs + 1, "req-missing-model", "404", "-", "-");
      emitLog(logs, timeMs + 2, "req-expensive", "200", "9000", "1500");
      emitLog(logs, timeMs + 3, "req-no-tokens", "200", "-", "-");
      if (!logs.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()) {
        throw new AssertionError("the access logs were not exported within 30 s");
      }
    }
  }

  private static void emitLog(
      SdkLoggerProvider logs,
      long timeMs,
      String requestId,
      String status,
      String input,
      String output) {
    logs.get("envoy")
        .logRecordBuilder()
        .setTimestamp(timeMs, TimeUnit.MILLISECONDS)
        .setBody("[START] /v1/chat/completions model=gpt-4o " + status)
        .setAllAttributes(
            Attributes.builder()
                .put("x-request-id", requestId)
                .put("response_code", status)
                .put("gen_ai.request.model", "gpt-4o")
                .put("gen_ai.response.model", "gpt-4o")
                .put("gen_ai.provider.name", "default/openai/route/aigw-run/rule/0/ref/0")
                .put("gen_ai.usage.input_tokens", input)
                .put("gen_ai.usage.output_tokens", output)
                .put("upstream_transport_failure_reason", "-")
                .put("duration", "250")
                .build())
        .emit();
  }
}
