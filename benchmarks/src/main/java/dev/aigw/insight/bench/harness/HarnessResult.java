package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.load.LoadResult;

/**
 * The figures of one whole-job run.
 *
 * @param load what the load process measured (accepted points and requests, its own CPU)
 * @param measuredNanos wall time from the first request to the drained receiver queue
 * @param jobCpuNanos CPU time of the Flink JVM (MiniCluster) in that interval
 * @param pointsProcessed points the source emitted into the pipeline in the measured interval
 *     (after the warm-up): the numerator of the rates
 * @param bareParsePointsPerCpuSecond the bare-parse ceiling measured in this JVM before the job
 * @param cells cells the sink received
 * @param cellRequests requests summed over service-scope, all-dimension cells
 * @param cellErrors errors summed likewise
 * @param cellInputTokens input tokens summed likewise
 * @param cellOutputTokens output tokens summed likewise
 * @param latencySamples cells with an emit latency (emitted before the end-of-run flush)
 * @param latencyP50Ms median emit latency after the minute's end
 * @param latencyP99Ms 99th percentile emit latency
 * @param latencyMaxMs largest emit latency
 * @param heapUsedAfterGcBytes heap used after a full GC, with the run's state in place
 * @param heapMaxBytes the JVM's maximum heap
 * @param checkpoints completed checkpoints
 * @param lastCheckpointBytes size of the last completed checkpoint (full checkpoints)
 * @param rocksDbLiveBytes RocksDB's estimate of live data over all column families
 * @param rocksDbMemTableBytes RocksDB memtables over all column families
 * @param activeSeries series the fleet keeps alive
 * @param idleCores CPU the job JVM used with no load, in cores (measured before the load)
 */
public record HarnessResult(
    LoadResult load,
    long measuredNanos,
    long jobCpuNanos,
    long pointsProcessed,
    double bareParsePointsPerCpuSecond,
    long cells,
    long cellRequests,
    long cellErrors,
    long cellInputTokens,
    long cellOutputTokens,
    int latencySamples,
    long latencyP50Ms,
    long latencyP99Ms,
    long latencyMaxMs,
    long heapUsedAfterGcBytes,
    long heapMaxBytes,
    long checkpoints,
    long lastCheckpointBytes,
    long rocksDbLiveBytes,
    long rocksDbMemTableBytes,
    long activeSeries,
    double idleCores) {

  /** Points per second of Flink-JVM CPU: the headline figure (target 200 k). */
  public double pointsPerCpuSecond() {
    return jobCpuNanos == 0 ? 0 : pointsProcessed * 1e9 / jobCpuNanos;
  }

  /**
   * Points per CPU second beyond the idle JVM's own consumption: the marginal cost of a point,
   * which a low rate on a shared machine does not drown in the fixed overhead.
   */
  public double pointsPerMarginalCpuSecond() {
    double marginal = jobCpuNanos - idleCores * measuredNanos;
    return marginal <= 0 ? 0 : pointsProcessed * 1e9 / marginal;
  }

  /** Points per second of wall time. */
  public double pointsPerSecond() {
    return measuredNanos == 0 ? 0 : pointsProcessed * 1e9 / measuredNanos;
  }

  /** Cores the Flink JVM used on average. */
  public double coresUsed() {
    return measuredNanos == 0 ? 0 : (double) jobCpuNanos / measuredNanos;
  }

  /** Whether every accepted request, error and token reached the service-level cells. */
  public boolean totalsMatch() {
    return cellRequests == load.accepted().requests()
        && cellErrors == load.accepted().errors()
        && cellInputTokens == load.accepted().inputTokens()
        && cellOutputTokens == load.accepted().outputTokens();
  }

  /** A human-readable report. */
  public String report() {
    StringBuilder r = new StringBuilder();
    r.append(
        String.format(
            "points accepted        %,d (%,d requests, %,d errors)%n",
            load.accepted().points(), load.accepted().requests(), load.accepted().errors()));
    r.append(
        String.format(
            "load answers           %,d ok, %,d failed (%,d UNAVAILABLE), %,d items rejected%n",
            load.ok(), load.failed(), load.unavailable(), load.rejected()));
    r.append(
        String.format(
            "measured               %,d points in %.1f s after the warm-up, %,.0f points/s wall, %.2f cores used by the job JVM%n",
            pointsProcessed, measuredNanos / 1e9, pointsPerSecond(), coresUsed()));
    r.append(
        String.format(
            "THROUGHPUT             %,.0f points/s per job-process CPU core (target >= 200,000)%n",
            pointsPerCpuSecond()));
    r.append(
        String.format(
            "marginal               %,.0f points/s per CPU core above the idle JVM's %.2f cores%n",
            pointsPerMarginalCpuSecond(), idleCores));
    if (bareParsePointsPerCpuSecond > 0) {
      r.append(
          String.format(
              "bare parse (same JVM)  %,.0f points/s per CPU core; end-to-end is %.1f %% of it%n",
              bareParsePointsPerCpuSecond,
              100 * pointsPerCpuSecond() / bareParsePointsPerCpuSecond));
    } else {
      r.append("bare parse (same JVM)  not measured (--bare-parse-s 0)\n");
    }
    r.append(
        String.format(
            "load process           %,.0f points per load-CPU second; RTT p50 %.1f ms, p99 %.1f ms%n",
            load.itemsPerCpuSecond(), load.rttP50Micros() / 1e3, load.rttP99Micros() / 1e3));
    r.append(
        String.format(
            "EMIT LATENCY           p50 %,d ms, p99 %,d ms, max %,d ms after the minute's end (%d cells; target p99 <= 15,000 ms)%n",
            latencyP50Ms, latencyP99Ms, latencyMaxMs, latencySamples));
    r.append(
        String.format(
            "cells                  %,d; service totals %s (requests %,d/%,d, errors %,d/%,d, input tokens %,d/%,d, output tokens %,d/%,d)%n",
            cells,
            totalsMatch() ? "MATCH" : "DIFFER",
            cellRequests,
            load.accepted().requests(),
            cellErrors,
            load.accepted().errors(),
            cellInputTokens,
            load.accepted().inputTokens(),
            cellOutputTokens,
            load.accepted().outputTokens()));
    r.append(
        String.format(
            "HEAP                   %,.1f MiB used after GC of %,.0f MiB max; %,d active series (%,.0f bytes heap per series, upper bound)%n",
            heapUsedAfterGcBytes / 1048576.0,
            heapMaxBytes / 1048576.0,
            activeSeries,
            (double) heapUsedAfterGcBytes / activeSeries));
    r.append(
        String.format(
            "STATE                  last checkpoint %,.1f MiB (%,.0f bytes per series) of %d; RocksDB live data %,.1f MiB, memtables %,.1f MiB%n",
            lastCheckpointBytes / 1048576.0,
            (double) lastCheckpointBytes / activeSeries,
            checkpoints,
            rocksDbLiveBytes / 1048576.0,
            rocksDbMemTableBytes / 1048576.0));
    return r.toString();
  }
}
