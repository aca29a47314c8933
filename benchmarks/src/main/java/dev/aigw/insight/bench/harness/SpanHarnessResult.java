package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.load.LoadResult;
import dev.aigw.insight.bench.load.SpanShape;
import java.time.Duration;

/**
 * The figures of one span harness run.
 *
 * @param shape the span load's shape
 * @param load what the load process measured (accepted spans as records and requests)
 * @param measuredNanos wall time from the end of the warm-up to the drained receiver queue
 * @param jobCpuNanos CPU time of the Flink JVM in that interval
 * @param spansProcessed LLM calls the decoder emitted in that interval
 * @param bareParseSpansPerCpuSecond protobuf parse alone, one thread of this JVM
 * @param parseDecodeSpansPerCpuSecond protobuf parse and the span decoder, one thread
 * @param cells application cells the sink received
 * @param cellCalls calls summed over the (application, provider, model) cells
 * @param cellErrors errors summed likewise
 * @param cellInputTokens input tokens summed likewise
 * @param cellOutputTokens output tokens summed likewise
 * @param cellSeries distinct (application, provider, model) among the cells
 * @param heapUsedAfterGcBytes heap used after a full GC with the run's state in place
 * @param heapMaxBytes the JVM's maximum heap
 * @param checkpoints completed checkpoints
 * @param lastCheckpointBytes size of the last completed (full) checkpoint
 * @param rocksDbLiveBytes RocksDB's estimate of live data over all column families
 * @param dedup what the deduplication remembered at the end
 * @param idleCores CPU the job JVM used with no load, in cores
 */
public record SpanHarnessResult(
    SpanShape shape,
    LoadResult load,
    long measuredNanos,
    long jobCpuNanos,
    long spansProcessed,
    double bareParseSpansPerCpuSecond,
    double parseDecodeSpansPerCpuSecond,
    long cells,
    long cellCalls,
    long cellErrors,
    long cellInputTokens,
    long cellOutputTokens,
    long cellSeries,
    long heapUsedAfterGcBytes,
    long heapMaxBytes,
    long checkpoints,
    long lastCheckpointBytes,
    long rocksDbLiveBytes,
    Dedup dedup,
    double idleCores) {

  /**
   * The deduplication at the end of the run: its TTL and memory budget, the spans it remembered and
   * those it forgot before the TTL to stay within the budget (then the figure is that of a shorter
   * window than the TTL).
   */
  public record Dedup(Duration ttl, long memoryBytes, long remembered, long forgottenEarly) {}

  /** LLM spans per second of Flink-JVM CPU: the headline figure (target 150 k). */
  public double spansPerCpuSecond() {
    return jobCpuNanos == 0 ? 0 : spansProcessed * 1e9 / jobCpuNanos;
  }

  /** Spans per CPU second beyond the idle JVM's own consumption. */
  public double spansPerMarginalCpuSecond() {
    double marginal = jobCpuNanos - idleCores * measuredNanos;
    return marginal <= 0 ? 0 : spansProcessed * 1e9 / marginal;
  }

  /** Cores the Flink JVM used on average. */
  public double coresUsed() {
    return measuredNanos == 0 ? 0 : (double) jobCpuNanos / measuredNanos;
  }

  /**
   * Whether every accepted call, error and token reached the (application, provider, model) cells.
   */
  public boolean totalsMatch() {
    return cellCalls == load.accepted().records()
        && cellErrors == load.accepted().errors()
        && cellInputTokens == load.accepted().inputTokens()
        && cellOutputTokens == load.accepted().outputTokens();
  }

  /** The human-readable report. */
  public String report() {
    StringBuilder r = new StringBuilder();
    double e2e = spansPerCpuSecond();
    r.append(String.format("LLM spans per job CPU second (end to end):   %,12.0f%n", e2e));
    r.append(
        String.format(
            "  marginal (above the idle JVM, %.2f cores): %,12.0f%n",
            idleCores, spansPerMarginalCpuSecond()));
    r.append(
        String.format(
            "  wall clock: %,.0f spans/s on %.2f job cores (CPU share of the job JVM)%n",
            spansProcessed * 1e9 / Math.max(1, measuredNanos), coresUsed()));
    if (parseDecodeSpansPerCpuSecond > 0) {
      r.append(
          String.format(
              "Bare parse, same JVM, one thread:           %,12.0f  (end to end = %.1f %%)%n",
              bareParseSpansPerCpuSecond, 100 * e2e / bareParseSpansPerCpuSecond));
      r.append(
          String.format(
              "Parse + span decoder, one thread:           %,12.0f  (end to end = %.1f %%)%n",
              parseDecodeSpansPerCpuSecond, 100 * e2e / parseDecodeSpansPerCpuSecond));
    }
    r.append(
        String.format(
            "Load: %d sent, %d ok, %d failed (%d unavailable), %,.0f spans per load-CPU second%n",
            load.sent(), load.ok(), load.failed(), load.unavailable(), load.itemsPerCpuSecond()));
    r.append(
        String.format(
            "Series: %,d configured, %,d distinct in the cells; %,d cells%n",
            shape.series(), cellSeries, cells));
    r.append(
        String.format(
            "Heap after GC: %.1f MiB of %.0f MiB; RocksDB live data %.1f MiB; %d checkpoints,"
                + " last %.1f MiB%n",
            heapUsedAfterGcBytes / 1048576.0,
            heapMaxBytes / 1048576.0,
            rocksDbLiveBytes / 1048576.0,
            checkpoints,
            lastCheckpointBytes / 1048576.0));
    r.append(
        String.format(
            "Deduplication (TTL %s, %.0f MiB): %,d spans remembered, %,d forgotten before the"
                + " TTL%n",
            dedup.ttl(),
            dedup.memoryBytes() / 1048576.0,
            dedup.remembered(),
            dedup.forgottenEarly()));
    r.append(
        String.format(
            "Totals (cells / load): calls %,d / %,d, errors %,d / %,d, input tokens %,d / %,d,"
                + " output tokens %,d / %,d: %s%n",
            cellCalls,
            load.accepted().records(),
            cellErrors,
            load.accepted().errors(),
            cellInputTokens,
            load.accepted().inputTokens(),
            cellOutputTokens,
            load.accepted().outputTokens(),
            totalsMatch() ? "MATCH" : "MISMATCH"));
    return r.toString();
  }
}
