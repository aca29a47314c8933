package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.schema.app.AppDimension;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Combines counted LLM calls into partial {@link AppAggregate}s, one per (application, provider,
 * model, minute): the local pre-aggregation that lets one record per cell and flush, instead of one
 * per call, cross the exchange to the minute windows (as {@code LeafCombiner} does for the
 * metrics).
 */
public final class AppCallCombiner {

  private static final long MINUTE_MS = 60_000L;

  private final Map<Key, AppAggregate> partials = new LinkedHashMap<>();

  /** Receives a partial with the event time it leaves with. */
  @FunctionalInterface
  public interface PartialConsumer {
    void accept(AppAggregate partial, long timestampMs);
  }

  /** Adds one call (already deduplicated and capped). */
  public void add(LlmCall call) {
    long minute = Math.floorDiv(call.eventTimeMs(), MINUTE_MS);
    Key key = new Key(call.application, call.provider, call.model, minute);
    AppAggregate partial = partials.get(key);
    if (partial == null) {
      partial = new AppAggregate();
      partial.dimension = AppDimension.APPLICATION_MODEL;
      partial.application = call.application;
      partial.provider = call.provider;
      partial.model = call.model;
      partials.put(key, partial);
    }
    partial.addValues(call);
  }

  /** An (application, provider, model) and minute; the names are shared strings of the calls. */
  private record Key(String application, String provider, String model, long minute) {}

  /** Number of partials held. */
  public int size() {
    return partials.size();
  }

  /**
   * Hands out the partials in first-seen order and starts over. Each leaves with the last
   * millisecond of its minute as its event time: every call it holds falls in that one-minute
   * window, and a window is late exactly when each of its calls would have been.
   */
  public void emitTo(PartialConsumer out) {
    for (Map.Entry<Key, AppAggregate> e : partials.entrySet()) {
      out.accept(e.getValue(), (e.getKey().minute() + 1) * MINUTE_MS - 1);
    }
    partials.clear();
  }
}
