package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.stats.Samples;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the harness's sink saw: cell counts, the service-level totals (to check against the load),
 * and the emit latency of every cell (emit wall time minus the end of its minute). One instance per
 * JVM: the MiniCluster runs in the harness's own process.
 */
public final class CellStats {

  private static final long MINUTE_MS = 60_000;
  private static CellStats current = new CellStats();

  private final Samples latencyMs = new Samples();
  private final Map<Long, Long> cellsPerMinute = new TreeMap<>();
  private final Map<Long, Long> lastEmitLatencyPerMinute = new TreeMap<>();
  private long cells;
  private long requests;
  private long errors;
  private long inputTokens;
  private long outputTokens;
  private long lastEmitMs;

  /** The statistics of the current run. */
  public static synchronized CellStats current() {
    return current;
  }

  /** Starts a new run's statistics. */
  public static synchronized CellStats reset() {
    current = new CellStats();
    return current;
  }

  /** Records one emitted cell at wall time {@code nowMs}. */
  synchronized void record(MinuteCell cell, long nowMs) {
    cells++;
    lastEmitMs = nowMs;
    cellsPerMinute.merge(cell.windowStartMs, 1L, Long::sum);
    if (!HarnessClock.skipped()) {
      latencyMs.add(nowMs - (cell.windowStartMs + MINUTE_MS));
      lastEmitLatencyPerMinute.merge(
          cell.windowStartMs, nowMs - (cell.windowStartMs + MINUTE_MS), Math::max);
    }
    if (cell.scope == Scope.SERVICE && cell.dimension == Dimension.ALL) {
      requests += cell.requests;
      errors += cell.errors;
      inputTokens += cell.inputTokens;
      outputTokens += cell.outputTokens;
    }
  }

  public synchronized long cells() {
    return cells;
  }

  /** Requests summed over service-scope, all-dimension cells: must equal the load's requests. */
  public synchronized long requests() {
    return requests;
  }

  public synchronized long errors() {
    return errors;
  }

  public synchronized long inputTokens() {
    return inputTokens;
  }

  public synchronized long outputTokens() {
    return outputTokens;
  }

  public synchronized long lastEmitMs() {
    return lastEmitMs;
  }

  /** Cells per minute (window start, epoch ms). */
  public synchronized Map<Long, Long> cellsPerMinute() {
    return new TreeMap<>(cellsPerMinute);
  }

  /**
   * Per minute (window start, epoch ms): the emit latency of its last cell emitted before the clock
   * was skipped ahead, i.e. when the minute's cells were complete at the sink.
   */
  public synchronized Map<Long, Long> lastEmitLatencyPerMinute() {
    return new TreeMap<>(lastEmitLatencyPerMinute);
  }

  /** Emit latencies of the cells emitted before the clock was skipped ahead. */
  public Samples latencyMs() {
    return latencyMs;
  }
}
