package dev.aigw.insight.job.temporality;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns CUMULATIVE points into deltas, keyed by resource identity ({@link GenAiPoint#resourceKey})
 * so that it sees every series of a resource incarnation together.
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
public class CumulativeToDelta extends KeyedProcessFunction<String, GenAiPoint, GenAiPoint> {

  private static final long serialVersionUID = 1L;

  private final long graceNanos;
  private final long ttlMs;

  private transient MapState<String, SeriesState> series;
  private transient MapState<Long, IncarnationState> incarnations;
  private transient ValueState<Long> cleanupTimer;

  private transient Counter baselineOnly;
  private transient Counter newSeries;
  private transient Counter freshStart;
  private transient Counter resets;
  private transient Counter stale;
  private transient Counter expired;

  public CumulativeToDelta(Duration firstPointGrace, Duration seriesTtl) {
    this.graceNanos = firstPointGrace.toNanos();
    this.ttlMs = seriesTtl.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    series =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "series", Types.STRING, TypeInformation.of(SeriesState.class)));
    incarnations =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "incarnations", Types.LONG, TypeInformation.of(IncarnationState.class)));
    cleanupTimer =
        getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-timer", Types.LONG));
    var group = getRuntimeContext().getMetricGroup();
    baselineOnly = group.counter(AnalysisMetrics.CUMULATIVE_BASELINE_ONLY);
    newSeries = group.counter(AnalysisMetrics.CUMULATIVE_FIRST_COUNTED_NEW_SERIES);
    freshStart = group.counter(AnalysisMetrics.CUMULATIVE_FIRST_COUNTED_FRESH_START);
    resets = group.counter(AnalysisMetrics.CUMULATIVE_RESETS);
    stale = group.counter(AnalysisMetrics.CUMULATIVE_STALE_DROPPED);
    expired = group.counter(AnalysisMetrics.SERIES_EXPIRED);
  }

  @Override
  public void processElement(GenAiPoint p, Context ctx, Collector<GenAiPoint> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    IncarnationState inc = incarnations.get(p.startTimeNanos);
    // rule (a) is decided on what was known before this point's own export
    boolean earlierExportOfIncarnation = inc != null && inc.firstExportNanos < p.timeNanos;
    if (inc == null) {
      inc = new IncarnationState();
      inc.firstExportNanos = p.timeNanos;
    } else if (p.timeNanos < inc.firstExportNanos) {
      inc.firstExportNanos = p.timeNanos;
    }
    inc.lastSeenMs = now;
    incarnations.put(p.startTimeNanos, inc);

    SeriesState s = series.get(p.seriesKey);
    if (s == null || s.tombstone) {
      boolean returning = s != null && s.startTimeNanos == p.startTimeNanos;
      if (!returning && earlierExportOfIncarnation) {
        newSeries.inc();
        emitWhole(p, out);
      } else if (!returning && isFreshStart(p)) {
        freshStart.inc();
        emitWhole(p, out);
      } else {
        baselineOnly.inc();
      }
    } else if (p.timeNanos <= s.timeNanos) {
      stale.inc();
      return; // a replay or reordering: the state already covers this point
    } else if (isReset(s, p)) {
      resets.inc();
      emitWhole(p, out);
    } else {
      emitDelta(s, p, out);
    }
    series.put(p.seriesKey, toState(p, now));
    scheduleCleanup(ctx, now);
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

  private static void emitWhole(GenAiPoint p, Collector<GenAiPoint> out) {
    if (p.count == 0) {
      return;
    }
    GenAiPoint d = p.copy();
    d.temporality = Temporality.DELTA;
    out.collect(d);
  }

  private static void emitDelta(SeriesState s, GenAiPoint p, Collector<GenAiPoint> out) {
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
    out.collect(d);
  }

  private static SeriesState toState(GenAiPoint p, long now) {
    SeriesState s = new SeriesState();
    s.startTimeNanos = p.startTimeNanos;
    s.timeNanos = p.timeNanos;
    s.explicitBounds = p.explicitBounds;
    s.bucketCounts = p.bucketCounts;
    s.sum = p.sum;
    s.count = p.count;
    s.min = p.min;
    s.max = p.max;
    s.lastSeenMs = now;
    return s;
  }

  private void scheduleCleanup(Context ctx, long now) throws Exception {
    if (cleanupTimer.value() == null) {
      long at = now + ttlMs;
      ctx.timerService().registerProcessingTimeTimer(at);
      cleanupTimer.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<GenAiPoint> out)
      throws Exception {
    long horizon = timestamp - ttlMs;
    Set<Long> liveIncarnations = new HashSet<>();
    List<Long> deadIncarnations = new ArrayList<>();
    long oldest = Long.MAX_VALUE;
    for (Map.Entry<Long, IncarnationState> e : incarnations.entries()) {
      if (e.getValue().lastSeenMs <= horizon) {
        deadIncarnations.add(e.getKey());
      } else {
        liveIncarnations.add(e.getKey());
        oldest = Math.min(oldest, e.getValue().lastSeenMs);
      }
    }
    for (Long key : deadIncarnations) {
      incarnations.remove(key);
    }
    Iterator<Map.Entry<String, SeriesState>> it = series.iterator();
    List<String> remove = new ArrayList<>();
    List<String> bury = new ArrayList<>();
    for (; it.hasNext(); ) {
      Map.Entry<String, SeriesState> e = it.next();
      SeriesState s = e.getValue();
      boolean incarnationAlive = liveIncarnations.contains(s.startTimeNanos);
      if (!incarnationAlive) {
        remove.add(e.getKey());
        if (!s.tombstone) {
          expired.inc();
        }
      } else if (!s.tombstone && s.lastSeenMs <= horizon) {
        bury.add(e.getKey());
        expired.inc();
      } else if (!s.tombstone) {
        oldest = Math.min(oldest, s.lastSeenMs);
      }
    }
    for (String key : remove) {
      series.remove(key);
    }
    for (String key : bury) {
      SeriesState t = new SeriesState();
      t.startTimeNanos = series.get(key).startTimeNanos;
      t.tombstone = true;
      series.put(key, t);
    }
    if (liveIncarnations.isEmpty()) {
      cleanupTimer.clear();
    } else {
      long at = Math.max(oldest + ttlMs, timestamp + 1);
      ctx.timerService().registerProcessingTimeTimer(at);
      cleanupTimer.update(at);
    }
  }
}
