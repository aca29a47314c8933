package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.options.AttributionMetrics;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.attribution.AttributionCell;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Caps the distinct values of one attribute per service (keyed by (service, attribute)): the first
 * {@code maxValues} values keep their name, further ones are folded into {@value
 * AttributionCell#OTHER} and counted, so a flood of distinct API keys cannot grow the window state
 * or the stores without bound. Providers and models are capped as in {@link CardinalityGuard}, per
 * (service, attribute). {@value AttributionCell#NONE} and {@value AttributionCell#OTHER} take no
 * slot. A value not seen for the TTL (on the job's {@link JobClock}) frees its slot.
 */
public class AttributionGuard extends KeyedProcessFunction<String, AttributedLeaf, AttributedLeaf> {

  private static final long serialVersionUID = 1L;

  private final int maxValues;
  private final int maxProviders;
  private final int maxModels;
  private final long ttlMs;
  private final JobClock clock;

  private transient CardinalitySlots values;
  private transient CardinalitySlots providers;
  private transient CardinalitySlots models;
  private transient Counter valuesFolded;
  private transient Counter providersFolded;
  private transient Counter modelsFolded;

  public AttributionGuard(
      int maxValues, int maxProviders, int maxModels, Duration ttl, JobClock clock) {
    this.maxValues = maxValues;
    this.maxProviders = maxProviders;
    this.maxModels = maxModels;
    this.ttlMs = ttl.toMillis();
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    values = new CardinalitySlots(getRuntimeContext(), "values", maxValues, ttlMs);
    providers = new CardinalitySlots(getRuntimeContext(), "providers", maxProviders, ttlMs);
    models = new CardinalitySlots(getRuntimeContext(), "models", maxModels, ttlMs);
    valuesFolded = getRuntimeContext().getMetricGroup().counter(AttributionMetrics.VALUES_FOLDED);
    providersFolded =
        getRuntimeContext().getMetricGroup().counter(AnalysisMetrics.PROVIDERS_FOLDED);
    modelsFolded = getRuntimeContext().getMetricGroup().counter(AnalysisMetrics.MODELS_FOLDED);
  }

  @Override
  public void processElement(AttributedLeaf p, Context ctx, Collector<AttributedLeaf> out)
      throws Exception {
    long now = clock.nowMs();
    String key = ctx.getCurrentKey();
    if (!AttributionCell.NONE.equals(p.value) && !values.admit(key, p.value, now)) {
      p.value = AttributionCell.OTHER;
      valuesFolded.inc(p.points);
    }
    if (!providers.admit(key, p.provider, now)) {
      p.provider = CardinalitySlots.OTHER;
      providersFolded.inc(p.points);
    }
    if (!models.admit(key, p.model, now)) {
      p.model = CardinalitySlots.OTHER;
      modelsFolded.inc(p.points);
    }
    out.collect(p);
  }
}
