package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.load.LoadProcess;
import dev.aigw.insight.bench.load.LoadResult;
import dev.aigw.insight.bench.profile.JfrSummary;
import dev.aigw.insight.bench.stats.ProcessCpu;
import dev.aigw.insight.bench.stats.ThreadCpu;
import dev.aigw.insight.bench.store.OpenSearchProbe;
import dev.aigw.insight.bench.store.StoreProcess;
import dev.aigw.insight.job.AccessLogPipeline;
import dev.aigw.insight.job.GenAiInsightJob;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.options.LogsMetrics;
import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.schema.log.AccessLogStoreNames;
import dev.aigw.insight.sink.banyandb.BanyanDbSinkMetrics;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchSinkMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One whole-job run against a real store: the job as {@link GenAiInsightJob#build} wires it (the
 * OTLP receiver, the access-log and metrics paths, the alert rules and the job's own OpenSearch or
 * BanyanDB sinks) in an in-process MiniCluster, the store in a JVM of its own ({@link
 * StoreProcess}), the load in a third. Measures records or points per CPU second of the job's JVM
 * and the store's CPU beside it, then checks that what the load sent landed in the store.
 */
public final class StoreHarness {

  private static final String JOB_NAME = "aigw-insight-store-benchmark";
  private static final String CELL_SINK_OPENSEARCH = "Minute cells to OpenSearch";
  private static final String CELL_SINK_BANYANDB = "Minute cells to BanyanDB";

  private StoreHarness() {}

  /** Runs {@code args} (harness and store options) and prints the figures; the exit status. */
  static int main(String[] args) throws Exception {
    StoreHarnessOptions.Parsed parsed = StoreHarnessOptions.parse(args);
    HarnessOptions options = HarnessOptions.parse(parsed.rest());
    System.err.println("Harness: " + options + " " + parsed.options());
    StoreHarnessResult result = run(options, parsed.options());
    System.out.println();
    System.out.println(
        "== "
            + (parsed.options().logs() ? "access logs" : "metrics")
            + " into "
            + parsed.options().store()
            + ", parallelism "
            + options.parallelism()
            + ", rate "
            + (options.rate() == 0 ? "flat out" : String.format("%,.0f/s", options.rate())));
    System.out.print(result.report());
    return result.totalsMatch() ? 0 : 1;
  }

  /** The job's options for this run: the harness's receiver ports and the store's address. */
  static Map<String, String> jobConfig(
      HarnessOptions options, StoreHarnessOptions store, Path workDir, String target) {
    Map<String, String> c = Harness.flinkConfig(options, workDir);
    c.put("ingest.otlp-grpc.enabled", "true");
    c.put("otlp.receiver.port", Integer.toString(options.port()));
    c.put("otlp.receiver.port-per-subtask", "true");
    c.put("otlp.receiver.bind-address", "127.0.0.1");
    c.put("otlp.http.enabled", "false");
    c.put("logs.store", "OPENSEARCH");
    if (store.store() == StoreProcess.Kind.OPENSEARCH) {
      c.put("cells.store", "OPENSEARCH");
      c.put("opensearch.hosts", target);
    } else {
      c.put("cells.store", "BANYANDB");
      c.put("banyandb.targets", target);
      // no OpenSearch in this run: the metrics load has no access logs to store
      c.put("logs.enabled", "false");
    }
    if (store.keepAll()) {
      c.put("logs.sampling.keep-fraction", "1.0");
    }
    c.putAll(store.jobOptions());
    return c;
  }

  /** Runs the job under load against the store and returns the figures. */
  public static StoreHarnessResult run(HarnessOptions options, StoreHarnessOptions store)
      throws Exception {
    HarnessClock.reset(options.timeOffset().toMillis());
    Path workDir = options.workDir().toAbsolutePath();
    Harness.deleteRecursively(workDir);
    Files.createDirectories(workDir);
    try (StoreProcess storeProcess =
        StoreProcess.start(
            store.store(), workDir.resolve("store"), store.storeHeap(), store.storeProfile())) {
      System.err.println("Store " + store.store() + " at " + storeProcess.target());
      return run(options, store, workDir, storeProcess);
    }
  }

