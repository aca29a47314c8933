package dev.aigw.insight.bench.harness;

import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppDimension;
import java.util.HashSet;
import java.util.Set;

/**
 * What the span harness's sink saw: application cells, the totals of the (application, provider,
 * model) cells (to check against the load) and the distinct series among them. One instance per
 * JVM, as {@link CellStats}.
 */
public final class AppCellStats {

  private static AppCellStats current = new AppCellStats();

  // 64-bit hashes, not the names: the set sits in the heap the 100 k-series figure measures
  private final Set<Long> series = new HashSet<>();
  private long cells;
  private long calls;
  private long errors;
  private long inputTokens;
  private long outputTokens;

  /** The statistics of the current run. */
  public static synchronized AppCellStats current() {
    return current;
  }

  /** Starts a new run's statistics. */
  public static synchronized AppCellStats reset() {
    current = new AppCellStats();
    return current;
  }

  /** Records one emitted cell. */
  synchronized void record(AppCell cell) {
    cells++;
    if (cell.dimension == AppDimension.APPLICATION_MODEL) {
      calls += cell.calls;
      errors += cell.errors;
      inputTokens += cell.inputTokens;
      outputTokens += cell.outputTokens;
      long h = cell.application.hashCode();
      h = 31 * h * 0x9E3779B97F4A7C15L + cell.provider.hashCode();
      h = 31 * h * 0x9E3779B97F4A7C15L + cell.model.hashCode();
      series.add(h);
    }
  }

  public synchronized long cells() {
    return cells;
  }

  /** Calls summed over the (application, provider, model) cells: must equal the load's spans. */
  public synchronized long calls() {
    return calls;
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

  /** Distinct (application, provider, model) among the cells. */
  public synchronized long series() {
    return series.size();
  }
}
