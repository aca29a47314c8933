package dev.aigw.insight.bench.parse;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * The physical ceiling of any OTLP consumer: parse an export request and read every field of every
 * histogram point (attributes as strings, timestamps, count, sum, min, max, bounds, bucket counts),
 * doing nothing else.
 */
public final class PointWalker {

  private PointWalker() {}

  /** Parses {@code bytes} and touches every point; returns the number of points. */
  public static int parseAndTouch(byte[] bytes, Blackhole sink) throws Exception {
    return touch(ExportMetricsServiceRequest.parseFrom(bytes), sink);
  }

  /** Touches every point of {@code request}; returns the number of points. */
  public static int touch(ExportMetricsServiceRequest request, Blackhole sink) {
    int points = 0;
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      for (KeyValue attribute : resource.getResource().getAttributesList()) {
        sink.consume(attribute.getKey().length() + attribute.getValue().getStringValue().length());
      }
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          sink.consume(metric.getName().length());
          for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
            long acc = point.getStartTimeUnixNano() ^ point.getTimeUnixNano() ^ point.getCount();
            for (KeyValue attribute : point.getAttributesList()) {
              acc += attribute.getKey().length() + attribute.getValue().getStringValue().length();
            }
            for (int i = 0; i < point.getBucketCountsCount(); i++) {
              acc += point.getBucketCounts(i);
            }
            double d = point.getSum() + point.getMin() + point.getMax();
            for (int i = 0; i < point.getExplicitBoundsCount(); i++) {
              d += point.getExplicitBounds(i);
            }
            sink.consume(acc + Double.doubleToRawLongBits(d));
            points++;
          }
        }
      }
    }
    return points;
  }

  /** Where touched values go, so that the JIT cannot remove the reads. */
  public interface Blackhole {
    void consume(long value);
  }

  /** A blackhole that keeps an xor of everything (good enough outside JMH). */
  public static final class XorBlackhole implements Blackhole {
    private long state;

    @Override
    public void consume(long value) {
      state ^= value;
    }

    public long state() {
      return state;
    }
  }
}
