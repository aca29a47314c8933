package dev.aigw.insight.bench.harness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;

/**
 * The Flink metrics of the harness's in-process MiniCluster, by full identifier, as {@link
 * CapturingReporter} registered them: the harness reads counters and gauges directly instead of
 * scraping a REST endpoint.
 */
public final class CapturedMetrics {

  private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

  private CapturedMetrics() {}

  static void add(String identifier, Metric metric) {
    METRICS.put(identifier, metric);
  }

  static void remove(String identifier) {
    METRICS.remove(identifier);
  }

  /**
   * Sum of the counters and numeric gauges whose identifier contains {@code part} and ends with
   * {@code suffix} (for example all subtasks of one operator, or all column families).
   */
  public static long sum(String part, String suffix) {
    long sum = 0;
    for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
      String id = e.getKey();
      if (id.contains(part) && id.endsWith(suffix)) {
        sum += value(e.getValue());
      }
    }
    return sum;
  }

  /**
   * Number of captured metrics whose identifier contains {@code part} and ends with {@code suffix}.
   */
  public static int count(String part, String suffix) {
    int n = 0;
    for (String id : METRICS.keySet()) {
      if (id.contains(part) && id.endsWith(suffix)) {
        n++;
      }
    }
    return n;
  }

  private static long value(Metric metric) {
    if (metric instanceof Counter counter) {
      return counter.getCount();
    }
    if (metric instanceof Gauge<?> gauge) {
      Object value = gauge.getValue();
      if (value instanceof Number number) {
        return number.longValue();
      }
    }
    return 0;
  }
}
