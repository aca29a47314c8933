package dev.aigw.insight.job.testing;

import dev.aigw.insight.schema.cell.MinuteCell;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell as the script says it must come out: every value except the percentiles in {@link #cell}
 * (percentile fields 0), and the raw samples the percentiles are checked against.
 */
public final class ExpectedCell {
  public final MinuteCell cell;
  public final List<Double> latencySeconds = new ArrayList<>();
  public final List<Double> ttftSeconds = new ArrayList<>();
  public final List<Double> tpotSeconds = new ArrayList<>();

  ExpectedCell(MinuteCell cell) {
    this.cell = cell;
  }

  @Override
  public String toString() {
    return cell + " latency=" + latencySeconds + " ttft=" + ttftSeconds + " tpot=" + tpotSeconds;
  }
}
