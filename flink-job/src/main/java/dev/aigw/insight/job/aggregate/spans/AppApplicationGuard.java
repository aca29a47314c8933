package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.aggregate.CardinalitySlots;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.time.JobClock;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Caps the number of distinct applications: the first {@code maxApplications} keep their name, the
 * calls of further applications are counted ({@code genaiApplicationsFolded}) and go on as
 * application {@value CardinalitySlots#OTHER}, so a flood of {@code service.name}s cannot exhaust
 * the guard, window and store state. The cap is over the whole job, so the function runs under one
 * key ({@link #KEY}): its state is the admitted names with their last-seen times (at most the cap,
 * the same {@link CardinalitySlots} as the provider and model caps, freed after the TTL). The price
 * is that every call passes the one subtask that owns that key; its work per call is a lookup in
 * the slots' memory cache.
 */
public class AppApplicationGuard extends KeyedProcessFunction<String, LlmCall, LlmCall> {

  private static final long serialVersionUID = 1L;

  /** The one key of the guard: the cap counts applications across the whole job. */
  public static final String KEY = "applications";

  /** Keys every call by {@link #KEY}. */
  public static final KeySelector<LlmCall, String> ALL = call -> KEY;

  private final int maxApplications;
  private final long ttlMs;
  private final JobClock clock;

  private transient CardinalitySlots applications;
  private transient Counter folded;

  /**
   * At most {@code maxApplications} names, each freed after {@code ttl} unseen on {@code clock}.
   */
  public AppApplicationGuard(int maxApplications, Duration ttl, JobClock clock) {
    this.maxApplications = maxApplications;
    this.ttlMs = ttl.toMillis();
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    applications =
        new CardinalitySlots(getRuntimeContext(), "applications", maxApplications, ttlMs);
    folded = getRuntimeContext().getMetricGroup().counter(AnalysisMetrics.APPLICATIONS_FOLDED);
  }

  @Override
  public void processElement(LlmCall call, Context ctx, Collector<LlmCall> out) throws Exception {
    call.application = admitted(call.application, 1);
    out.collect(call);
  }

  /**
   * The name {@code calls} calls of {@code application} go on under: their own when admitted, else
   * {@value CardinalitySlots#OTHER} (and the calls counted as folded). Needs the key {@link #KEY}.
   */
  String admitted(String application, int calls) throws Exception {
    if (applications.admit(KEY, application, clock.nowMs())) {
      return application;
    }
    folded.inc(calls);
    return CardinalitySlots.OTHER;
  }
}
