package dev.aigw.insight.job.temporality;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.Temporality;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the CUMULATIVE points of one resource into deltas, using that resource's {@link
 * ResourceSeries} (the stage is keyed by resource identity so that it sees every series of a
 * resource incarnation together).
 *
 * <ul>
 *   <li>Known series: delta = current − previous; nothing is emitted for a zero delta. A reset
 *       (start time changed, count or a bucket went down, bounds changed) counts the current point
 *       in full. A point not newer than the last one is a replay and is dropped (counted).
 *   <li>First point of a series: counted in full when (a) an earlier export of the same incarnation
 *       (resource + start time) was seen without it, or (b) its start time lies within the grace
 *       before its time; otherwise it only sets the baseline (counted in a job metric).
 *   <li>Series and incarnations not seen for the TTL (processing time) are forgotten; a series
 *       forgotten while its incarnation still exports leaves a tombstone so its return is not taken
 *       for a new series.
 * </ul>
 *
 * <p>A delta's min and max are known only where the cumulative ones prove them: the whole point on
 * a first or reset point; a new lifetime minimum (maximum) was observed in this interval.
 */
public final class CumulativeToDelta {

  private final long graceNanos;
  private final long ttlMs;
  private final TemporalityCounters counters;

  public CumulativeToDelta(
      Duration firstPointGrace, Duration seriesTtl, TemporalityCounters counters) {
    this.graceNanos = firstPointGrace.toNanos();
    this.ttlMs = seriesTtl.toMillis();
    this.counters = counters;
  }

  /** Processes one cumulative point of the resource whose state is {@code state}. */
  public void accept(ResourceSeries state, GenAiPoint p, long nowMs, Consumer<GenAiPoint> out) {
    IncarnationState inc = state.incarnations.get(p.startTimeNanos);
    // rule (a) is decided on what was known before this point's own export
    boolean earlierExportOfIncarnation = inc != null && inc.firstExportNanos < p.timeNanos;
    if (inc == null) {
      inc = new IncarnationState();
      inc.firstExportNanos = p.timeNanos;
      state.incarnations.put(p.startTimeNanos, inc);
    } else if (p.timeNanos < inc.firstExportNanos) {
      inc.firstExportNanos = p.timeNanos;
    }
    inc.lastSeenMs = nowMs;

    SeriesState s = state.cumulative.get(p.seriesKey);
    if (s == null || s.tombstone) {
      boolean returning = s != null && s.startTimeNanos == p.startTimeNanos;
      if (!returning && earlierExportOfIncarnation) {
        counters.newSeries.inc();
        emitWhole(p, out);
      } else if (!returning && isFreshStart(p)) {
        counters.freshStart.inc();
        emitWhole(p, out);
      } else {
        counters.baselineOnly.inc();
      }
    } else if (p.timeNanos <= s.timeNanos) {
      counters.stale.inc();
      return; // a replay or reordering: the state already covers this point
    } else if (isReset(s, p)) {
      counters.resets.inc();
      emitWhole(p, out);
    } else {
      emitDelta(s, p, out);
    }
    state.cumulative.put(p.seriesKey, toState(p, nowMs));
  }

  /**
   * Forgets incarnations and series not seen for the TTL; a series whose incarnation still lives
   * becomes a tombstone.
   *
   * @return when the next live entry expires (epoch ms), or {@code Long.MAX_VALUE} when no
   *     incarnation lives any more
   */
  public long expire(ResourceSeries state, long nowMs) {
    long horizon = nowMs - ttlMs;
    long oldest = Long.MAX_VALUE;
    for (Iterator<IncarnationState> it = state.incarnations.values().iterator(); it.hasNext(); ) {
      IncarnationState inc = it.next();
      if (inc.lastSeenMs <= horizon) {
        it.remove();
      } else {
        oldest = Math.min(oldest, inc.lastSeenMs);
      }
    }
    for (Iterator<Map.Entry<String, SeriesState>> it = state.cumulative.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, SeriesState> e = it.next();
      SeriesState s = e.getValue();
      if (!state.incarnations.containsKey(s.startTimeNanos)) {
        it.remove();
        if (!s.tombstone) {
          counters.expired.inc();
        }
      } else if (!s.tombstone && s.lastSeenMs <= horizon) {
        e.setValue(tombstone(s.startTimeNanos));
        counters.expired.inc();
      } else if (!s.tombstone) {
        oldest = Math.min(oldest, s.lastSeenMs);
      }
    }
    return oldest == Long.MAX_VALUE ? Long.MAX_VALUE : oldest + ttlMs;
  }

  private boolean isFreshStart(GenAiPoint p) {
    return p.startTimeNanos > 0
        && p.startTimeNanos <= p.timeNanos
        && p.timeNanos - p.startTimeNanos <= graceNanos;
  }

  private static boolean isReset(SeriesState s, GenAiPoint p) {
    if (p.startTimeNanos != s.startTimeNanos
        || p.count < s.count
        || !Arrays.equals(p.explicitBounds, s.explicitBounds)) {
      return true;
    }
    for (int i = 0; i < p.bucketCounts.length; i++) {
      if (p.bucketCounts[i] < s.bucketCounts[i]) {
        return true;
      }
    }
    return false;
  }

  private static void emitWhole(GenAiPoint p, Consumer<GenAiPoint> out) {
    if (p.count == 0) {
      return;
    }
    GenAiPoint d = p.copy();
    d.temporality = Temporality.DELTA;
    out.accept(d);
  }

  private static void emitDelta(SeriesState s, GenAiPoint p, Consumer<GenAiPoint> out) {
    long count = p.count - s.count;
    if (count == 0) {
      return; // nothing recorded since the last export
    }
    GenAiPoint d = p.copy();
    d.temporality = Temporality.DELTA;
    d.startTimeNanos = s.timeNanos;
    d.count = count;
    d.sum = p.sum - s.sum;
    for (int i = 0; i < d.bucketCounts.length; i++) {
      d.bucketCounts[i] = p.bucketCounts[i] - s.bucketCounts[i];
    }
    d.min = p.min < s.min ? p.min : Double.NaN;
    d.max = p.max > s.max ? p.max : Double.NaN;
    out.accept(d);
  }

  private static SeriesState toState(GenAiPoint p, long nowMs) {
    SeriesState s = new SeriesState();
    s.startTimeNanos = p.startTimeNanos;
    s.timeNanos = p.timeNanos;
    s.explicitBounds = p.explicitBounds;
    s.bucketCounts = p.bucketCounts;
    s.sum = p.sum;
    s.count = p.count;
    s.min = p.min;
    s.max = p.max;
    s.lastSeenMs = nowMs;
    return s;
  }

  private static SeriesState tombstone(long startTimeNanos) {
    SeriesState t = new SeriesState();
    t.startTimeNanos = startTimeNanos;
    t.tombstone = true;
    return t;
  }
}
