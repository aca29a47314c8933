package dev.aigw.insight.job.temporality;

import dev.aigw.insight.job.model.GenAiPoint;
import java.time.Duration;
import java.util.Iterator;

/**
 * Admits DELTA points, dropping (and counting) a point whose (start, end) was already counted for
 * the same series, e.g. a client's retry of an export. Points with a zero count carry nothing and
 * are dropped too. A series' history is forgotten after the series TTL without a new point.
 */
public final class DeltaDeduplicator {

  private final long ttlMs;
  private final TemporalityCounters counters;

  public DeltaDeduplicator(Duration seriesTtl, TemporalityCounters counters) {
    this.ttlMs = seriesTtl.toMillis();
    this.counters = counters;
  }

  /** Whether {@code p} is to be counted; records it in the resource's state if so. */
  public boolean admit(ResourceSeries state, GenAiPoint p, long nowMs) {
    if (p.count == 0) {
      return false;
    }
    DeltaHistory h = state.deltas.get(p.seriesKey);
    if (h == null || h.lastSeenMs <= nowMs - ttlMs) {
      h = new DeltaHistory(); // unknown, or expired but not yet cleaned up
      state.deltas.put(p.seriesKey, h);
    } else if (h.contains(p.startTimeNanos, p.timeNanos)) {
      counters.duplicates.inc();
      return false;
    }
    h.add(p.startTimeNanos, p.timeNanos);
    h.lastSeenMs = nowMs;
    return true;
  }

  /**
   * Forgets the histories not written for the TTL.
   *
   * @return when the oldest remaining history expires (epoch ms), or {@code Long.MAX_VALUE}
   */
  public long expire(ResourceSeries state, long nowMs) {
    long next = Long.MAX_VALUE;
    for (Iterator<DeltaHistory> it = state.deltas.values().iterator(); it.hasNext(); ) {
      DeltaHistory h = it.next();
      if (h.lastSeenMs <= nowMs - ttlMs) {
        it.remove();
      } else {
        next = Math.min(next, h.lastSeenMs + ttlMs);
      }
    }
    return next;
  }
}
