package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.load.LoadResult;

/**
 * The figures of one real-store run ({@link StoreHarness}): the measured window's throughput per
 * CPU core of the job's JVM, the store's CPU beside it, and what landed in the store after the run.
 *
 * @param options the run's store options
 * @param load what the load process sent and had accepted (warm-up included)
 * @param wallNanos length of the measured window
 * @param jobCpuNanos CPU of the job's JVM in the window (MiniCluster, receiver, sinks' clients)
 * @param storeCpuNanos CPU of the store's JVM in the window
 * @param jobIdleCores the job's JVM with no load, in cores
 * @param storeIdleCores the store's JVM with no load, in cores
 * @param items records (logs) or points (metrics) the receiver decoded in the window
 * @param written documents (OpenSearch) or rows (BanyanDB) the measured sink wrote in the window
 * @param batches bulk requests or write batches of that sink in the window
 * @param expected what must be in the store: kept records, or requests the load sent
 * @param landed what the store holds of it, counted in the store
 * @param landedWhat what {@code expected} and {@code landed} count
 * @param sinkNote the sink's options that shape its batches and the store's index settings
 * @param drainSeconds time from the load's end until everything had landed (or the deadline)
 * @param storeStats the store's own counters (OpenSearch indexing/refresh/merge times)
 * @param loadAverageStart the machine's load average as the window began
 * @param loadAverageEnd the machine's load average as the window ended
 */
public record StoreHarnessResult(
    StoreHarnessOptions options,
    LoadResult load,
    long wallNanos,
    long jobCpuNanos,
    long storeCpuNanos,
    double jobIdleCores,
    double storeIdleCores,
    long items,
    long written,
    long batches,
    long expected,
    long landed,
    String landedWhat,
    String sinkNote,
    double drainSeconds,
    String storeStats,
    String loadAverageStart,
    String loadAverageEnd) {

  /**
   * Whether everything the receiver accepted (as kept or counted) is in the store, exactly; refused
   * requests (the receiver's backpressure) are not in the load's accepted totals.
   */
  public boolean totalsMatch() {
    return expected == landed;
  }

  /** Items per CPU second of the job's JVM, all of its CPU counted. */
  public double itemsPerJobCore() {
    return jobCpuNanos == 0 ? 0 : items * 1e9 / jobCpuNanos;
  }

  /**
   * Items per CPU second the load added to the job's JVM: its CPU minus what it burns with no load
   * (checkpoints, timers, metrics), the cost that grows with traffic.
   */
  public double itemsPerMarginalJobCore() {
    double marginal = jobCpuNanos - jobIdleCores * wallNanos;
    return marginal <= 0 ? 0 : items * 1e9 / marginal;
  }

  /** Written documents or rows per CPU second of the store's JVM. */
  public double writtenPerStoreCore() {
    return storeCpuNanos == 0 ? 0 : written * 1e9 / storeCpuNanos;
  }

  /** The store's share of the CPU the two JVMs used in the window. */
  public double storeShare() {
    long both = jobCpuNanos + storeCpuNanos;
    return both == 0 ? 0 : (double) storeCpuNanos / both;
  }

  /** The printed report. */
  public String report() {
    String item = options.logs() ? "records" : "points";
    String doc =
        options.store() == dev.aigw.insight.bench.store.StoreProcess.Kind.OPENSEARCH
            ? "documents"
            : "rows";
    double seconds = wallNanos / 1e9;
    StringBuilder r = new StringBuilder();
    r.append(
        String.format(
            "load: sent %,d requests, ok %,d, unavailable %,d, failed %,d; accepted %,d %s,"
                + " rtt p50 %,d us p99 %,d us%n",
            load.sent(),
            load.ok(),
            load.unavailable(),
            load.failed(),
            options.logs() ? load.accepted().records() : load.accepted().points(),
            item,
            load.rttP50Micros(),
            load.rttP99Micros()));
    r.append(
        String.format(
            "window: %.1f s, load average %s -> %s%n", seconds, loadAverageStart, loadAverageEnd));
    r.append(
        String.format(
            "job:   %,.0f %s/s in, %.2f cores (idle %.2f): %,.0f %s per job core"
                + " (%s per core above idle)%n",
            items / seconds,
            item,
            jobCpuNanos / 1e9 / seconds,
            jobIdleCores,
            itemsPerJobCore(),
            item,
            itemsPerMarginalJobCore() > 0
                ? String.format("%,.0f", itemsPerMarginalJobCore())
                : "n/a: idle CPU not below the loaded"));
    r.append(
        String.format(
            "sink:  %,.0f %s/s written in %,d batches (%,.0f per batch)%n",
            written / seconds, doc, batches, batches == 0 ? 0.0 : (double) written / batches));
    r.append(
        String.format(
            "store: %.2f cores (idle %.2f), %,.0f %s per store core; store share of the CPU %.0f %%%n",
            storeCpuNanos / 1e9 / seconds,
            storeIdleCores,
            writtenPerStoreCore(),
            doc,
            100 * storeShare()));
    r.append(String.format("store counters: %s%n", storeStats));
    r.append(
        String.format(
            "landed: %,d of %,d (%s), %.1f s after the load ended: %s%n",
            landed, expected, landedWhat, drainSeconds, totalsMatch() ? "OK" : "MISMATCH"));
    return r.toString();
  }
}
