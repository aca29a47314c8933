package dev.aigw.insight.source.otlp.testing;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hand-built OTLP metrics requests for the raw-client tests, and the items the receiver must emit
 * for them (built from the same parameters, not by the decoder).
 */
public final class Requests {

  private static final String METRIC = "gen_ai.client.token.usage";
  private static final long START = 1_780_000_000_000_000_000L;

  private Requests() {}

  /** A delta token-usage request with {@code points} points; indexes in {@code reject} are bad. */
  public static ExportMetricsServiceRequest histograms(
      String instance, int points, Set<Integer> reject, String padding) {
    Histogram.Builder histogram =
        Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
    for (int i = 0; i < points; i++) {
      HistogramDataPoint.Builder point =
          HistogramDataPoint.newBuilder()
              .addAttributes(kv("i", Integer.toString(i)))
              .setStartTimeUnixNano(START)
              .setTimeUnixNano(START + 60_000_000_000L)
              .setCount(i + 1)
              .setSum(10.0 * (i + 1))
              .setMin(1)
              .setMax(10.0 * (i + 1))
              .addExplicitBounds(4)
              .addExplicitBounds(16)
              .addBucketCounts(1)
              .addBucketCounts(i)
              .addBucketCounts(0);
      if (reject.contains(i)) {
        point.addAttributes(kv(TestDecoder.REJECT_KEY, "true"));
      }
      if (padding != null) {
        point.addAttributes(kv("padding", padding));
      }
      histogram.addDataPoints(point);
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder().addAttributes(kv("service.instance.id", instance)))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("raw"))
                        .addMetrics(
                            Metric.newBuilder()
                                .setName(METRIC)
                                .setUnit("token")
                                .setHistogram(histogram))))
        .build();
  }

  /** The same request with a resource the test decoder refuses whole. */
  public static ExportMetricsServiceRequest decoderMalformed() {
    return withResourceAttribute(TestDecoder.MALFORMED_KEY);
  }

  /** A request on which the test decoder throws an unexpected exception. */
  public static ExportMetricsServiceRequest decoderExplodes() {
    return withResourceAttribute(TestDecoder.EXPLODE_KEY);
  }

  private static ExportMetricsServiceRequest withResourceAttribute(String key) {
    ExportMetricsServiceRequest request = histograms("bad", 2, Set.of(), null);
    return request.toBuilder()
        .setResourceMetrics(
            0,
            request.getResourceMetrics(0).toBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv(key, "yes"))))
        .build();
  }

  /** What the test decoder must make of {@link #histograms} (no padding). */
  public static List<ReceivedItem> expected(String instance, int points, Set<Integer> reject) {
    List<ReceivedItem> items = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      if (reject.contains(i)) {
        continue;
      }
      ReceivedItem item = new ReceivedItem();
      item.signal = "metric";
      item.resource = "{service.instance.id=" + instance + "}";
      item.scope = "raw";
      item.name = METRIC;
      item.unit = "token";
      item.temporality = "AGGREGATION_TEMPORALITY_DELTA";
      item.attributes = "{i=" + i + "}";
      item.startTimeUnixNano = START;
      item.timeUnixNano = START + 60_000_000_000L;
      item.count = i + 1;
      item.sum = 10.0 * (i + 1);
      item.min = 1;
      item.max = 10.0 * (i + 1);
      item.bounds = "[4.0, 16.0]";
      item.bucketCounts = "[1, " + i + ", 0]";
      items.add(item);
    }
    return items;
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
