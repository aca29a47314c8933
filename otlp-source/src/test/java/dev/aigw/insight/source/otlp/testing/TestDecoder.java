package dev.aigw.insight.source.otlp.testing;

import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.MalformedRequestException;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Test decoder: one {@link ReceivedItem} per histogram point, log record and span. A point or log
 * whose attribute {@value #REJECT_KEY} is {@code true} is rejected (partial success); a request
 * whose resource has {@value #MALFORMED_KEY} is refused whole; one with {@value #EXPLODE_KEY} makes
 * the decoder fail like a buggy one.
 */
public class TestDecoder implements OtlpDecoder<ReceivedItem> {

  public static final String REJECT_KEY = "test.reject";
  public static final String MALFORMED_KEY = "test.malformed";
  public static final String EXPLODE_KEY = "test.explode";
  public static final String REJECT_REASON = "test decoder rejects test.reject=true";

  private static final long serialVersionUID = 1L;

  @Override
  public void decodeMetrics(ExportMetricsServiceRequest request, DecodeOutput<ReceivedItem> out) {
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      checkMalformed(rm.getResource());
      String resource = text(rm.getResource().getAttributesList());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric metric : sm.getMetricsList()) {
          if (!metric.hasHistogram()) {
            out.reject(1, "test decoder only takes histograms, got " + metric.getName());
            continue;
          }
          for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
            if (rejected(p.getAttributesList())) {
              out.reject(1, REJECT_REASON);
              continue;
            }
            ReceivedItem item = new ReceivedItem();
            item.signal = "metric";
            item.resource = resource;
            item.scope = sm.getScope().getName();
            item.name = metric.getName();
            item.unit = metric.getUnit();
            item.temporality = metric.getHistogram().getAggregationTemporality().name();
            item.attributes = text(p.getAttributesList());
            item.startTimeUnixNano = p.getStartTimeUnixNano();
            item.timeUnixNano = p.getTimeUnixNano();
            item.count = p.getCount();
            item.sum = p.getSum();
            item.min = p.getMin();
            item.max = p.getMax();
            item.bounds = p.getExplicitBoundsList().toString();
            item.bucketCounts = p.getBucketCountsList().toString();
            out.emit(item);
          }
        }
      }
    }
  }

  @Override
  public void decodeLogs(ExportLogsServiceRequest request, DecodeOutput<ReceivedItem> out) {
    for (ResourceLogs rl : request.getResourceLogsList()) {
      checkMalformed(rl.getResource());
      String resource = text(rl.getResource().getAttributesList());
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord log : sl.getLogRecordsList()) {
          if (rejected(log.getAttributesList())) {
            out.reject(1, REJECT_REASON);
            continue;
          }
          ReceivedItem item = new ReceivedItem();
          item.signal = "log";
          item.resource = resource;
          item.scope = sl.getScope().getName();
          item.attributes = text(log.getAttributesList());
          item.timeUnixNano = log.getTimeUnixNano();
          item.body = value(log.getBody());
          out.emit(item);
        }
      }
    }
  }

  @Override
  public void decodeTraces(ExportTraceServiceRequest request, DecodeOutput<ReceivedItem> out) {
    for (ResourceSpans rs : request.getResourceSpansList()) {
      checkMalformed(rs.getResource());
      String resource = text(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          ReceivedItem item = new ReceivedItem();
          item.signal = "span";
          item.resource = resource;
          item.scope = ss.getScope().getName();
          item.name = span.getName();
          item.attributes = text(span.getAttributesList());
          item.startTimeUnixNano = span.getStartTimeUnixNano();
          item.timeUnixNano = span.getEndTimeUnixNano();
          out.emit(item);
        }
      }
    }
  }

  @Override
  public TypeInformation<ReceivedItem> getProducedType() {
    return TypeInformation.of(ReceivedItem.class);
  }

  private static void checkMalformed(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals(MALFORMED_KEY)) {
        throw new MalformedRequestException("resource carries " + MALFORMED_KEY);
      }
      if (kv.getKey().equals(EXPLODE_KEY)) {
        throw new IllegalStateException("test decoder bug");
      }
    }
  }

  private static boolean rejected(List<KeyValue> attributes) {
    return attributes.stream()
        .anyMatch(kv -> kv.getKey().equals(REJECT_KEY) && value(kv.getValue()).equals("true"));
  }

  /** Attributes as sorted {@code k=v} pairs. */
  public static String text(List<KeyValue> attributes) {
    TreeMap<String, String> sorted = new TreeMap<>();
    attributes.forEach(kv -> sorted.put(kv.getKey(), value(kv.getValue())));
    return sorted.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  static String value(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case INT_VALUE:
        return Long.toString(v.getIntValue());
      case DOUBLE_VALUE:
        return Double.toString(v.getDoubleValue());
      case BOOL_VALUE:
        return Boolean.toString(v.getBoolValue());
      default:
        return v.toString().trim();
    }
  }
}
