package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.GenAiPoint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Combines delta points into partial {@link LeafAggregate}s, one per (service, instance, provider,
 * model, minute): the local pre-aggregation that lets one record per leaf, instead of one per
 * point, cross the exchanges to the minute windows.
 */
public final class LeafCombiner {

  private static final long MINUTE_MS = 60_000L;

  private final Map<Key, LeafAggregate> partials = new LinkedHashMap<>();

  /** The latest minute of any point added (memory only, like the partials). */
  private long newestMinute = Long.MIN_VALUE;

  /** Adds one priced delta point. */
  public void add(GenAiPoint p) {
    long minute = Math.floorDiv(p.timeMillis(), MINUTE_MS);
    newestMinute = Math.max(newestMinute, minute);
    Key key = new Key(p.service, p.instance, p.provider, p.model, minute);
    partials.computeIfAbsent(key, k -> new LeafAggregate()).add(p);
  }

  /**
   * A leaf and minute. A record rather than a concatenated string: the strings are shared per batch
   * and cache their hashes, so building and hashing a key costs almost nothing.
   */
  private record Key(String service, String instance, String provider, String model, long minute) {}

  /** Number of partials held. */
  public int size() {
    return partials.size();
  }

  /** Hands out the partials in first-seen order and starts over. */
  public void emitTo(Consumer<LeafAggregate> out) {
    partials.values().forEach(out);
    partials.clear();
  }

  /**
   * Hands out the partials of the minutes before the newest one, and of the newest minute only the
   * latest ({@link NewestMinuteHold}); the others of the newest minute stay.
   */
  public void emitAllButNewestMinuteTo(Consumer<LeafAggregate> out) {
    NewestMinuteHold.emitAllButNewestMinute(
        partials, newestMinute, Key::minute, LeafAggregate::eventTimeMs, out);
  }
}
