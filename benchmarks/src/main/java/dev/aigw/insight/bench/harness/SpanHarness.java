package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.load.LoadProcess;
import dev.aigw.insight.bench.load.LoadResult;
import dev.aigw.insight.bench.load.SpanShape;
import dev.aigw.insight.bench.parse.SpanParseProbe;
import dev.aigw.insight.bench.profile.JfrSummary;
import dev.aigw.insight.bench.stats.ProcessCpu;
import dev.aigw.insight.bench.stats.ThreadCpu;
import dev.aigw.insight.job.aggregate.spans.AppCellsPipeline;
import dev.aigw.insight.job.aggregate.spans.LateSpanCounter;
import dev.aigw.insight.job.aggregate.spans.dedup.SpanDeduplicator;
import dev.aigw.insight.job.decode.spans.LlmSpanDecoder;
import dev.aigw.insight.job.decode.spans.SpanCounters;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AnalysisOptions;
import dev.aigw.insight.job.options.SpanOptions;
import dev.aigw.insight.source.otlp.OtlpReceiverSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The span mode of the whole-job harness: the real OTLP receiver source with the job's {@link
 * LlmSpanDecoder}, the application-cell pipeline ({@link AppCellsPipeline}: deduplication, guard,
 * watermarks, fan-out, one-minute windows) on RocksDB with checkpoints, and a recording sink, fed
 * with LLM-span trace exports by a load process in a separate JVM. Measures LLM spans per CPU core
 * of this JVM, next to the bare parse (and parse + decode) of the same requests on one thread of
 * the same JVM; checks that the (application, provider, model) cells hold exactly the load's calls,
 * errors and tokens.
 */
public final class SpanHarness {

  private static final String SOURCE_NAME = "OTLP receiver";
  private static final String COMBINE_NAME = "combine per cell and minute";
  private static final String RECORDS_IN = ".numRecordsIn";
  private static final String JOB_NAME = "aigw-insight-span-benchmark";
  private static final String CALLS_METRIC = "." + SpanCounters.Kind.LLM_CALLS.metricName();

  private SpanHarness() {}

