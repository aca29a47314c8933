package dev.aigw.insight.job.alert.attribution;

import dev.aigw.insight.job.alert.eval.RuleInput;
import dev.aigw.insight.job.alert.rule.AlertRule;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
 * Sums the inputs of the {@code across-services} attribute rules over the services, keyed by (rule,
 * entity) like the evaluator; the inputs of the other attribute rules pass through unchanged.
 *
 * <p>A cell is a whole rewrite of its minute (a late point re-emits the full cell) and the
 * evaluator's ring replaces a minute, so a sum of the minute's inputs would count a rewritten
 * service twice. Instead each minute still within the allowed lateness keeps the latest numbers of
 * each service ({@link ServiceNumbers}); every input replaces its service's numbers.
 *
 * <p>When the sum is sent: the evaluator expects a key's minutes in order before the watermark (one
 * cell series comes from one window subtask, minute after minute, and an input of a later minute
 * first evaluates the earlier minutes still pending). The services of one sum come from different
 * window subtasks whose watermarks differ, so service A's minute 6 may come before service B's
 * minute 5. So a minute's sum is sent by an event-time timer at the minute's last millisecond: when
 * the watermark of every service has passed the minute, before that watermark goes on to the
 * evaluator (it is chained after this operator), in minute order. An input of a minute the
 * watermark has already passed (a late point's rewrite, within the allowed lateness) sends the
 * corrected sum at once, which replaces the minute in the evaluator as a rewritten cell does.
 *
 * <p>State is bounded: a timer drops a minute once the watermark has passed it by the allowed
 * lateness (no rewrite of it can come any more); an input of a minute already dropped would send a
 * partial sum over the complete one, so it is dropped and counted ({@code
 * alertAcrossServicesLateInputs}).
 */
public final class AcrossServicesSum extends KeyedProcessFunction<String, RuleInput, RuleInput> {

  private static final long serialVersionUID = 1L;

  private static final long MINUTE = 60_000L;

  private final Set<String> acrossRules;
  private final long keepMs;

  private transient MapState<Long, ServiceNumbers> minutes;

  /** The key's latest input: the rule, entity and coordinates its sums are sent with. */
  private transient ValueState<RuleInput> coordinates;

  private transient Counter late;

  /**
   * @param rules the attribute rules (those with {@code across-services} are summed)
   * @param latenessMinutes the cell windows' allowed lateness in whole minutes (rounded up)
   */
  public AcrossServicesSum(List<AlertRule> rules, int latenessMinutes) {
    this.acrossRules =
        rules.stream()
            .filter(AlertRule::acrossServices)
            .map(AlertRule::id)
            .collect(Collectors.toUnmodifiableSet());
    this.keepMs = (latenessMinutes + 1L) * MINUTE;
  }

  @Override
  public void open(OpenContext openContext) {
    minutes =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "service-numbers", Types.LONG, TypeInformation.of(ServiceNumbers.class)));
    coordinates =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("coordinates", TypeInformation.of(RuleInput.class)));
    late = getRuntimeContext().getMetricGroup().counter("alertAcrossServicesLateInputs");
  }

  @Override
  public void processElement(RuleInput in, Context ctx, Collector<RuleInput> out) throws Exception {
    if (!acrossRules.contains(in.ruleId)) {
      out.collect(in);
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    if (cleanupTime(in.minuteMs) <= watermark) {
      late.inc();
      return;
    }
    ServiceNumbers numbers = minutes.get(in.minuteMs);
    if (numbers == null) {
      numbers = ServiceNumbers.empty();
      ctx.timerService().registerEventTimeTimer(in.minuteMs + MINUTE - 1);
      ctx.timerService().registerEventTimeTimer(cleanupTime(in.minuteMs));
    }
    numbers.put(in.service, in.numerator, in.denominator, in.requests, in.histogram);
    minutes.put(in.minuteMs, numbers);
    coordinates.update(in);
    if (in.minuteMs + MINUTE - 1 <= watermark) {
      // the minute's sum has been sent: a late rewrite corrects it now
      out.collect(sum(in, in.minuteMs, numbers));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RuleInput> out)
      throws Exception {
    // one timestamp is both the end of a minute (send its sum) and the end of the allowed
    // lateness of an older one (drop it); with no lateness the same minute, sent first
    long ended = timestamp - MINUTE + 1;
    ServiceNumbers numbers = minutes.get(ended);
    RuleInput template = coordinates.value();
    if (numbers != null && template != null) {
      out.collect(sum(template, ended, numbers));
    }
    minutes.remove(timestamp - keepMs + 1);
    if (minutes.isEmpty()) {
      coordinates.clear();
    }
  }

  /** A minute's sum over the services, as an input of the rule and entity of {@code in}. */
  private static RuleInput sum(RuleInput in, long minuteMs, ServiceNumbers numbers) {
    RuleInput sum = in.copy();
    sum.minuteMs = minuteMs;
    // the entity spans services: the alert events name none
    sum.service = "";
    sum.numerator = numbers.numerator();
    sum.denominator = numbers.denominator();
    sum.requests = numbers.requestCount();
    sum.histogram = numbers.histogram();
    return sum;
  }

  /**
   * The watermark from which no rewrite of the minute can arrive: its last millisecond plus the
   * allowed lateness (whole minutes, rounded up), when the cell windows drop the minute.
   */
  private long cleanupTime(long minuteMs) {
    return minuteMs + keepMs - 1;
  }
}
