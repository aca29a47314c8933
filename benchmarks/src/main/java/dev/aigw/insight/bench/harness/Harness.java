package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.load.LoadProcess;
import dev.aigw.insight.bench.load.LoadResult;
import dev.aigw.insight.bench.load.MetricsRequestFactory;
import dev.aigw.insight.bench.parse.BareParseProbe;
import dev.aigw.insight.bench.profile.JfrSummary;
import dev.aigw.insight.bench.stats.ProcessCpu;
import dev.aigw.insight.bench.stats.ThreadCpu;
import dev.aigw.insight.job.aggregate.AttributionPipeline;
import dev.aigw.insight.job.aggregate.GenAiMetricsPipeline;
import dev.aigw.insight.job.aggregate.RollUpPipeline;
import dev.aigw.insight.job.alert.AlertPipeline;
import dev.aigw.insight.job.alert.rule.AlertRuleParser;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.options.AnalysisOptions;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.source.otlp.OtlpReceiverSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * One whole-job run: an in-process MiniCluster with RocksDB and checkpoints, the real OTLP receiver
 * source with the GenAI decoder, the GenAI analysis and a latency-recording sink, fed by a load
 * generator in a separate JVM. Measures throughput per CPU core of this JVM, emit latency, heap and
 * state size; checks that the service totals equal what the load sent.
 */
public final class Harness {

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static final String SOURCE_NAME = "OTLP receiver";
  private static final String JOB_NAME = "aigw-insight-benchmark";

  private Harness() {}

