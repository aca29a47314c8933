package dev.aigw.insight.bench.functions;

/** One step of a function benchmark: handles one request and returns how many items it held. */
@FunctionalInterface
public interface Workload {

  /** Runs one step; returns the points (or log records) handled. */
  int step() throws Exception;
}
