package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.time.JobClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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

  /** Bound of the in-memory cache of recently refreshed names. */
  private static final int CACHE_SIZE = 100_000;

  /** The value that names beyond the cap are folded into. */
  public static final String OTHER = "other";

  private final int maxProviders;
  private final int maxModels;
  private final long ttlMs;
  private final JobClock clock;

  private transient Slots providers;
  private transient Slots models;
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
    providers = new Slots("providers", maxProviders);
    models = new Slots("models", maxModels);
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

  /** The admitted names of one kind with their last-seen time, and their number. */
  private final class Slots {
    private final MapState<String, Long> lastSeen;
    private final ValueState<Integer> size;
    private final int cap;

    /**
     * (service, name) → the last-seen time this subtask wrote to the state: a name refreshed less
     * than a tenth of the TTL ago is admitted without reading the state (it cannot have expired).
     * Memory only; lost on a restore, which only costs state reads.
     */
    private final Map<String, Long> recentlyRefreshed = new HashMap<>();

    Slots(String name, int cap) {
      this.cap = cap;
      this.lastSeen =
          getRuntimeContext().getMapState(new MapStateDescriptor<>(name, Types.STRING, Types.LONG));
      this.size =
          getRuntimeContext().getState(new ValueStateDescriptor<>(name + "-size", Types.INT));
    }

    boolean admit(String service, String name, long now) throws Exception {
      if (OTHER.equals(name)) {
        return true;
      }
      String cacheKey = service + '\u0001' + name;
      Long refreshed = recentlyRefreshed.get(cacheKey);
      if (refreshed != null && now - refreshed <= ttlMs / 10) {
        return true;
      }
      Long seen = lastSeen.get(name);
      if (seen != null) {
        // refresh rarely: a state write per point would dominate the cost
        if (now - seen > ttlMs / 10) {
          lastSeen.put(name, now);
          seen = now;
        }
        remember(cacheKey, seen);
        return true;
      }
      int n = size.value() == null ? 0 : size.value();
      if (n >= cap) {
        n = evictExpired(now, n);
      }
      if (n >= cap) {
        return false;
      }
      lastSeen.put(name, now);
      size.update(n + 1);
      remember(cacheKey, now);
      return true;
    }

    private void remember(String cacheKey, long refreshedAt) {
      if (recentlyRefreshed.size() >= CACHE_SIZE) {
        recentlyRefreshed.clear(); // a flood of names must not grow it
      }
      recentlyRefreshed.put(cacheKey, refreshedAt);
    }

    private int evictExpired(long now, int n) throws Exception {
      List<String> expired = new ArrayList<>();
      for (Map.Entry<String, Long> e : lastSeen.entries()) {
        if (now - e.getValue() > ttlMs) {
          expired.add(e.getKey());
        }
      }
      for (String k : expired) {
        lastSeen.remove(k);
      }
      int left = n - expired.size();
      size.update(left);
      return left;
    }
  }
}