  /** Runs the job under load as {@code options} say and returns the figures. */
  public static HarnessResult run(HarnessOptions options) throws Exception {
    if (options.spans() != null) {
      throw new IllegalArgumentException("The span load runs in SpanHarness.run");
    }
    double bareParse =
        options.bareParseSeconds() > 0
            ? BareParseProbe.pointsPerSecond(options.shape(), 2, options.bareParseSeconds())
            : 0;
    if (bareParse > 0) {
      System.err.printf("Bare parse in this JVM: %,.0f points per CPU second%n", bareParse);
    }
    long timeOffsetMs =
        options.alertBench().crossHour()
            ? crossHourOffsetMs(options, System.currentTimeMillis())
            : options.timeOffset().toMillis();
    HarnessClock.reset(timeOffsetMs);
    CellStats stats = CellStats.reset();
    AlertStats.reset();
    Path workDir = options.workDir().toAbsolutePath();
    deleteRecursively(workDir);
    Files.createDirectories(workDir);

    org.apache.flink.configuration.Configuration flinkConfig =
        org.apache.flink.configuration.Configuration.fromMap(flinkConfig(options, workDir));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig);
    env.setParallelism(options.parallelism());
    AnalysisConfig analysis =
        AnalysisConfig.builder()
            .outOfOrderness(options.outOfOrderness())
            .idleTimeout(options.idleTimeout())
            // the shipped flush interval (or one given with --flink), unless the idle timeout is
            // too short for it
            .combineFlushInterval(
                min(
                    flinkConfig.get(AnalysisOptions.COMBINE_FLUSH_INTERVAL),
                    options.idleTimeout().dividedBy(2)))
            .build();
    AttributionConfig attribution =
        options.attribution()
            ? AttributionConfig.of(
                MetricsRequestFactory.ATTRIBUTION_ATTRIBUTE,
                null,
                Math.max(1, options.attributionValues()),
                null,
                null)
            : AttributionConfig.disabled();
    OtlpReceiverSource<ResourcePoints> source =
        OtlpReceiverSource.<ResourcePoints>builder()
            // the job's one clock, shifted by the generator's offset
            .setDecoder(
                new ResourcePointsDecoder(
                    GenAiMetricDecoder.create(analysis, attribution, HarnessClock::nowMs)))
            .setBindAddress("127.0.0.1")
            .setPort(options.port())
            .setHttpPort(options.port() + HarnessOptions.HTTP_PORT_OFFSET)
            .setPortPerSubtask(true)
            .build();
    DataStream<ResourcePoints> points =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), SOURCE_NAME).uid("otlp-receiver");
    AttributionPipeline.Partials partials =
        AttributionPipeline.partials(points, analysis, attribution, HarnessClock::nowMs);
    SingleOutputStreamOperator<MinuteCell> cells =
        GenAiMetricsPipeline.cells(analysis, HarnessClock::nowMs, partials.metrics());
    cells.sinkTo(new CellLatencySink()).uid("benchmark-sink").name("Benchmark sink");
    addRollUpsAndAlerts(cells, analysis, options, workDir);
    if (attribution.enabled()) {
      // the attribution cells are computed in full and discarded: the job's cost, not a store's
      AttributionPipeline.cells(analysis, attribution, HarnessClock::nowMs, partials.attributed())
          .sinkTo(new DiscardingSink<>())
          .uid("benchmark-attribution-sink")
          .name("Benchmark attribution sink");
    }

    JobClient job = env.executeAsync(JOB_NAME);
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < options.parallelism(); i++) {
      targets.add("127.0.0.1:" + (options.loadPort() + i));
      awaitListening(options.loadPort() + i, 120_000);
    }

    List<String> loadArgs =
        new ArrayList<>(
            List.of(
                "--transport",
                options.transport(),
                "--target",
                String.join(",", targets),
                "--duration-s",
                Double.toString(
                    (options.warmup().toMillis() + options.duration().toMillis()) / 1000.0),
                "--rate",
                Double.toString(options.rate()),
                "--gateways",
                Integer.toString(options.shape().gateways()),
                "--pods",
                Integer.toString(options.shape().podsPerGateway()),
                "--providers",
                Integer.toString(options.shape().providers()),
                "--models",
                Integer.toString(options.shape().modelsPerProvider()),
                "--in-flight",
                Integer.toString(options.loadInFlight()),
                "--time-offset-s",
                Double.toString(timeOffsetMs / 1000.0),
                "--attribution-values",
                Integer.toString(options.attributionValues())));
    if (options.alertBench().failAfter() != null) {
      loadArgs.addAll(
          List.of(
              "--fail-provider",
              Integer.toString(BenchAlertRules.FAILING_PROVIDER),
              "--fail-after-s",
              Double.toString(options.alertBench().failAfter().toMillis() / 1000.0)));
    }
    // what the job JVM burns with no load (JobManager, metrics, checkpoints, timers): the run's
    // CPU minus this, per point, is the marginal cost of a point
    long idleCpuStart = ProcessCpu.nanos();
    long idleWallStart = System.nanoTime();
    Thread.sleep(5_000);
    double idleCores =
        (double) (ProcessCpu.nanos() - idleCpuStart) / (System.nanoTime() - idleWallStart);
    Recording recording = null;
    LoadResult load;
    long cpuStart;
    long sourceStart;
    ThreadCpu threadsStart;
    String threadReport;
    long wallStart;
    long wallEnd;
    long cpuEnd;
    try (LoadProcess loadProcess =
        LoadProcess.start(List.of("-Xmx1g", "-XX:+UseParallelGC"), loadArgs)) {
      loadProcess.awaitStart(300);
      long sourceBeforeLoad = sourceRecordsOut();
      if (!options.warmup().isZero()) {
        // the JIT needs minutes on a busy 2-core machine: measure after it has compiled
        Thread.sleep(options.warmup().toMillis());
      }
      threadsStart = ThreadCpu.snapshot();
      cpuStart = ProcessCpu.nanos();
      wallStart = System.nanoTime();
      sourceStart = sourceRecordsOut();
      if (options.profile() != null) {
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
      }
      load = awaitLoad(loadProcess, options, wallStart, sourceStart);
      awaitDrained(load.accepted().points() + sourceBeforeLoad, 60_000);
      wallEnd = System.nanoTime();
      cpuEnd = ProcessCpu.nanos();
      threadReport = ThreadCpu.snapshot().report(threadsStart, 20);
      if (recording != null) {
        recording.stop();
        recording.dump(options.profile());
        recording.close();
      }
    }
    long processed = sourceRecordsOut() - sourceStart;

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    long heapUsed = memory.getHeapMemoryUsage().getUsed();
    long heapMax = memory.getHeapMemoryUsage().getMax();
    long rocksLive = CapturedMetrics.sum("", "estimate-live-data-size");
    long rocksMem = CapturedMetrics.sum("", "size-all-mem-tables");
    long checkpoints = CapturedMetrics.sum("", ".numberOfCompletedCheckpoints");
    long checkpointBytes = CapturedMetrics.sum("", ".lastCheckpointFullSize");

    if (options.flushAtEnd()) {
      // The temporality stage must send what it combined before the clock jumps: otherwise the
      // jump closes minutes whose last partials are still held (live, a flush interval is far
      // shorter than the idle timeout, so this cannot happen). It sends before every checkpoint
      // barrier: once a savepoint taken after the source drained completes, nothing is held.
      job.triggerSavepoint(
              workDir.resolve("final-savepoint").toUri().toString(), SavepointFormatType.NATIVE)
          .get(120, TimeUnit.SECONDS);
      HarnessClock.skipAhead(3 * 60_000L);
      long deadline = System.currentTimeMillis() + 60_000;
      while (stats.requests() < load.accepted().requests()
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      // not a wait for something to happen: a cell that would exceed the totals (a double count)
      // arrives within a watermark period, and the check must give it that time to show
      Thread.sleep(1_000);
      if (options.alertBench().alertRules() > 0 && options.alertBench().failAfter() != null) {
        // an outage was injected: its alerts follow the skipped minute's cells on the same
        // watermark; give them until a deadline to arrive
        long alertDeadline = System.currentTimeMillis() + 30_000;
        while (AlertStats.current().firing() == 0 && System.currentTimeMillis() < alertDeadline) {
          Thread.sleep(100);
        }
      }
    }
    job.cancel().get();

    System.out.println(threadReport);
    if (options.profile() != null) {
      JfrSummary.summarize(options.profile(), 25, System.out);
    }
    return new HarnessResult(
        load,
        wallEnd - wallStart,
        cpuEnd - cpuStart,
        processed,
        bareParse,
        stats.cells(),
        stats.requests(),
        stats.errors(),
        stats.inputTokens(),
        stats.outputTokens(),
        stats.latencyMs().size(),
        stats.latencyMs().percentile(50),
        stats.latencyMs().percentile(99),
        stats.latencyMs().max(),
        heapUsed,
        heapMax,
        checkpoints,
        checkpointBytes,
        rocksLive,
        rocksMem,
        options.shape().activeSeries(),
        idleCores);
  }

  /**
   * The issue 19 stages when asked for: the hour and day cells of the minute cells (counted,
   * dropped) and the alert rules' evaluation on them (its events recorded with their latency).
   */
  private static void addRollUpsAndAlerts(
      SingleOutputStreamOperator<MinuteCell> cells,
      AnalysisConfig analysis,
      HarnessOptions options,
      Path workDir)
      throws IOException {
    AlertBenchOptions bench = options.alertBench();
    if (bench.rollUps()) {
      RollUpPipeline.RollUps rollUps = RollUpPipeline.build(cells, analysis);
      rollUps
          .hours()
          .sinkTo(new RollUpCountingSink(true))
          .uid("benchmark-hour-sink")
          .name("Benchmark hour cells");
      rollUps
          .days()
          .sinkTo(new RollUpCountingSink(false))
          .uid("benchmark-day-sink")
          .name("Benchmark day cells");
    }
    if (bench.alertRules() > 0) {
      Path file =
          BenchAlertRules.write(
              workDir.resolve("alert-rules.yaml"), options.shape(), bench.alertRules());
      System.err.println("Alert rules: " + file);
      AlertPipeline.evaluate(cells, AlertRuleParser.read(file), analysis.allowedLateness())
          .sinkTo(new AlertRecordingSink())
          .uid("benchmark-alert-sink")
          .name("Benchmark alert sink");
    }
  }

  /**
   * A time offset that puts an hour boundary of the job's clock about the middle of the measured
   * phase: now plus an estimated 20 s of start-up, the warm-up and half the duration.
   */
  static long crossHourOffsetMs(HarnessOptions options, long nowMs) {
    long middle = nowMs + 20_000 + options.warmup().toMillis() + options.duration().toMillis() / 2;
    long hour = 3_600_000L;
    long boundary = (middle / hour + 1) * hour;
    return boundary - middle;
  }

  static Map<String, String> flinkConfig(HarnessOptions options, Path workDir) {
    Map<String, String> c = new HashMap<>();
    c.put("state.backend.type", "rocksdb");
    c.put("execution.checkpointing.interval", options.checkpointInterval().toMillis() + " ms");
    c.put("execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
    c.put("execution.checkpointing.incremental", "false");
    c.put("state.backend.rocksdb.localdir", workDir.resolve("rocksdb").toString());
    c.put("state.backend.rocksdb.metrics.estimate-live-data-size", "true");
    c.put("state.backend.rocksdb.metrics.size-all-mem-tables", "true");
    c.put("state.backend.rocksdb.metrics.estimate-num-keys", "true");
    c.put("pipeline.generic-types", "false");
    c.put("state.backend.rocksdb.use-bloom-filter", "true"); // the job's default (withJobDefaults)
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(options.parallelism()));
    c.put("taskmanager.memory.managed.size", "256m");
    c.put("rest.bind-port", "0");
    c.put("rest.port", "0");
    c.put("metrics.reporter.bench.factory.class", CapturingReporterFactory.class.getName());
    c.putAll(options.flinkOptions());
    return c;
  }

  /**
   * Points the source decoded into the pipeline (its records are per-resource batches, so the
   * decoder's point counter is the figure, not numRecordsOut).
   */
  private static long sourceRecordsOut() {
    return CapturedMetrics.sum(SOURCE_NAME, "." + AnalysisMetrics.POINTS_DECODED);
  }

  /** Waits for the load's result, printing progress every five seconds. */
  private static LoadResult awaitLoad(
      LoadProcess loadProcess, HarnessOptions options, long wallStart, long sourceStart)
      throws Exception {
    long timeout = options.duration().toSeconds() + 120;
    long lastPoints = sourceStart;
    long lastCpu = ProcessCpu.nanos();
    long lastWall = System.nanoTime();
    while (true) {
      try {
        return loadProcess.awaitResult(5);
      } catch (java.util.concurrent.TimeoutException e) {
        long now = System.nanoTime();
        if ((now - wallStart) / 1_000_000_000L > timeout) {
          throw new IllegalStateException("The load process did not finish in " + timeout + " s");
        }
        long points = sourceRecordsOut();
        long cpu = ProcessCpu.nanos();
        System.err.printf(
            "  t=%3d s  %,9.0f points/s  %.2f cores  %,9.0f points/CPU-s  cells %,d%n",
            (now - wallStart) / 1_000_000_000L,
            (points - lastPoints) * 1e9 / (now - lastWall),
            (double) (cpu - lastCpu) / (now - lastWall),
            (points - lastPoints) * 1e9 / Math.max(1, cpu - lastCpu),
            CellStats.current().cells());
        lastPoints = points;
        lastCpu = cpu;
        lastWall = now;
      }
    }
  }

  /** Waits until the source has emitted every accepted point (its queue is drained). */
  private static void awaitDrained(long expected, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (sourceRecordsOut() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    if (sourceRecordsOut() < expected) {
      System.err.printf(
          "Source emitted %,d of %,d accepted points%n", sourceRecordsOut(), expected);
    }
  }

  static void awaitListening(int port, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("No receiver listening on port " + port);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
