package dev.aigw.insight.bench.stats;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM process (all threads, user + system), the denominator of "per core". */
public final class ProcessCpu {

  private ProcessCpu() {}

  /** Nanoseconds of CPU this process has used since it started. */
  public static long nanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
