package dev.aigw.insight.bench.stats;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per Java thread, grouped by thread name (subtask and pool numbers removed): exact where
 * a sampling profiler is not (JNI time in RocksDB counts for the task thread that called it). What
 * the process used beyond all Java threads is GC, the JIT compiler and native background threads
 * (RocksDB flush and compaction).
 */
public final class ThreadCpu {

  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, Long> cpu = new HashMap<>();
  private final long processCpu;

  private ThreadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long time = threads.getThreadCpuTime(info.getThreadId());
      if (time >= 0) {
        names.put(info.getThreadId(), info.getThreadName());
        cpu.put(info.getThreadId(), time);
      }
    }
    processCpu = ProcessCpu.nanos();
  }

  /** The CPU time of every live thread now. */
  public static ThreadCpu snapshot() {
    return new ThreadCpu();
  }

  /** CPU used between {@code start} and {@code this}, per thread group, largest first. */
  public String report(ThreadCpu start, int top) {
    Map<String, Long> groups = new HashMap<>();
    long javaThreads = 0;
    for (Map.Entry<Long, Long> e : cpu.entrySet()) {
      long used = e.getValue() - start.cpu.getOrDefault(e.getKey(), 0L);
      javaThreads += used;
      groups.merge(group(names.get(e.getKey())), used, Long::sum);
    }
    long total = processCpu - start.processCpu;
    groups.put(
        "(GC, JIT, RocksDB background: process CPU not in any Java thread)", total - javaThreads);
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    StringBuilder out = new StringBuilder();
    out.append(String.format("CPU by thread (process total %.1f s)%n", total / 1e9));
    for (int i = 0; i < Math.min(top, sorted.size()); i++) {
      Map.Entry<String, Long> e = sorted.get(i);
      out.append(
          String.format(
              "  %5.1f %%  %7.2f s  %s%n",
              100.0 * e.getValue() / total, e.getValue() / 1e9, e.getKey()));
    }
    return out.toString();
  }

  /** "GenAI delta dedup (1/2)#0" and "grpc-default-executor-7" become one group each. */
  static String group(String thread) {
    int paren = thread.lastIndexOf(" (");
    String name = paren > 0 ? thread.substring(0, paren) : thread;
    return name.replaceAll("-\\d+$", "-N").replaceAll("#\\d+$", "");
  }
}
