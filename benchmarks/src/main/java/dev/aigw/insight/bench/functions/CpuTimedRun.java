package dev.aigw.insight.bench.functions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Runs a {@link Workload} on the current thread for a wall-clock time and divides the items by the
 * thread's CPU time: items per CPU second, i.e. per core, which stays meaningful on a machine
 * shared with other processes (where wall-clock rates only say how busy the neighbours were).
 */
public final class CpuTimedRun {

  private CpuTimedRun() {}

  /** Items per CPU second of {@code workload} after {@code warmupSeconds} of warm-up. */
  public static double itemsPerCpuSecond(Workload workload, double warmupSeconds, double seconds)
      throws Exception {
    run(workload, warmupSeconds);
    return run(workload, seconds);
  }

  private static double run(Workload workload, double seconds) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long items = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long cpuStart = threads.getCurrentThreadCpuTime();
    do {
      items += workload.step();
    } while (System.nanoTime() < end);
    return items * 1e9 / Math.max(1, threads.getCurrentThreadCpuTime() - cpuStart);
  }
}
