package dev.aigw.insight.job.alert.status;

import dev.aigw.insight.job.alert.eval.RuleInput;
import dev.aigw.insight.job.alert.reason.BackendProviders;
import dev.aigw.insight.job.alert.rule.AlertMetric;
import dev.aigw.insight.job.alert.rule.AlertRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins the access logs' per-minute status counts into the alert evaluator's per-minute inputs,
 * keyed by service. The first input is the {@link RuleInput}s of the rules on an access-log share
 * (one per watched cell: they name the entities, a service and provider, the rules watch); the
 * second the {@link ServiceStatusMinute}s of the service. When the watermark (of both inputs)
 * passes a minute, every entity seen in the last {@link #ENTITY_KEEP_MINUTES} minutes gets the
 * minute's counts of the backends that are its provider's ({@link BackendProviders}: a path segment
 * equal to the provider): numerator = its share's answers, denominator = requests = the access
 * logs' requests. A minute without access logs of the entity emits nothing (the evaluator counts it
 * as zero).
 *
 * <p>Event time throughout: a minute is joined by a timer at its last millisecond, so replays give
 * the same inputs. A count rewritten by late logs (the window fires again within its allowed
 * lateness) replaces its minute and is joined again at the next watermark, and the evaluator
 * replaces its ring slot. State: the minutes within the allowed lateness and the entities seen in
 * the last hour, per service.
 */
public final class StatusShareJoin
    extends KeyedCoProcessFunction<String, RuleInput, ServiceStatusMinute, RuleInput> {

  private static final long serialVersionUID = 1L;

  private static final long MINUTE = 60_000L;

  /** An entity whose cells stopped still gets the access logs' counts for this long. */
  static final int ENTITY_KEEP_MINUTES = 60;

  private final List<AlertRule> ruleList;
  private final int latenessMinutes;

  private transient Map<String, AlertMetric> metrics;
  private transient MapState<String, RuleInput> entities;
  private transient MapState<Long, ServiceStatusMinute> minutes;
  private transient ValueState<Long> newest;

  /**
   * @param rules the rules on an access-log share
   * @param latenessMinutes the status counts' allowed lateness in whole minutes: their minutes are
   *     kept that long after the watermark passed them
   */
  public StatusShareJoin(List<AlertRule> rules, int latenessMinutes) {
    this.ruleList = List.copyOf(rules);
    this.latenessMinutes = latenessMinutes;
  }

  @Override
  public void open(OpenContext openContext) {
    metrics = new HashMap<>();
    for (AlertRule rule : ruleList) {
      metrics.put(rule.id(), rule.metric());
    }
    entities =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "entities", Types.STRING, TypeInformation.of(RuleInput.class)));
    minutes =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "status-minutes", Types.LONG, TypeInformation.of(ServiceStatusMinute.class)));
    newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest", Types.LONG));
  }

  @Override
  public void processElement1(RuleInput in, Context ctx, Collector<RuleInput> out)
      throws Exception {
    RuleInput known = entities.get(in.key);
    if (known == null || known.minuteMs < in.minuteMs) {
      entities.put(in.key, in.copy());
    }
    touched(in.minuteMs, ctx);
  }

  @Override
  public void processElement2(ServiceStatusMinute counts, Context ctx, Collector<RuleInput> out)
      throws Exception {
    minutes.put(counts.minuteMs, counts);
    touched(counts.minuteMs, ctx);
  }

  /** Joins the minute at its end (again, after the watermark, for a late rewrite). */
  private void touched(long minuteMs, Context ctx) throws Exception {
    ctx.timerService().registerEventTimeTimer(minuteMs + MINUTE - 1);
    Long n = newest.value();
    if (n == null || n < minuteMs) {
      newest.update(minuteMs);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RuleInput> out)
      throws Exception {
    long minute = timestamp - MINUTE + 1;
    ServiceStatusMinute counts = minutes.get(minute);
    if (counts != null) {
      for (RuleInput entity : entities.values()) {
        if (entity.minuteMs >= minute - ENTITY_KEEP_MINUTES * MINUTE) {
          RuleInput joined = join(entity, counts);
          if (joined != null) {
            out.collect(joined);
          }
        }
      }
    }
    prune(minute, ctx);
  }

  /** The entity's input of the minute, or null when none of its backends had a request. */
  RuleInput join(RuleInput entity, ServiceStatusMinute counts) {
    AlertMetric metric = metrics.get(entity.ruleId);
    if (metric == null) {
      return null;
    }
    long requests = 0;
    long answers = 0;
    for (int i = 0; i < counts.size; i++) {
      if (!ServiceStatusMinute.OTHER.equals(counts.backends[i]) || entity.provider.isEmpty()) {
        if (BackendProviders.servedBy(counts.backends[i], entity.provider)) {
          requests += counts.requests[i];
          answers += metric.statusNumerator(counts.status429[i], counts.status5xx[i]);
        }
      }
    }
    if (requests == 0) {
      return null;
    }
    RuleInput joined = entity.copy();
    joined.minuteMs = counts.minuteMs;
    joined.numerator = answers;
    joined.denominator = requests;
    joined.requests = requests;
    return joined;
  }

  /**
   * Drops the minutes past their lateness and the entities not seen for an hour; while anything is
   * left, a timer comes back when the newest of it expires.
   */
  private void prune(long minute, OnTimerContext ctx) throws Exception {
    long oldestMinute = minute - (latenessMinutes + 1L) * MINUTE;
    List<Long> expired = new ArrayList<>();
    for (Long m : minutes.keys()) {
      if (m < oldestMinute) {
        expired.add(m);
      }
    }
    for (Long m : expired) {
      minutes.remove(m);
    }
    long oldestEntity = minute - ENTITY_KEEP_MINUTES * MINUTE;
    for (Iterator<RuleInput> it = entities.values().iterator(); it.hasNext(); ) {
      if (it.next().minuteMs < oldestEntity) {
        it.remove();
      }
    }
    Long n = newest.value();
    if (n == null) {
      return;
    }
    if (minutes.isEmpty() && entities.isEmpty()) {
      // an emptied map may still hold its (empty) state entry
      minutes.clear();
      entities.clear();
      newest.clear();
      return;
    }
    // the minute of this timer is past everything of the newest minute: that run clears it all
    long keep = Math.max(ENTITY_KEEP_MINUTES, latenessMinutes + 1L);
    ctx.timerService().registerEventTimeTimer(n + (keep + 2) * MINUTE - 1);
  }
}
