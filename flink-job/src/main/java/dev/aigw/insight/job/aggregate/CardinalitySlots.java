package dev.aigw.insight.job.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The admitted names of one kind (per key of the keyed operator that holds it) with their last-seen
 * time, and their number: at most {@code cap} names are admitted; a name not seen for the TTL frees
 * its slot when a new name needs one. Used by {@link CardinalityGuard} (providers and models per
 * service) and {@link AttributionGuard} (values per service and attribute). The state names ({@code
 * <name>} and {@code <name>-size}) are in savepoints. Public for the span path's attribution guard
 * ({@code spans.AppAttributionGuard}).
 */
public final class CardinalitySlots {

  /** The value that names beyond the cap are folded into; always admitted. */
  public static final String OTHER = "other";

  /** Bound of the in-memory cache of recently refreshed names. */
  private static final int CACHE_SIZE = 100_000;

  private final MapState<String, Long> lastSeen;
  private final ValueState<Integer> size;
  private final int cap;
  private final long ttlMs;

  /**
   * (service, name) → the last-seen time this subtask wrote to the state: a name refreshed less
   * than a tenth of the TTL ago is admitted without reading the state (it cannot have expired).
   * Memory only; lost on a restore, which only costs state reads.
   */
  private final Map<String, Long> recentlyRefreshed = new HashMap<>();

  /** The slots of state {@code name} (per key) of the keyed operator of {@code runtime}. */
  public CardinalitySlots(RuntimeContext runtime, String name, int cap, long ttlMs) {
    this.cap = cap;
    this.ttlMs = ttlMs;
    this.lastSeen = runtime.getMapState(new MapStateDescriptor<>(name, Types.STRING, Types.LONG));
    this.size = runtime.getState(new ValueStateDescriptor<>(name + "-size", Types.INT));
  }

  /**
   * Whether {@code name} has (or gets) a slot; {@code service} is the operator's key (it only tells
   * the names of different keys apart in the memory cache).
   */
  public boolean admit(String service, String name, long now) throws Exception {
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