  private static StoreHarnessResult run(
      HarnessOptions options, StoreHarnessOptions store, Path workDir, StoreProcess storeProcess)
      throws Exception {
    boolean openSearch = store.store() == StoreProcess.Kind.OPENSEARCH;
    OpenSearchProbe probe = openSearch ? new OpenSearchProbe(storeProcess.target()) : null;
    Map<String, String> config = jobConfig(options, store, workDir, storeProcess.target());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(config));
    env.setParallelism(options.parallelism());
    GenAiInsightJob.build(env, Configuration.fromMap(config), HarnessClock::nowMs);
    JobClient job = env.executeAsync(JOB_NAME);
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < options.parallelism(); i++) {
      targets.add("127.0.0.1:" + (options.port() + i));
      Harness.awaitListening(options.port() + i, 120_000);
    }
    String logIndex =
        config.getOrDefault("logs.index-prefix", AccessLogStoreNames.DEFAULT_INDEX_PREFIX);
    String cellIndex =
        config.getOrDefault("cells.index-prefix", CellStoreNames.DEFAULT_INDEX_PREFIX);
    if (openSearch && !store.indexSettings().isEmpty()) {
      // the sinks install their templates when they open; today's indices are then created with
      // the settings to try (over the template, which sets shards and replicas only)
      StringBuilder json = new StringBuilder("{");
      store
          .indexSettings()
          .forEach(
              (k, v) ->
                  json.append(json.length() > 1 ? "," : "")
                      .append('"')
                      .append(k)
                      .append("\":\"")
                      .append(v)
                      .append('"'));
      String settings = json.append('}').toString();
      for (String prefix : List.of(logIndex, cellIndex)) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!probe.hasIndexTemplate(prefix) && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        probe.createOrUpdate(DailyIndexName.of(prefix, HarnessClock.nowMs()), settings);
      }
    }

    String itemMetric = "." + (store.logs() ? LogsMetrics.DECODED : AnalysisMetrics.POINTS_DECODED);
    String sinkPart =
        store.logs()
            ? AccessLogPipeline.SINK_UID
            : openSearch ? CELL_SINK_OPENSEARCH : CELL_SINK_BANYANDB;
    String writtenMetric =
        "."
            + (openSearch
                ? OpenSearchSinkMetrics.DOCUMENTS_INDEXED
                : BanyanDbSinkMetrics.ROWS_WRITTEN);
    String batchMetric =
        "."
            + (openSearch
                ? OpenSearchSinkMetrics.BULK_REQUESTS
                : BanyanDbSinkMetrics.BATCHES_WRITTEN);

    LoadResult load;
    String threadReport;
    long wall;
    long jobCpu;
    long storeCpu;
    long items;
    long written;
    long batches;
    String loadAverageStart;
    String loadAverageEnd;
    try (LoadProcess loadProcess =
        LoadProcess.start(
            List.of("-Xmx1g", "-XX:+UseParallelGC"), loadArgs(options, store, targets))) {
      loadProcess.awaitStart(300);
      if (!options.warmup().isZero()) {
        Thread.sleep(options.warmup().toMillis());
      }
      loadAverageStart = loadAverage();
      ThreadCpu threadsStart = ThreadCpu.snapshot();
      long jobCpuStart = ProcessCpu.nanos();
      long storeCpuStart = storeProcess.cpuNanos();
      long wallStart = System.nanoTime();
      long itemsStart = CapturedMetrics.sum("", itemMetric);
      long writtenStart = CapturedMetrics.sum(sinkPart, writtenMetric);
      long batchesStart = CapturedMetrics.sum(sinkPart, batchMetric);
      Recording recording = null;
      if (options.profile() != null) {
        recording = new Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.start();
      }
      load = awaitLoad(loadProcess, options, storeProcess, itemMetric, sinkPart, writtenMetric);
      wall = System.nanoTime() - wallStart;
      jobCpu = ProcessCpu.nanos() - jobCpuStart;
      storeCpu = storeProcess.cpuNanos() - storeCpuStart;
      items = CapturedMetrics.sum("", itemMetric) - itemsStart;
      written = CapturedMetrics.sum(sinkPart, writtenMetric) - writtenStart;
      batches = CapturedMetrics.sum(sinkPart, batchMetric) - batchesStart;
      threadReport = ThreadCpu.snapshot().report(threadsStart, 20);
      loadAverageEnd = loadAverage();
      if (recording != null) {
        recording.stop();
        recording.dump(options.profile());
        recording.close();
      }
    }

    // What must have landed, and how long after the load's end it took to land.
    long drainStart = System.nanoTime();
    long expected;
    long landed;
    String landedWhat;
    if (store.logs()) {
      expected = store.keepAll() ? load.accepted().records() : load.accepted().keptRecords();
      long deadline = System.currentTimeMillis() + 180_000;
      while (CapturedMetrics.sum(sinkPart, writtenMetric) < expected
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      String pattern = DailyIndexName.pattern(logIndex);
      probe.refresh(pattern);
      landed = probe.count(pattern);
      landedWhat = "documents in " + pattern + " (_count) against records the sampling keeps";
    } else {
      expected = load.accepted().requests();
      // the combiner sends what it holds before every barrier; then the clock skips past the
      // last minute so that it closes at once (as in Harness)
      job.triggerSavepoint(
              workDir.resolve("final-savepoint").toUri().toString(), SavepointFormatType.NATIVE)
          .get(120, TimeUnit.SECONDS);
      HarnessClock.skipAhead(3 * 60_000L);
      long deadline = System.currentTimeMillis() + 120_000;
      landed = storedRequests(probe, storeProcess, cellIndex);
      while (landed < expected && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        landed = storedRequests(probe, storeProcess, cellIndex);
      }
      landedWhat = "sum of requests over the stored service cells against requests the load sent";
    }
    double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
    // what the two JVMs burn with no load (checkpoints, timers, the store's housekeeping), measured
    // after the run: warm, with the run's state, as the job idles between bursts
    long idleJob = ProcessCpu.nanos();
    long idleStore = storeProcess.cpuNanos();
    long idleWall = System.nanoTime();
    Thread.sleep(10_000);
    double idleWallNanos = System.nanoTime() - idleWall;
    double jobIdleCores = (ProcessCpu.nanos() - idleJob) / idleWallNanos;
    double storeIdleCores = (storeProcess.cpuNanos() - idleStore) / idleWallNanos;
    String storeStats =
        openSearch
            ? probe.indexingStats("aigw-*")
            : "write requests accepted, rejected: " + storeProcess.ask("writes");
    job.cancel().get();
    System.out.println(threadReport);
    if (options.profile() != null) {
      JfrSummary.summarize(options.profile(), 25, System.out);
    }
    return new StoreHarnessResult(
        store,
        load,
        wall,
        jobCpu,
        storeCpu,
        jobIdleCores,
        storeIdleCores,
        items,
        written,
        batches,
        expected,
        landed,
        landedWhat,
        sinkNote(config, store),
        drainSeconds,
        storeStats,
        loadAverageStart,
        loadAverageEnd);
  }

  /** The settings that shape the sink's batches and the store's work, as the run had them. */
  private static String sinkNote(Map<String, String> config, StoreHarnessOptions store) {
    if (store.store() == StoreProcess.Kind.OPENSEARCH) {
      return String.format(
          "bulk max-actions %s, flush-interval %s, in flight %s, replicas %s, index settings %s",
          config.getOrDefault("opensearch.bulk.max-actions", "1000 (default)"),
          config.getOrDefault("opensearch.bulk.flush-interval", "1 s (default)"),
          config.getOrDefault("opensearch.bulk.max-in-flight-requests", "2 (default)"),
          config.getOrDefault("logs.index.number-of-replicas", "1 (default)"),
          store.indexSettings().isEmpty() ? "as the template" : store.indexSettings());
    }
    return String.format(
        "batch-size %s, flush-interval %s",
        config.getOrDefault("banyandb.sink.batch-size", "1000 (default)"),
        config.getOrDefault("banyandb.sink.flush-interval", "5 s (default)"));
  }

  /** The sum of {@code requests} over the service cells the store holds. */
  private static long storedRequests(
      OpenSearchProbe probe, StoreProcess storeProcess, String cellIndex) throws Exception {
    if (probe != null) {
      String pattern = DailyIndexName.pattern(cellIndex);
      probe.refresh(pattern);
      return probe.sum(
          pattern,
          CellField.REQUESTS.storeName(),
          CellDocument.SCOPE,
          Scope.SERVICE.name(),
          CellDocument.DIMENSION,
          Dimension.ALL.name());
    }
    String answer =
        storeProcess.ask(
            "sum "
                + CellStoreNames.DEFAULT_MINUTE_GROUP
                + " "
                + CellStoreNames.measureName(Scope.SERVICE, Dimension.ALL)
                + " "
                + CellField.REQUESTS.storeName());
    return Long.parseLong(answer.split(" ")[1]);
  }

  private static List<String> loadArgs(
      HarnessOptions options, StoreHarnessOptions store, List<String> targets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--signal",
                store.logs() ? "logs" : "metrics",
                "--transport",
                "grpc",
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
                Double.toString(options.timeOffset().toMillis() / 1000.0)));
    if (store.logs()) {
      args.addAll(
          List.of(
              "--records-per-request",
              Integer.toString(store.recordsPerRequest()),
              "--kept-fraction",
              Double.toString(store.keptFraction())));
    }
    return args;
  }

  /** Waits for the load's result, printing progress every five seconds. */
  private static LoadResult awaitLoad(
      LoadProcess loadProcess,
      HarnessOptions options,
      StoreProcess storeProcess,
      String itemMetric,
      String sinkPart,
      String writtenMetric)
      throws Exception {
    long timeout = options.duration().toSeconds() + 120;
    long start = System.nanoTime();
    long lastItems = CapturedMetrics.sum("", itemMetric);
    long lastWritten = CapturedMetrics.sum(sinkPart, writtenMetric);
    long lastJob = ProcessCpu.nanos();
    long lastStore = storeProcess.cpuNanos();
    long lastWall = System.nanoTime();
    while (true) {
      try {
        return loadProcess.awaitResult(5);
      } catch (java.util.concurrent.TimeoutException e) {
        long now = System.nanoTime();
        if ((now - start) / 1_000_000_000L > timeout) {
          throw new IllegalStateException("The load process did not finish in " + timeout + " s");
        }
        long itemsNow = CapturedMetrics.sum("", itemMetric);
        long writtenNow = CapturedMetrics.sum(sinkPart, writtenMetric);
        long job = ProcessCpu.nanos();
        long store = storeProcess.cpuNanos();
        double seconds = (now - lastWall) / 1e9;
        System.err.printf(
            "  t=%3d s  in %,9.0f/s  stored %,9.0f/s  job %.2f cores  store %.2f cores%n",
            (now - start) / 1_000_000_000L,
            (itemsNow - lastItems) / seconds,
            (writtenNow - lastWritten) / seconds,
            (job - lastJob) / 1e9 / seconds,
            (store - lastStore) / 1e9 / seconds);
        lastItems = itemsNow;
        lastWritten = writtenNow;
        lastJob = job;
        lastStore = store;
        lastWall = now;
      }
    }
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
