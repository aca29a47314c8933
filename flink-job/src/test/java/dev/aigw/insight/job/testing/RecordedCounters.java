package dev.aigw.insight.job.testing;

import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * A metric group that keeps the counters a decoder registers, so that a test can read them (and
 * compare two decoders' counters): {@link #open} opens a decoder on it.
 */
public final class RecordedCounters extends UnregisteredMetricsGroup {

  private final Map<String, Counter> counters = new HashMap<>();

  @Override
  public <C extends Counter> C counter(String name, C counter) {
    counters.put(name, counter);
    return counter;
  }

  /** Opens {@code decoder} as subtask 0 with this group as its metric group. */
  public <D extends OtlpDecoder<?>> D open(D decoder) {
    RecordedCounters group = this;
    try {
      decoder.open(
          new DecoderContext() {
            @Override
            public MetricGroup metricGroup() {
              return group;
            }

            @Override
            public int subtaskIndex() {
              return 0;
            }
          });
    } catch (Exception e) {
      throw new IllegalStateException("The decoder did not open", e);
    }
    return decoder;
  }

  /** A counter's value; 0 when the decoder registered no counter of that name. */
  public long count(String name) {
    Counter c = counters.get(name);
    return c == null ? 0 : c.getCount();
  }

  /** Every counter's value, by name. */
  public Map<String, Long> values() {
    Map<String, Long> values = new TreeMap<>();
    counters.forEach((name, counter) -> values.put(name, counter.getCount()));
    return values;
  }
}
