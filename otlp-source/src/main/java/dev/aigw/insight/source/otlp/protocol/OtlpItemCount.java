package dev.aigw.insight.source.otlp.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;

/**
 * Counts the items of OTLP export requests, the unit of OTLP's {@code partial_success}: data points
 * (of every metric type), log records and spans. Log records can also be counted from a request's
 * bytes without parsing the records (they are skipped by length).
 */
public final class OtlpItemCount {

  private OtlpItemCount() {}

  /** The data points of a metrics request. */
  public static long points(ExportMetricsServiceRequest request) {
    long points = 0;
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      points += points(resource);
    }
    return points;
  }

  /** The data points of one resource's metrics. */
  public static long points(ResourceMetrics resource) {
    long points = 0;
    for (ScopeMetrics scope : resource.getScopeMetricsList()) {
      for (Metric metric : scope.getMetricsList()) {
        points += points(metric);
      }
    }
    return points;
  }

  /** The data points of one metric, whatever its type; 0 for a metric without data. */
  public static int points(Metric metric) {
    switch (metric.getDataCase()) {
      case GAUGE:
        return metric.getGauge().getDataPointsCount();
      case SUM:
        return metric.getSum().getDataPointsCount();
      case HISTOGRAM:
        return metric.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM:
        return metric.getExponentialHistogram().getDataPointsCount();
      case SUMMARY:
        return metric.getSummary().getDataPointsCount();
      default:
        return 0;
    }
  }

  /** The log records of a parsed logs request. */
  public static long logRecords(ExportLogsServiceRequest request) {
    long records = 0;
    for (ResourceLogs resource : request.getResourceLogsList()) {
      for (ScopeLogs scope : resource.getScopeLogsList()) {
        records += scope.getLogRecordsCount();
      }
    }
    return records;
  }

  /**
   * The number of {@code log_records} in a serialized {@code ExportLogsServiceRequest}; counts the
   * same as the parsed request whenever both succeed.
   *
   * @throws InvalidProtocolBufferException when the outer levels are not valid protobuf
   */
  public static long logRecords(byte[] request) throws InvalidProtocolBufferException {
    try {
      return countLogRecords(CodedInputStream.newInstance(request));
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      // a byte array never fails to read; any other IOException is a malformed message too
      throw new InvalidProtocolBufferException(e);
    }
  }

  /** The spans of a traces request. */
  public static long spans(ExportTraceServiceRequest request) {
    long spans = 0;
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        spans += scope.getSpansCount();
      }
    }
    return spans;
  }

  private static long countLogRecords(CodedInputStream in) throws IOException {
    long records = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == LogsWire.REQUEST_RESOURCE_LOGS) {
        int limit = in.pushLimit(in.readRawVarint32());
        records += resourceLogRecords(in);
        in.popLimit(limit);
      } else {
        skip(in, tag);
      }
    }
    return records;
  }

  private static long resourceLogRecords(CodedInputStream in) throws IOException {
    long records = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == LogsWire.SCOPE_LOGS) {
        int limit = in.pushLimit(in.readRawVarint32());
        for (int inner = in.readTag(); inner != 0; inner = in.readTag()) {
          if (inner == LogsWire.LOG_RECORDS) {
            records++;
          }
          skip(in, inner);
        }
        in.popLimit(limit);
      } else {
        skip(in, tag);
      }
    }
    return records;
  }

  private static void skip(CodedInputStream in, int tag) throws IOException {
    if (!in.skipField(tag)) {
      throw new InvalidProtocolBufferException("unexpected end-group tag");
    }
  }
}
