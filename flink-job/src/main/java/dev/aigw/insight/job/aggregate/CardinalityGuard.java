package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.time.JobClock;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Caps the distinct providers and models per service (keyed by service): a name beyond the cap is
 * replaced by {@value #OTHER} and its points counted, so a flood of random model names cannot
 * exhaust the window state. It sees the partial aggregates of the temporality stage. A name not
 * seen for the guard's TTL (on the job's {@link JobClock}) frees its slot.
 */
public class CardinalityGuard extends KeyedProcessFunction<String, LeafAggregate, LeafAggregate> {

  private static final long serialVersionUID = 1L;

  /** The value that names beyond the cap are folded into. */
  public static final String OTHER = CardinalitySlots.OTHER;

  private final int maxProviders;
  private final int maxModels;
  private final long ttlMs;
  private final JobClock clock;

  private transient CardinalitySlots providers;
  private transient CardinalitySlots models;
  private transient Counter providersFolded;
  private transient Counter modelsFolded;

  public CardinalityGuard(int maxProviders, int maxModels, Duration ttl, JobClock clock) {
    this.maxProviders = maxProviders;
    this.maxModels = maxModels;
    this.ttlMs = ttl.toMillis();
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    providers = new CardinalitySlots(getRuntimeContext(), "providers", maxProviders, ttlMs);
    models = new CardinalitySlots(getRuntimeContext(), "models", maxModels, ttlMs);
    providersFolded =
        getRuntimeContext().getMetricGroup().counter(AnalysisMetrics.PROVIDERS_FOLDED);
    modelsFolded = getRuntimeContext().getMetricGroup().counter(AnalysisMetrics.MODELS_FOLDED);
  }

  @Override
  public void processElement(LeafAggregate p, Context ctx, Collector<LeafAggregate> out)
      throws Exception {
    long now = clock.nowMs();
    if (!providers.admit(p.service, p.provider, now)) {
      p.provider = OTHER;
      providersFolded.inc(p.points);
    }
    if (!models.admit(p.service, p.model, now)) {
      p.model = OTHER;
      modelsFolded.inc(p.points);
    }
    out.collect(p);
  }
}
