package dev.aigw.insight.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the items (histogram points or log records) a benchmark invocation handled, so that JMH
 * reports items per second next to invocations per second.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PointCounter {

  /** Histogram points (or log records) handled; JMH reports it as a rate. */
  public long items;

  @Setup(Level.Iteration)
  public void reset() {
    items = 0;
  }
}