  /** Runs the span job under load as {@code options} say and returns the figures. */
  public static SpanHarnessResult run(HarnessOptions options) throws Exception {
    SpanShape shape = options.spans();
    SpanParseProbe.Rates bare =
        options.bareParseSeconds() > 0
            ? SpanParseProbe.measure(shape, 2, options.bareParseSeconds())
            : new SpanParseProbe.Rates(0, 0);
    if (bare.parseAndDecode() > 0) {
      System.err.printf(
          "Bare parse in this JVM: %,.0f spans per CPU second; parse + span decoder %,.0f%n",
          bare.parseOnly(), bare.parseAndDecode());
    }
    HarnessClock.reset(options.timeOffset().toMillis());
    AppCellStats stats = AppCellStats.reset();
    Path workDir = options.workDir().toAbsolutePath();
    Harness.deleteRecursively(workDir);
    Files.createDirectories(workDir);

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            org.apache.flink.configuration.Configuration.fromMap(
                Harness.flinkConfig(options, workDir)));
    env.setParallelism(options.parallelism());
    AnalysisConfig analysis =
        AnalysisConfig.builder()
            .outOfOrderness(options.outOfOrderness())
            .idleTimeout(options.idleTimeout())
            // unused by the span path, but checked against the idle timeout: as the metrics'
            // harness
            .combineFlushInterval(
                Harness.min(
                    AnalysisOptions.COMBINE_FLUSH_INTERVAL.defaultValue(),
                    options.idleTimeout().dividedBy(2)))
            .build();
    OtlpReceiverSource<LlmCall> source =
        OtlpReceiverSource.<LlmCall>builder()
            .setDecoder(LlmSpanDecoder.create(analysis, HarnessClock::nowMs))
            .setBindAddress("127.0.0.1")
            .setPort(options.port())
            .setHttpPort(options.port() + HarnessOptions.HTTP_PORT_OFFSET)
            .setPortPerSubtask(true)
            .build();
    DataStream<LlmCall> calls =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), SOURCE_NAME).uid("otlp-receiver");
    // --flink "analysis.spans.dedup-ttl=..." or "analysis.spans.dedup-memory=..." measures the
    // deduplication with another TTL or memory budget
    org.apache.flink.configuration.Configuration spanOptions =
        org.apache.flink.configuration.Configuration.fromMap(options.flinkOptions());
    Duration dedupTtl = spanOptions.get(SpanOptions.DEDUP_TTL);
    long dedupMemory = SpanOptions.dedupMemoryBytes(spanOptions);
    AppCellsPipeline.cells(
            AppCellsPipeline.countedCalls(
                calls,
                analysis,
                dedupTtl,
                dedupMemory,
                SpanOptions.MAX_APPLICATIONS.defaultValue(),
                HarnessClock::nowMs),
            analysis,
            HarnessClock::nowMs)
        .sinkTo(new AppCellRecordingSink())
        .uid("benchmark-app-cell-sink")
        .name("Benchmark application-cell sink");

    JobClient job = env.executeAsync(JOB_NAME);
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < options.parallelism(); i++) {
      targets.add("127.0.0.1:" + (options.loadPort() + i));
      Harness.awaitListening(options.loadPort() + i, 120_000);
    }
    List<String> loadArgs =
        List.of(
            "--signal",
            "traces",
            "--transport",
            options.transport(),
            "--target",
            String.join(",", targets),
            "--duration-s",
            Double.toString((options.warmup().toMillis() + options.duration().toMillis()) / 1000.0),
            "--rate",
            Double.toString(options.rate()),
            "--applications",
            Integer.toString(shape.applications()),
            "--providers",
            Integer.toString(shape.providers()),
            "--models",
            Integer.toString(shape.modelsPerProvider()),
            "--spans-per-request",
            Integer.toString(shape.spansPerRequest()),
            "--in-flight",
            Integer.toString(options.loadInFlight()),
            "--time-offset-s",
            Double.toString(options.timeOffset().toMillis() / 1000.0));

    // the JVM's own consumption with no load: subtracted for the marginal figure
    long idleCpuStart = ProcessCpu.nanos();
    long idleWallStart = System.nanoTime();
    Thread.sleep(5_000);
    double idleCores =
        (double) (ProcessCpu.nanos() - idleCpuStart) / (System.nanoTime() - idleWallStart);
    LoadResult load;
    long cpuStart;
    long sourceStart;
    long decodedExpected;
    long wallStart;
    long wallEnd;
    long cpuEnd;
    String threadReport;
    try (LoadProcess loadProcess =
        LoadProcess.start(List.of("-Xmx1g", "-XX:+UseParallelGC"), loadArgs)) {
      loadProcess.awaitStart(300);
      long sourceBeforeLoad = callsDecoded();
      if (!options.warmup().isZero()) {
        Thread.sleep(options.warmup().toMillis());
      }
      ThreadCpu threadsStart = ThreadCpu.snapshot();
      cpuStart = ProcessCpu.nanos();
      wallStart = System.nanoTime();
      sourceStart = callsDecoded();
      Recording recording = null;
      if (options.profile() != null) {
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
      }
      load = awaitLoad(loadProcess, options, wallStart, sourceStart);
      decodedExpected = load.accepted().records() + sourceBeforeLoad;
      awaitDrained(decodedExpected, 60_000);
      wallEnd = System.nanoTime();
      cpuEnd = ProcessCpu.nanos();
      threadReport = ThreadCpu.snapshot().report(threadsStart, 20);
      if (recording != null) {
        recording.stop();
        recording.dump(options.profile());
        recording.close();
      }
    }
    long processed = callsDecoded() - sourceStart;

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    long heapUsed = memory.getHeapMemoryUsage().getUsed();
    long heapMax = memory.getHeapMemoryUsage().getMax();
    long checkpoints = CapturedMetrics.sum("", ".numberOfCompletedCheckpoints");
    long checkpointBytes = CapturedMetrics.sum("", ".lastCheckpointFullSize");
    long rocksLive = CapturedMetrics.sum("", "estimate-live-data-size");
    long remembered = CapturedMetrics.sum("", "." + SpanDeduplicator.REMEMBERED);
    long forgottenEarly = CapturedMetrics.sum("", "." + SpanDeduplicator.FORGOTTEN_EARLY);

    if (options.flushAtEnd()) {
      // the combiner sends its partials before every watermark: moving the clock past the open
      // minutes lets the idle-aware watermarks flush it and close them, so the totals can be
      // checked at once
      awaitCounted(decodedExpected, 60_000);
      HarnessClock.skipAhead(3 * 60_000L);
      long deadline = System.currentTimeMillis() + 60_000;
      while (stats.calls() < load.accepted().records() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      // not a wait for something to happen: a double count would arrive within a watermark
      // period, and the check must give it that time to show
      Thread.sleep(1_000);
    }
    System.out.printf(
        "Late calls (counted by the job, not in the cells): %,d%n",
        CapturedMetrics.sum("", "." + LateSpanCounter.LATE));
    job.cancel().get();
    System.out.println(threadReport);
    if (options.profile() != null) {
      JfrSummary.summarize(options.profile(), 25, System.out);
    }
    return new SpanHarnessResult(
        shape,
        load,
        wallEnd - wallStart,
        cpuEnd - cpuStart,
        processed,
        bare.parseOnly(),
        bare.parseAndDecode(),
        stats.cells(),
        stats.calls(),
        stats.errors(),
        stats.inputTokens(),
        stats.outputTokens(),
        stats.series(),
        heapUsed,
        heapMax,
        checkpoints,
        checkpointBytes,
        rocksLive,
        new SpanHarnessResult.Dedup(dedupTtl, dedupMemory, remembered, forgottenEarly),
        idleCores);
  }

  /** LLM calls the source's decoder emitted into the pipeline. */
  private static long callsDecoded() {
    return CapturedMetrics.sum(SOURCE_NAME, CALLS_METRIC);
  }

  private static LoadResult awaitLoad(
      LoadProcess loadProcess, HarnessOptions options, long wallStart, long sourceStart)
      throws Exception {
    long timeout = options.duration().toSeconds() + 120;
    long lastSpans = sourceStart;
    long lastCpu = ProcessCpu.nanos();
    long lastWall = System.nanoTime();
    while (true) {
      try {
        return loadProcess.awaitResult(5);
      } catch (TimeoutException e) {
        long now = System.nanoTime();
        if ((now - wallStart) / 1_000_000_000L > timeout) {
          throw new IllegalStateException("The load process did not finish in " + timeout + " s");
        }
        long spans = callsDecoded();
        long cpu = ProcessCpu.nanos();
        System.err.printf(
            "  t=%3d s  %,9.0f spans/s  %.2f cores  %,9.0f spans/CPU-s  cells %,d%n",
            (now - wallStart) / 1_000_000_000L,
            (spans - lastSpans) * 1e9 / (now - lastWall),
            (double) (cpu - lastCpu) / (now - lastWall),
            (spans - lastSpans) * 1e9 / Math.max(1, cpu - lastCpu),
            AppCellStats.current().cells());
        lastSpans = spans;
        lastCpu = cpu;
        lastWall = now;
      }
    }
  }

  /**
   * Waits until the calls the source decoded have reached the combiner (past both guards and the
   * watermarks): skipping the clock ahead while calls are still in flight behind a backpressured
   * exchange would make the idle-aware watermarks close their minutes first, and the totals check
   * would count them as lost (they are counted as late).
   */
  private static void awaitCounted(long expected, long timeoutMs) throws InterruptedException {
    if (CapturedMetrics.count(COMBINE_NAME, RECORDS_IN) == 0) {
      return;
    }
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (CapturedMetrics.sum(COMBINE_NAME, RECORDS_IN) < expected
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  private static void awaitDrained(long expected, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (callsDecoded() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    if (callsDecoded() < expected) {
      System.err.printf("Source emitted %,d of %,d accepted spans%n", callsDecoded(), expected);
    }
  }
}
