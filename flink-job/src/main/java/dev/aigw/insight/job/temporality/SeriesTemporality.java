package dev.aigw.insight.job.temporality;

import dev.aigw.insight.job.aggregate.AttributedLeaf;
import dev.aigw.insight.job.aggregate.AttributionCombiner;
import dev.aigw.insight.job.aggregate.LeafAggregate;
import dev.aigw.insight.job.aggregate.LeafCombiner;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.options.AnalysisOptions;
import dev.aigw.insight.job.price.PointPricer;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.time.JobClock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The temporality stage, keyed by resource identity: turns each export's points into counted deltas
 * (CUMULATIVE through {@link CumulativeToDelta}, DELTA through {@link DeltaDeduplicator}), prices
 * them, and combines them per (resource, provider, model, minute) into partial {@link
 * LeafAggregate}s. It emits nothing itself: {@link SeriesTemporalityOperator} decides when the
 * combined partials leave (periodically and before every checkpoint barrier), so that a resource
 * exporting often costs the minute windows one update per flush rather than one per export.
 *
 * <p>All series of a resource live in one {@link ResourceSeries} value, read and written once per
 * export: per-point state access was what limited throughput (docs/benchmarks.md). A resource's
 * series are forgotten after the TTL.
 *
 * <p>Time: when a series was last seen and when it expires are read on the job's {@link JobClock}
 * (the rest is event time). The cleanup timer per resource is a processing-time timer that only
 * says when to look again: it is set to fire after the clock time that remains until the next
 * expiry, and when it fires the expiry is decided on the clock. In production both are the system
 * clock; a test with a clock of its own moves the decisions without waiting for them.
 *
 * <p>A resource remembers at most {@code maxSeriesPerResource} series: a point of a new series
 * beyond that is dropped and counted ({@link AnalysisMetrics#SERIES_OVER_CAP_DROPPED}), so one
 * request with thousands of new attribute combinations cannot grow the state without bound. The
 * series already known keep counting.
 *
 * <p>Upgrade from 0.1.0: this operator keeps 0.1.0's uid and state names. 0.1.0 kept a resource's
 * cumulative series in the map states {@code series} and {@code incarnations}; the first time a
 * resource is seen after the upgrade, they are moved into the new value and cleared.
 */
public class SeriesTemporality extends KeyedProcessFunction<String, ResourcePoints, LeafAggregate> {

  private static final long serialVersionUID = 1L;

  private final Duration firstPointGrace;
  private final Duration seriesTtl;
  private final PriceTable prices;
  private final int maxSeriesPerResource;
  private final JobClock clock;

  /** The attribution attributes, or null: no attribution partials (nothing extra is done). */
  private List<String> attribution;

  private transient ValueState<ResourceSeries> resourceState;
  private transient MapState<String, SeriesState> legacySeries;
  private transient MapState<Long, IncarnationState> legacyIncarnations;
  private transient ValueState<Long> legacyCleanupTimer;

  private transient CumulativeToDelta cumulative;
  private transient DeltaDeduplicator deltas;
  private transient PointPricer pricer;
  private transient LeafCombiner combiner;
  private transient AttributionCombiner attributionCombiner;
  private transient Counter overCap;

  /** With the default series cap ({@link AnalysisOptions#SERIES_MAX_PER_RESOURCE}). */
  public SeriesTemporality(
      Duration firstPointGrace, Duration seriesTtl, PriceTable prices, JobClock clock) {
    this(
        firstPointGrace,
        seriesTtl,
        prices,
        AnalysisOptions.SERIES_MAX_PER_RESOURCE.defaultValue(),
        clock);
  }

  public SeriesTemporality(
      Duration firstPointGrace,
      Duration seriesTtl,
      PriceTable prices,
      int maxSeriesPerResource,
      JobClock clock) {
    this.firstPointGrace = firstPointGrace;
    this.seriesTtl = seriesTtl;
    this.prices = prices;
    this.maxSeriesPerResource = maxSeriesPerResource;
    this.clock = clock;
  }

  /**
   * Also combines every counted delta per (service, attribute, value, provider, model, minute) for
   * the attribution branch ({@link #flushAttribution}). Adds no state: the partials live in memory
   * and leave with the leaf partials.
   */
  public SeriesTemporality withAttribution(List<String> attributes) {
    this.attribution = attributes == null || attributes.isEmpty() ? null : List.copyOf(attributes);
    return this;
  }

  /** The job's clock: the one {@link SeriesTemporalityOperator} decides its flushes on. */
  JobClock clock() {
    return clock;
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    resourceState =
        context.getState(
            new ValueStateDescriptor<>(
                "resource-series", TypeInformation.of(ResourceSeries.class)));
    legacySeries =
        context.getMapState(
            new MapStateDescriptor<>(
                "series", Types.STRING, TypeInformation.of(SeriesState.class)));
    legacyIncarnations =
        context.getMapState(
            new MapStateDescriptor<>(
                "incarnations", Types.LONG, TypeInformation.of(IncarnationState.class)));
    legacyCleanupTimer = context.getState(new ValueStateDescriptor<>("cleanup-timer", Types.LONG));
    TemporalityCounters counters = new TemporalityCounters(context.getMetricGroup());
    cumulative = new CumulativeToDelta(firstPointGrace, seriesTtl, counters);
    deltas = new DeltaDeduplicator(seriesTtl, counters);
    pricer =
        new PointPricer(prices, context.getMetricGroup().counter(AnalysisMetrics.UNPRICED_TOKENS));
    combiner = new LeafCombiner();
    attributionCombiner = attribution == null ? null : new AttributionCombiner(attribution);
    overCap = context.getMetricGroup().counter(AnalysisMetrics.SERIES_OVER_CAP_DROPPED);
  }

  @Override
  public void processElement(ResourcePoints batch, Context ctx, Collector<LeafAggregate> out)
      throws Exception {
    long now = clock.nowMs();
    ResourceSeries state = load();
    for (GenAiPoint p : batch.points) {
      // the lookup only once the resource is full: nothing extra on the common path
      if (state.seriesCount() >= maxSeriesPerResource && !state.knows(p)) {
        overCap.inc();
        continue;
      }
      if (p.temporality == Temporality.CUMULATIVE) {
        cumulative.accept(state, p, now, this::count);
      } else if (deltas.admit(state, p, now)) {
        count(p);
      }
    }
    if (state.cleanupTimerMs == 0 && !state.isEmpty()) {
      state.cleanupTimerMs = lookAgainAfter(ctx.timerService(), seriesTtl.toMillis());
    }
    resourceState.update(state);
  }

  /** Number of partials waiting in the combiner. */
  int combined() {
    return combiner.size() + (attributionCombiner == null ? 0 : attributionCombiner.size());
  }

  /** Hands out the combined partials and starts over. */
  void flush(Consumer<LeafAggregate> out) {
    combiner.emitTo(out);
  }

  /** Hands out the combined partials but the newest minute's ({@link LeafCombiner}). */
  void flushAllButNewestMinute(Consumer<LeafAggregate> out) {
    combiner.emitAllButNewestMinuteTo(out);
  }

  /**
   * As {@link #flushAllButNewestMinute}, for the attribution partials (none without attribution).
   */
  void flushAttributionAllButNewestMinute(Consumer<AttributedLeaf> out) {
    if (attributionCombiner != null) {
      attributionCombiner.emitAllButNewestMinuteTo(out);
    }
  }

  /** Hands out the combined attribution partials (none without attribution) and starts over. */
  void flushAttribution(Consumer<AttributedLeaf> out) {
    if (attributionCombiner != null) {
      attributionCombiner.emitTo(out);
    }
  }

  private void count(GenAiPoint delta) {
    pricer.price(delta);
    combiner.add(delta);
    if (attributionCombiner != null) {
      attributionCombiner.add(delta);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<LeafAggregate> out)
      throws Exception {
    ResourceSeries state = load();
    if (timestamp < state.cleanupTimerMs) {
      return; // a timer of 0.1.0 (migrated) or one superseded by a later one
    }
    long now = clock.nowMs();
    long next = Math.min(cumulative.expire(state, now), deltas.expire(state, now));
    if (state.isEmpty()) {
      resourceState.clear();
      return;
    }
    // nothing left that expires (only tombstones of live incarnations): look again after a TTL
    long wait = next == Long.MAX_VALUE ? seriesTtl.toMillis() : Math.max(next - now, 1);
    state.cleanupTimerMs = lookAgainAfter(ctx.timerService(), wait);
    resourceState.update(state);
  }

  /**
   * Registers the resource's cleanup timer {@code clockMs} of clock time from now and returns its
   * (processing) time, which the state keeps so that a superseded timer is recognised. The timer is
   * only the moment to look again; what expires is decided on the clock.
   */
  private static long lookAgainAfter(TimerService timers, long clockMs) {
    long at = timers.currentProcessingTime() + clockMs;
    timers.registerProcessingTimeTimer(at);
    return at;
  }

  /** The resource's state, moved over from 0.1.0's layout on first use. */
  private ResourceSeries load() throws Exception {
    ResourceSeries state = resourceState.value();
    if (state != null) {
      return state;
    }
    state = new ResourceSeries();
    Iterator<Map.Entry<String, SeriesState>> series = legacySeries.iterator();
    if (series.hasNext()) {
      for (; series.hasNext(); ) {
        Map.Entry<String, SeriesState> e = series.next();
        state.cumulative.put(e.getKey(), e.getValue());
      }
      for (Map.Entry<Long, IncarnationState> e : legacyIncarnations.entries()) {
        state.incarnations.put(e.getKey(), e.getValue());
      }
      Long timer = legacyCleanupTimer.value();
      state.cleanupTimerMs = timer == null ? 0 : timer;
      legacySeries.clear();
      legacyIncarnations.clear();
      legacyCleanupTimer.clear();
    }
    return state;
  }
}
