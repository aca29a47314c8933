package dev.aigw.insight.job.alert.attribution;

import dev.aigw.insight.job.alert.eval.RuleInput;
import dev.aigw.insight.job.alert.rule.AlertRule;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
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
 * each service ({@link ServiceNumbers}); every input replaces its service's numbers and emits the
 * minute's sum over the services, which replaces the minute in the evaluator. Because a sum is
 * emitted for each input, as the input arrives, every sum of a minute reaches the evaluator before
 * the watermark that closes the minute, as the cells do.
 *
 * <p>State is bounded: an event-time timer drops a minute once the watermark has passed it by the
 * allowed lateness (no rewrite of it can come any more); an input of a minute already dropped would
 * emit a partial sum over the complete one, so it is dropped and counted ({@code
 * alertAcrossServicesLateInputs}).
 */
public final class AcrossServicesSum extends KeyedProcessFunction<String, RuleInput, RuleInput> {

  private static final long serialVersionUID = 1L;

  private static final long MINUTE = 60_000L;

  private final Set<String> acrossRules;
  private final long keepMs;

  private transient MapState<Long, ServiceNumbers> minutes;
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
    late = getRuntimeContext().getMetricGroup().counter("alertAcrossServicesLateInputs");
  }

  @Override
  public void processElement(RuleInput in, Context ctx, Collector<RuleInput> out) throws Exception {
    if (!acrossRules.contains(in.ruleId)) {
      out.collect(in);
      return;
    }
    long cleanup = cleanupTime(in.minuteMs);
    if (cleanup <= ctx.timerService().currentWatermark()) {
      late.inc();
      return;
    }
    ServiceNumbers numbers = minutes.get(in.minuteMs);
    if (numbers == null) {
      numbers = ServiceNumbers.empty();
      ctx.timerService().registerEventTimeTimer(cleanup);
    }
    numbers.put(in.service, in.numerator, in.denominator, in.requests);
    minutes.put(in.minuteMs, numbers);
    RuleInput sum = in.copy();
    // the entity spans services: the alert events name none
    sum.service = "";
    sum.numerator = numbers.numerator();
    sum.denominator = numbers.denominator();
    sum.requests = numbers.requestCount();
    out.collect(sum);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RuleInput> out)
      throws Exception {
    minutes.remove(timestamp - keepMs + 1);
  }

  /**
   * The watermark from which no rewrite of the minute can arrive: its last millisecond plus the
   * allowed lateness (whole minutes, rounded up), when the cell windows drop the minute.
   */
  private long cleanupTime(long minuteMs) {
    return minuteMs + keepMs - 1;
  }
}
