package dev.aigw.insight.bench.parse;

import dev.aigw.insight.bench.load.Fleet;
import dev.aigw.insight.bench.load.GatewayShape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Measures the bare-parse ceiling (one thread, {@link PointWalker}) inside another run, so that a
 * whole-job figure can be printed next to the ceiling measured on the same machine at the same
 * time.
 */
public final class BareParseProbe {

  private BareParseProbe() {}

  /**
   * Points per second of this thread's CPU time while parsing {@code shape}'s requests for {@code
   * seconds} of wall time (CPU time, because the machine is shared: a preempted thread would
   * otherwise look slow).
   */
  public static double pointsPerSecond(GatewayShape shape, double warmupSeconds, double seconds)
      throws Exception {
    byte[][] requests = Fleet.metrics(shape, 1).templates();
    PointWalker.XorBlackhole sink = new PointWalker.XorBlackhole();
    loop(requests, sink, (long) (warmupSeconds * 1e9));
    double rate = loop(requests, sink, (long) (seconds * 1e9));
    if (sink.state() == 42) {
      System.err.print("");
    }
    return rate;
  }

  private static double loop(byte[][] requests, PointWalker.Blackhole sink, long nanos)
      throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long points = 0;
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    int i = 0;
    do {
      points += PointWalker.parseAndTouch(requests[i++ % requests.length], sink);
    } while (System.nanoTime() - start < nanos);
    return points * 1e9 / (threads.getCurrentThreadCpuTime() - cpuStart);
  }
}
