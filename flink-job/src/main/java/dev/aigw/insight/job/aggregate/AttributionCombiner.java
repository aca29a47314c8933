package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.schema.attribution.AttributionCell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Combines delta points into partial {@link AttributedLeaf}s, one per (service, attribute, value,
 * provider, model, minute): the attribution branch's counterpart of {@link LeafCombiner}, run in
 * the same place (the temporality stage) on the same priced deltas, so that for every attribute the
 * partials of all values add up to the partials of the leaves. A point without the attribution
 * values (or without one attribute) counts under {@value AttributionCell#NONE}.
 */
public final class AttributionCombiner {

  private static final long MINUTE_MS = 60_000L;

  private final String[] names;
  private final Map<Key, AttributedLeaf> partials = new LinkedHashMap<>();

  /** The latest minute of anything added (memory only, like the partials). */
  private long newestMinute = Long.MIN_VALUE;

  /** Combines for the attributes {@code names}, in the order of the points' values. */
  public AttributionCombiner(List<String> names) {
    this.names = names.toArray(new String[0]);
  }

  /** Adds one priced delta point under each attribute's value. */
  public void add(GenAiPoint p) {
    long minute = Math.floorDiv(p.timeMillis(), MINUTE_MS);
    newestMinute = Math.max(newestMinute, minute);
    for (int i = 0; i < names.length; i++) {
      partial(i, valueOf(p.attribution, i), p.service, p.provider, p.model, minute).add(p);
    }
  }

  /**
   * Adds a partial of another signal (its service, provider, model, event time and values) under
   * each attribute's value of {@code values} (from {@code decode.AttributionValues}; null: all
   * {@value AttributionCell#NONE}): the hook by which a signal that adds to the service cells also
   * adds to the attribution cells, keeping their sums equal.
   */
  public void add(LeafAggregate partial, String[] values) {
    long minute = Math.floorDiv(partial.eventTimeMs, MINUTE_MS);
    newestMinute = Math.max(newestMinute, minute);
    for (int i = 0; i < names.length; i++) {
      partial(i, valueOf(values, i), partial.service, partial.provider, partial.model, minute)
          .merge(partial);
    }
  }

  private static String valueOf(String[] values, int i) {
    return values == null || i >= values.length || values[i] == null
        ? AttributionCell.NONE
        : values[i];
  }

  private AttributedLeaf partial(
      int attribute, String value, String service, String provider, String model, long minute) {
    return partials.computeIfAbsent(
        new Key(service, attribute, value, provider, model, minute),
        k -> AttributedLeaf.of(names[attribute], value, service, provider, model));
  }

  /** An attribute's value for a leaf and minute (strings shared per batch: cheap to hash). */
  private record Key(
      String service, int attribute, String value, String provider, String model, long minute) {}

  /** Number of partials held. */
  public int size() {
    return partials.size();
  }

  /** Hands out the partials in first-seen order and starts over. */
  public void emitTo(Consumer<? super AttributedLeaf> out) {
    partials.values().forEach(out);
    partials.clear();
  }

  /**
   * Hands out the partials of the minutes before the newest one, and of the newest minute only the
   * latest ({@link NewestMinuteHold}); the others of the newest minute stay.
   */
  public void emitAllButNewestMinuteTo(Consumer<? super AttributedLeaf> out) {
    NewestMinuteHold.emitAllButNewestMinute(
        partials, newestMinute, Key::minute, AttributedLeaf::eventTimeMs, out);
  }
}
