package dev.aigw.insight.job.aggregate;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The partial flush that holds back the newest minute: every partial of an older minute leaves, and
 * of the newest minute only the one with the latest event time (it carries the watermark forward);
 * the other partials of the newest minute stay to absorb more points.
 *
 * <p>Why it is safe: the watermarks of the partials are generated from the event times of the
 * partials sent ({@code GenAiMetricsPipeline#watermarks}), so while a minute is the newest one
 * seen, no watermark passes its end and a held partial cannot become late; once a later minute
 * appears, the next flush sends all of the held minute before anything of the later one. Why it
 * pays: when many resources each export about once per flush interval (many pods), a per-interval
 * flush sends about one partial per leaf and export, and each costs the minute windows a state read
 * and write; held for the minute, a leaf costs them one partial per minute and checkpoint.
 */
final class NewestMinuteHold {

  private NewestMinuteHold() {}

  /**
   * Removes from {@code partials} (in first-seen order) and hands out those of minutes before
   * {@code newestMinute}, then the newest minute's partial with the latest event time.
   */
  static <K, V> void emitAllButNewestMinute(
      Map<K, V> partials,
      long newestMinute,
      ToLongFunction<K> minuteOf,
      ToLongFunction<V> eventTimeOf,
      Consumer<? super V> out) {
    K latestKey = null;
    long latestTime = Long.MIN_VALUE;
    Iterator<Map.Entry<K, V>> entries = partials.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<K, V> entry = entries.next();
      if (minuteOf.applyAsLong(entry.getKey()) < newestMinute) {
        out.accept(entry.getValue());
        entries.remove();
      } else {
        long time = eventTimeOf.applyAsLong(entry.getValue());
        if (latestKey == null || time > latestTime) {
          latestKey = entry.getKey();
          latestTime = time;
        }
      }
    }
    if (latestKey != null) {
      out.accept(partials.remove(latestKey));
    }
  }
}
