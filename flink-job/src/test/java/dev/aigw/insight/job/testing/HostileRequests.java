package dev.aigw.insight.job.testing;

import dev.aigw.insight.schema.gateway.GatewayContract;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.function.UnaryOperator;

/**
 * Well-formed OTLP requests in the gateway's shape, each with one value a hostile or broken client
 * could send: a far-future time, a 1 MiB model name, a histogram whose counts do not add up… The
 * requests are built by hand (the OpenTelemetry SDK never sends such values) and carry one data
 * point or log record unless said otherwise, so that the expected {@code partial_success} is exact.
 */
public final class HostileRequests {

  /** The request-duration histogram of the gateway, with its real bucket bounds. */
  public static final String DURATION_METRIC = GatewayContract.Metric.REQUEST_DURATION.metricName();

  private static final long NANOS_PER_MS = 1_000_000L;

  private final String service;
  private final String instance;

  /** Requests from the resource {@code service}/{@code instance} of an Envoy AI Gateway. */
  public HostileRequests(String service, String instance) {
    this.service = service;
    this.instance = instance;
  }

  /**
   * One delta request-duration point at {@code timeMs}: one request of 0.5 s to {@code model}, then
   * changed by {@code edit} (the hostile part).
   */
  public ExportMetricsServiceRequest durationPoint(
      long timeMs, String model, UnaryOperator<HistogramDataPoint.Builder> edit) {
    return metrics(histogram(durationPoint(timeMs, model), edit));
  }

  /** One well-formed delta request-duration point at {@code timeMs}. */
  public static HistogramDataPoint.Builder durationPoint(long timeMs, String model) {
    HistogramDataPoint.Builder point =
        HistogramDataPoint.newBuilder()
            .addAttributes(kv("gen_ai.operation.name", "chat"))
            .addAttributes(kv("gen_ai.provider.name", "openai"))
            .addAttributes(kv("gen_ai.request.model", model))
            .addAttributes(kv("gen_ai.response.model", model))
            .setStartTimeUnixNano((timeMs - 10_000) * NANOS_PER_MS)
            .setTimeUnixNano(timeMs * NANOS_PER_MS)
            .setCount(1)
            .setSum(0.5)
            .setMin(0.5)
            .setMax(0.5);
    java.util.List<Double> bounds = GatewaySimulator.DURATION_BOUNDS;
    for (double b : bounds) {
      point.addExplicitBounds(b);
    }
    for (int i = 0; i <= bounds.size(); i++) {
      // the one request of 0.5 s, in the first bucket whose upper bound holds it
      boolean holds =
          (i == bounds.size() || 0.5 <= bounds.get(i)) && (i == 0 || 0.5 > bounds.get(i - 1));
      point.addBucketCounts(holds ? 1 : 0);
    }
    return point;
  }

  /** One request-duration point per model of {@code models}, all in one request. */
  public ExportMetricsServiceRequest manyModels(long timeMs, String modelPrefix, int models) {
    Histogram.Builder histogram =
        Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
    for (int i = 0; i < models; i++) {
      histogram.addDataPoints(durationPoint(timeMs, modelPrefix + i));
    }
    return metrics(histogram);
  }

  /** A point whose attribute value is a key-value list nested {@code depth} levels deep. */
  public ExportMetricsServiceRequest deeplyNestedAttribute(long timeMs, String model, int depth) {
    AnyValue value = AnyValue.newBuilder().setStringValue("leaf").build();
    for (int i = 0; i < depth; i++) {
      value =
          AnyValue.newBuilder()
              .setKvlistValue(
                  KeyValueList.newBuilder()
                      .addValues(KeyValue.newBuilder().setKey("k" + i).setValue(value)))
              .build();
    }
    AnyValue nested = value;
    return durationPoint(
        timeMs,
        model,
        p -> p.addAttributes(KeyValue.newBuilder().setKey("nested").setValue(nested)));
  }

  /** A point with {@code count} extra attributes beside the gateway's own. */
  public ExportMetricsServiceRequest manyAttributes(long timeMs, String model, int count) {
    return durationPoint(
        timeMs,
        model,
        p -> {
          for (int i = 0; i < count; i++) {
            p.addAttributes(kv("extra." + i, "v" + i));
          }
          return p;
        });
  }

  /** One access-log record of the gateway at {@code timeMs}, changed by {@code edit}. */
  public ExportLogsServiceRequest accessLog(
      long timeMs, String requestId, UnaryOperator<LogRecord.Builder> edit) {
    LogRecord.Builder record =
        LogRecord.newBuilder()
            .setTimeUnixNano(timeMs * NANOS_PER_MS)
            .setBody(AnyValue.newBuilder().setStringValue("[START] /v1/chat/completions 500"))
            .addAttributes(kv("x-request-id", requestId))
            .addAttributes(kv("response_code", "500"))
            .addAttributes(kv("gen_ai.request.model", "gpt-4o"))
            .addAttributes(kv("gen_ai.response.model", "gpt-4o"))
            .addAttributes(kv("gen_ai.provider.name", "openai"))
            .addAttributes(kv("gen_ai.usage.input_tokens", "10"))
            .addAttributes(kv("gen_ai.usage.output_tokens", "0"))
            .addAttributes(kv("duration", "120"));
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(resource())
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(edit.apply(record))))
        .build();
  }

  /** One LLM span at {@code timeMs} whose trace and span ids are all zero (invalid in OTLP). */
  public ExportTraceServiceRequest span(long timeMs) {
    Span span =
        Span.newBuilder()
            .setName("chat gpt-4o")
            .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[16]))
            .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[8]))
            .setStartTimeUnixNano((timeMs - 100) * NANOS_PER_MS)
            .setEndTimeUnixNano(timeMs * NANOS_PER_MS)
            .addAttributes(kv("gen_ai.operation.name", "chat"))
            .addAttributes(kv("gen_ai.request.model", "gpt-4o"))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource())
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
        .build();
  }

  private ExportMetricsServiceRequest metrics(Histogram.Builder histogram) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource())
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName(GatewaySimulator.SCOPE))
                        .addMetrics(
                            Metric.newBuilder()
                                .setName(DURATION_METRIC)
                                .setUnit("s")
                                .setHistogram(histogram))))
        .build();
  }

  private static Histogram.Builder histogram(
      HistogramDataPoint.Builder point, UnaryOperator<HistogramDataPoint.Builder> edit) {
    return Histogram.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
        .addDataPoints(edit.apply(point));
  }

  private Resource resource() {
    return Resource.newBuilder()
        .addAttributes(kv("service.name", service))
        .addAttributes(kv("service.instance.id", instance))
        .addAttributes(kv("job_name", "envoy-ai-gateway"))
        .addAttributes(kv("service.layer", "ENVOY_AI_GATEWAY"))
        .build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
