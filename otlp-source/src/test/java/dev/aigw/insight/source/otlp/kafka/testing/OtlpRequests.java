package dev.aigw.insight.source.otlp.kafka.testing;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import java.util.Map;

/**
 * Export requests as the OpenTelemetry Collector's Kafka exporter ({@code encoding: otlp_proto})
 * writes them: each message is one serialized {@code Export*ServiceRequest}.
 */
public final class OtlpRequests {

  /** Bytes no export request parses from: tag 0 is invalid in protobuf, then a broken varint. */
  public static final byte[] GARBAGE =
      new byte[] {0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'g', 'a', 'r', 'b', 'a', 'g', 'e'};

  private static final long START_NANOS = 1_767_225_600_000_000_000L;

  private OtlpRequests() {}

  /** One delta sum metric with one integer data point per series. */
  public static ExportMetricsServiceRequest sums(String metricName, Map<String, Long> series) {
    Sum.Builder sum =
        Sum.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
            .setIsMonotonic(true);
    series.forEach(
        (name, value) ->
            sum.addDataPoints(
                NumberDataPoint.newBuilder()
                    .addAttributes(attribute(TestDecoder.SERIES_ATTRIBUTE, name))
                    .setStartTimeUnixNano(START_NANOS)
                    .setTimeUnixNano(START_NANOS + 60_000_000_000L)
                    .setAsInt(value)));
    return metrics(Metric.newBuilder().setName(metricName).setUnit("1").setSum(sum).build());
  }

  /** A sum metric whose data points carry no value (the test decoder rejects each). */
  public static ExportMetricsServiceRequest valueless(String metricName, int points) {
    Sum.Builder sum = Sum.newBuilder();
    for (int i = 0; i < points; i++) {
      sum.addDataPoints(
          NumberDataPoint.newBuilder()
              .addAttributes(attribute(TestDecoder.SERIES_ATTRIBUTE, "s" + i))
              .setTimeUnixNano(START_NANOS));
    }
    return metrics(Metric.newBuilder().setName(metricName).setSum(sum).build());
  }

  /** A request the test decoder refuses as a whole. */
  public static ExportMetricsServiceRequest malformed(ExportMetricsServiceRequest request) {
    ExportMetricsServiceRequest.Builder b = request.toBuilder();
    b.getResourceMetricsBuilder(0)
        .getResourceBuilder()
        .addAttributes(attribute(TestDecoder.MALFORMED_ATTRIBUTE, "true"));
    return b.build();
  }

  /** One log record per body, all at {@code timeNanos}. */
  public static ExportLogsServiceRequest logs(List<String> bodies, long timeNanos) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(scope());
    for (String body : bodies) {
      scope.addLogRecords(
          LogRecord.newBuilder()
              .setTimeUnixNano(timeNanos)
              .setBody(AnyValue.newBuilder().setStringValue(body)));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource()).addScopeLogs(scope))
        .build();
  }

  private static ExportMetricsServiceRequest metrics(Metric metric) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource())
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(scope()).addMetrics(metric)))
        .build();
  }

  private static Resource resource() {
    return Resource.newBuilder().addAttributes(attribute("service.name", "kafka-test")).build();
  }

  private static InstrumentationScope scope() {
    return InstrumentationScope.newBuilder().setName("kafka-test").build();
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
