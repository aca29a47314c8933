package dev.aigw.insight.bench.harness;

import dev.aigw.insight.bench.stats.Samples;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the harness's alert sink saw (issue 19): alert events per rule kind and status, and the
 * alert latency of every firing event received before the job's clock was skipped ahead: the job's
 * clock ({@link HarnessClock}) when the sink received the event minus the event's time, the end of
 * the minute that made it fire. One instance per JVM, like {@link CellStats}.
 */
public final class AlertStats {

  private static AlertStats current = new AlertStats();

  private final Samples latencyMs = new Samples();
  private final Map<String, Long> firingByKind = new TreeMap<>();
  private final Map<String, Samples> latencyByKind = new TreeMap<>();
  private final Map<Long, Samples> latencyByMinute = new TreeMap<>();
  private long firing;
  private long resolved;
  private long hourCells;
  private long dayCells;
  private String firstFiring;

  /** The statistics of the current run. */
  public static synchronized AlertStats current() {
    return current;
  }

  /** Starts a new run's statistics. */
  public static synchronized AlertStats reset() {
    current = new AlertStats();
    return current;
  }

  /** Records one alert event received when the job's clock read {@code jobNowMs}. */
  synchronized void record(AlertEvent event, long jobNowMs) {
    if (event.status != AlertStatus.FIRING) {
      resolved++;
      return;
    }
    firing++;
    firingByKind.merge(event.kind, 1L, Long::sum);
    if (firstFiring == null) {
      firstFiring = event.message;
    }
    if (!HarnessClock.skipped()) {
      long latency = jobNowMs - event.eventTimeMs;
      latencyMs.add(latency);
      latencyByKind.computeIfAbsent(event.kind, k -> new Samples()).add(latency);
      latencyByMinute.computeIfAbsent(event.minuteMs, k -> new Samples()).add(latency);
    }
  }

  /** Counts a roll-up cell: {@code hour} or else day. */
  synchronized void rollUpCell(boolean hour) {
    if (hour) {
      hourCells++;
    } else {
      dayCells++;
    }
  }

  public synchronized long firing() {
    return firing;
  }

  public synchronized long resolved() {
    return resolved;
  }

  public synchronized long hourCells() {
    return hourCells;
  }

  public synchronized long dayCells() {
    return dayCells;
  }

  /** Alert latencies (ms) of the firing events received before the clock skip. */
  public Samples latencyMs() {
    return latencyMs;
  }

  /** The figures as report lines. */
  public synchronized String report() {
    StringBuilder r = new StringBuilder();
    r.append(
        String.format("roll-ups: %,d hour cells, %,d day cells emitted%n", hourCells, dayCells));
    r.append(
        String.format(
            "alerts: %,d firing, %,d resolved; firing by kind %s%n",
            firing, resolved, firingByKind));
    if (latencyMs.size() > 0) {
      r.append(
          String.format(
              "alert latency (job clock at the sink - end of the triggering minute), %d firing"
                  + " events: p50 %.2f s, max %.2f s%n",
              latencyMs.size(), latencyMs.percentile(50) / 1000.0, latencyMs.max() / 1000.0));
      for (Map.Entry<String, Samples> kind : latencyByKind.entrySet()) {
        r.append(
            String.format(
                "  %s: %d events, p50 %.2f s, max %.2f s%n",
                kind.getKey(),
                kind.getValue().size(),
                kind.getValue().percentile(50) / 1000.0,
                kind.getValue().max() / 1000.0));
      }
    }
    // the alert stages' own share of the latency: the minute's cells were complete at the cell
    // sink (which the alert stages read beside) that long after the minute's end
    Map<Long, Long> cellsDone = CellStats.current().lastEmitLatencyPerMinute();
    for (Map.Entry<Long, Samples> minute : latencyByMinute.entrySet()) {
      Long cells = cellsDone.get(minute.getKey());
      r.append(
          String.format(
              "  minute %s: %d firing, p50 %.2f s, max %.2f s; its last cell at %s%n",
              java.time.Instant.ofEpochMilli(minute.getKey()),
              minute.getValue().size(),
              minute.getValue().percentile(50) / 1000.0,
              minute.getValue().max() / 1000.0,
              cells == null ? "-" : String.format("%.2f s", cells / 1000.0)));
    }
    if (firstFiring != null) {
      r.append("first firing: ").append(firstFiring).append('\n');
    }
    return r.toString();
  }
}
