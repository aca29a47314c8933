package dev.aigw.insight.job.alert.eval;

import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.AlertRule.Budget;
import dev.aigw.insight.job.alert.rule.RuleKind;
import dev.aigw.insight.job.options.AnalysisOptions;
import dev.aigw.insight.job.options.PercentileMethod;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStatus;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluates the rules in event time, keyed by (rule, entity), and runs each alert's lifecycle
 * (firing → resolved, silence, recovery observation); the windowed conditions are {@link
 * Conditions}, the budget's periods {@link BudgetPeriods}. Each key holds a {@link MinuteRing} of
 * the rule's per-minute sums and an {@link AlertState}. A minute is evaluated by an event-time
 * timer at its last millisecond, which fires once the watermark has passed the minute: the cell
 * windows emit a minute's cells before they forward that watermark, so all of the minute's cells
 * are in the ring by then. The evaluation reads only minutes up to the evaluated one, so it depends
 * on event time alone: a replay of yesterday gives yesterday's alerts at yesterday's times.
 *
 * <p>A cell rewritten by a late point replaces its minute in the ring; minutes already evaluated
 * are not evaluated again (an alert is about the minute that has just ended), the next evaluation
 * sees the corrected sums. While a key has data in its history or a firing alert it is evaluated
 * every minute (so that alerts resolve when traffic stops); then its state is cleared. A budget key
 * with spend in its period keeps its state until the period ends.
 *
 * <p>When the watermark jumps over many minutes at once (a replay, a Kafka source catching up), the
 * cells of all of them arrive before the first of their timers fires; a minute's cells would then
 * overwrite ring slots that the pending evaluations still need. So a minute's input first evaluates
 * the earlier minutes whose timers are still pending ({@link #catchUp}), exactly as the timers
 * would have; in live traffic there are none.
 */
public final class AlertEvaluator extends KeyedProcessFunction<String, RuleInput, AlertEvent> {

  private static final long serialVersionUID = 1L;

  static final long MINUTE = 60_000L;

  /** An anomaly baseline is forgotten after a day without data. */
  private static final long ANOMALY_IDLE_MS = 24 * 60 * MINUTE;

  private final List<AlertRule> ruleList;
  private final int latenessMinutes;
  private final PercentileMethod percentileMethod;

  private transient Map<String, AlertRule> rules;
  private transient ValueState<MinuteRing> ringState;
  private transient ValueState<AlertState> alertState;

  /**
   * @param latenessMinutes the cell windows' allowed lateness in whole minutes (rounded up): a
   *     budget's ring keeps at least that many minutes so that a rewrite never meets a settled one
   */
  public AlertEvaluator(List<AlertRule> rules, int latenessMinutes) {
    this(rules, latenessMinutes, AnalysisOptions.PERCENTILE_METHOD.defaultValue());
  }

  /**
   * @param percentileMethod the job's {@code analysis.percentile.method}: a percentile metric's
   *     window value is computed with it from the merged bucket counts, as the cells' percentiles
   */
  public AlertEvaluator(
      List<AlertRule> rules, int latenessMinutes, PercentileMethod percentileMethod) {
    this.ruleList = List.copyOf(rules);
    this.latenessMinutes = latenessMinutes;
    this.percentileMethod = percentileMethod;
  }

  @Override
  public void open(OpenContext openContext) {
    rules = new HashMap<>();
    for (AlertRule rule : ruleList) {
      rules.put(rule.id(), rule);
    }
    ringState =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("ring", TypeInformation.of(MinuteRing.class)));
    alertState =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("alert", TypeInformation.of(AlertState.class)));
  }

  @Override
  public void processElement(RuleInput in, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    AlertRule rule = rules.get(in.ruleId);
    if (rule == null) {
      return;
    }
    catchUp(rule, in.minuteMs, ctx.timerService(), out);
    AlertState st = alertState.value();
    if (st == null) {
      st = new AlertState();
      st.ruleId = in.ruleId;
      st.entity = in.entity;
      st.scope = in.scope;
      st.dimension = in.dimension;
      st.service = in.service;
    }
    MinuteRing ring = ring(rule);
    MinuteRing.Evicted evicted =
        ring.put(
            in.minuteMs, in.numerator, in.denominator, in.requests, WindowPercentile.ofMinute(in));
    if (evicted != null
        && rule.kind() == RuleKind.BUDGET
        && BudgetPeriods.start(rule.budget().period(), evicted.minuteMs()) == st.periodStartMs) {
      // the evaluation keeps up with the minutes, so an evicted minute is of the current period
      // or an older one; its spend stays in the period it belongs to
      st.settledSpend += evicted.numerator();
    }
    st.lastDataMinute = Math.max(st.lastDataMinute, in.minuteMs);
    long minute =
        st.lastEvaluatedMinute == Long.MIN_VALUE
            ? in.minuteMs
            : Math.max(in.minuteMs, st.lastEvaluatedMinute + MINUTE);
    ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
    ringState.update(ring);
    alertState.update(st);
  }

  /**
   * Evaluates, in order, the minutes before {@code minuteMs} whose timers have not fired yet,
   * before {@code minuteMs} enters the ring. The first pending minute is the one after the last
   * evaluated (or the oldest in the ring after a fresh start or a cleared ring: the minute its
   * input's timer was set for); each evaluation schedules the next as its timer would. A budget
   * needs none of this: the spend of a minute evicted from its ring stays in the period's total.
   */
  private void catchUp(
      AlertRule rule, long minuteMs, TimerService timers, Collector<AlertEvent> out)
      throws Exception {
    if (rule.kind() == RuleKind.BUDGET) {
      return;
    }
    AlertState st = alertState.value();
    MinuteRing ring = ringState.value();
    if (st == null || ring == null) {
      return;
    }
    long next = ring.oldestMinute();
    if (st.lastEvaluatedMinute != Long.MIN_VALUE) {
      next = Math.max(next, st.lastEvaluatedMinute + MINUTE);
    }
    while (next != Long.MIN_VALUE && next < minuteMs && evaluate(next, timers, out)) {
      next += MINUTE;
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
      throws Exception {
    evaluate(timestamp - MINUTE + 1, ctx.timerService(), out);
  }

  /**
   * Evaluates one minute (what its timer does) and schedules the next evaluation; returns whether
   * the key goes on being evaluated every minute.
   */
  private boolean evaluate(long minute, TimerService timers, Collector<AlertEvent> out)
      throws Exception {
    AlertState st = alertState.value();
    if (st == null || minute <= st.lastEvaluatedMinute) {
      return false;
    }
    AlertRule rule = rules.get(st.ruleId);
    if (rule == null) {
      ringState.clear();
      alertState.clear();
      return false;
    }
    MinuteRing ring = ring(rule);
    switch (rule.kind()) {
      case BUDGET -> evaluateBudget(rule, st, ring, minute, out);
      case ANOMALY ->
          lifecycle(
              rule,
              rule.id(),
              st,
              Conditions.anomaly(rule, st, ring, minute, percentileMethod),
              minute,
              out);
      case SLO_BURN_RATE ->
          lifecycle(rule, rule.id(), st, Conditions.burnRate(rule, ring, minute), minute, out);
      case THRESHOLD, PROVIDER_OUTAGE ->
          lifecycle(
              rule,
              rule.id(),
              st,
              Conditions.threshold(rule, ring, minute, percentileMethod),
              minute,
              out);
    }
    st.lastEvaluatedMinute = minute;
    return scheduleOrClear(rule, st, ring, minute, timers);
  }

  /** Schedules the next minute's evaluation or clears the key; returns whether it scheduled it. */
  private boolean scheduleOrClear(
      AlertRule rule, AlertState st, MinuteRing ring, long minute, TimerService timers)
      throws Exception {
    long next = minute + MINUTE;
    boolean active =
        st.firing || ring.newestMinute() > next - (long) rule.historyMinutes() * MINUTE;
    if (rule.kind() == RuleKind.ANOMALY) {
      active |= st.samples > 0 && next - st.lastDataMinute < ANOMALY_IDLE_MS;
    }
    if (active) {
      timers.registerEventTimeTimer(next + MINUTE - 1);
    } else if (rule.kind() == RuleKind.BUDGET && !budgetQuiet(st, ring, minute)) {
      // keep the period's spend; the evaluation at the boundary resets it
      long boundary = BudgetPeriods.next(rule.budget().period(), st.periodStartMs);
      timers.registerEventTimeTimer(boundary + MINUTE - 1);
    } else if (st.lastStartMs + rule.silenceMinutes() * MINUTE > next) {
      // keep the lifecycle for the silence period, drop the sums
      ringState.clear();
      alertState.update(st);
      return false;
    } else {
      ringState.clear();
      alertState.clear();
      return false;
    }
    ringState.update(ring);
    alertState.update(st);
    return active;
  }

  /**
   * Whether a budget key holds nothing of its current period: no spend and no threshold alert. Then
   * it has nothing to keep until the boundary and is cleared like the other keys (the next input
   * starts it again); a key whose period has just ended is cleared at its boundary once its alerts
   * have resolved, so budget state is bounded and a final watermark (the end of a bounded input)
   * does not walk it through every future period.
   */
  private static boolean budgetQuiet(AlertState st, MinuteRing ring, long minute) {
    if (st.settledSpend != 0 || ring.sum(st.periodStartMs, minute).numerator() != 0) {
      return false;
    }
    if (st.thresholdStartMs != null) {
      for (long start : st.thresholdStartMs) {
        if (start != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private MinuteRing ring(AlertRule rule) throws Exception {
    int size = rule.historyMinutes();
    if (rule.kind() == RuleKind.BUDGET) {
      size = Math.max(size, latenessMinutes + 2);
    }
    MinuteRing ring = ringState.value();
    if (ring == null) {
      return MinuteRing.ofSize(size);
    }
    return ring.size() == size ? ring : ring.resized(size);
  }

  private void evaluateBudget(
      AlertRule rule, AlertState st, MinuteRing ring, long minute, Collector<AlertEvent> out) {
    Budget b = rule.budget();
    long periodStart = BudgetPeriods.start(b.period(), minute);
    if (st.periodStartMs != periodStart) {
      if (st.periodStartMs != 0) {
        // the old period ends: its alerts resolve exactly at its boundary
        long boundary = BudgetPeriods.next(b.period(), st.periodStartMs);
        for (int i = 0; st.thresholdStartMs != null && i < st.thresholdStartMs.length; i++) {
          if (st.thresholdStartMs[i] != 0) {
            out.collect(
                event(
                    rule,
                    thresholdLabel(rule, i),
                    st,
                    AlertStatus.RESOLVED,
                    st.thresholdStartMs[i],
                    boundary,
                    boundary - MINUTE,
                    Double.NaN,
                    b.amount() * b.thresholdsPercent().get(i) / 100,
                    rule.severity(),
                    "budget period ended; spend resets"));
          }
        }
        if (st.firing) {
          out.collect(
              event(
                  rule,
                  rule.id() + ":forecast",
                  st,
                  AlertStatus.RESOLVED,
                  st.startMs,
                  boundary,
                  boundary - MINUTE,
                  Double.NaN,
                  b.amount(),
                  st.severity,
                  "budget period ended; spend resets"));
          st.firing = false;
          st.cleanMinutes = 0;
        }
      }
      st.periodStartMs = periodStart;
      st.settledSpend = 0;
      st.thresholdStartMs = new long[b.thresholdsPercent().size()];
    }
    if (st.thresholdStartMs == null || st.thresholdStartMs.length != b.thresholdsPercent().size()) {
      st.thresholdStartMs = new long[b.thresholdsPercent().size()];
    }
    double spend = st.settledSpend + ring.sum(periodStart, minute).numerator();
    long end = minute + MINUTE;
    for (int i = 0; i < st.thresholdStartMs.length; i++) {
      double limit = b.amount() * b.thresholdsPercent().get(i) / 100;
      if (st.thresholdStartMs[i] == 0 && spend >= limit) {
        st.thresholdStartMs[i] = end;
        out.collect(
            event(
                rule,
                thresholdLabel(rule, i),
                st,
                AlertStatus.FIRING,
                end,
                end,
                minute,
                spend,
                limit,
                rule.severity(),
                String.format(
                    Locale.ROOT,
                    "spend %.6g reached %s of the %s budget %.6g",
                    spend,
                    percent(b.thresholdsPercent().get(i)),
                    b.period().name().toLowerCase(Locale.ROOT),
                    b.amount())));
      }
    }
    if (b.forecast()) {
      double rate =
          Conditions.window(ring, minute, b.forecastWindowMinutes()).numerator()
              / b.forecastWindowMinutes();
      long periodEnd = BudgetPeriods.next(b.period(), periodStart);
      double projected = spend + rate * ((periodEnd - end) / MINUTE);
      boolean breached = spend < b.amount() && projected >= b.amount();
      String what =
          String.format(
              Locale.ROOT,
              "forecast %.6g at the current burn (%.6g/min over %dm) reaches the %s budget %.6g"
                  + " before the period ends (spent %.6g)",
              projected,
              rate,
              b.forecastWindowMinutes(),
              b.period().name().toLowerCase(Locale.ROOT),
              b.amount(),
              spend);
      lifecycle(
          rule,
          rule.id() + ":forecast",
          st,
          new Evaluation(breached, projected, b.amount(), rule.severity(), what),
          minute,
          out);
    }
  }

  private static String thresholdLabel(AlertRule rule, int i) {
    return rule.id() + ":" + percent(rule.budget().thresholdsPercent().get(i));
  }

  private static String percent(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + "%";
  }

  /**
   * Firing → resolved, with the silence period (no new alert sooner than {@code silence} after the
   * last one started) and the recovery observation (resolved only after {@code recovery}
   * consecutive clean minutes; a breach in between keeps the same alert firing).
   */
  private static void lifecycle(
      AlertRule rule,
      String label,
      AlertState st,
      Evaluation ev,
      long minute,
      Collector<AlertEvent> out) {
    long end = minute + MINUTE;
    if (ev.breached()) {
      if (st.firing) {
        st.cleanMinutes = 0;
        return;
      }
      if (st.lastStartMs != 0 && end < st.lastStartMs + rule.silenceMinutes() * MINUTE) {
        return;
      }
      st.firing = true;
      st.startMs = end;
      st.lastStartMs = end;
      st.cleanMinutes = 0;
      st.severity = ev.severity();
      out.collect(
          event(
              rule,
              label,
              st,
              AlertStatus.FIRING,
              end,
              end,
              minute,
              ev.value(),
              ev.threshold(),
              ev.severity(),
              ev.what()));
    } else if (st.firing) {
      st.cleanMinutes++;
      if (st.cleanMinutes >= rule.recoveryMinutes()) {
        st.firing = false;
        out.collect(
            event(
                rule,
                label,
                st,
                AlertStatus.RESOLVED,
                st.startMs,
                end,
                minute,
                ev.value(),
                ev.threshold(),
                st.severity,
                "recovered for "
                    + st.cleanMinutes
                    + "m"
                    + (ev.what().isEmpty() ? "" : ": " + ev.what())));
        st.cleanMinutes = 0;
      }
    }
  }

  private static AlertEvent event(
      AlertRule rule,
      String label,
      AlertState st,
      AlertStatus status,
      long startMs,
      long eventTimeMs,
      long minuteMs,
      double value,
      double threshold,
      String severity,
      String what) {
    AlertEvent e = new AlertEvent();
    e.alertId = AlertEvent.alertId(label, st.entity, startMs);
    e.idempotencyKey = AlertEvent.idempotencyKey(e.alertId, status);
    e.status = status;
    e.ruleId = rule.id();
    e.kind = rule.kind().fileName();
    e.severity = severity;
    e.entity = st.entity;
    e.scope = st.scope;
    e.dimension = st.dimension;
    e.service = st.service;
    e.startMs = startMs;
    e.eventTimeMs = eventTimeMs;
    e.minuteMs = minuteMs;
    // JSON has no NaN: a value the evaluation did not have (no traffic) is written as 0
    e.value = Double.isFinite(value) ? value : 0;
    e.threshold = Double.isFinite(threshold) ? threshold : 0;
    e.message =
        label + " " + status.name().toLowerCase(Locale.ROOT) + " for " + st.entity + ": " + what;
    return e;
  }
}
