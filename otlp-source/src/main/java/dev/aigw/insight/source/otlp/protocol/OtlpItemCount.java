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
 * (of every metric type), log records and spans, from a parsed request or from its bytes without
 * parsing the items (they are skipped by length).
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
    return scan(
        request,
        in ->
            countNested(
                in, LogsWire.REQUEST_RESOURCE_LOGS, LogsWire.SCOPE_LOGS, LogsWire.LOG_RECORDS));
  }

  /**
   * The number of data points in a serialized {@code ExportMetricsServiceRequest}, read down to the
   * metrics' data messages without parsing the points; counts the same as the parsed request
   * whenever both succeed.
   *
   * @throws InvalidProtocolBufferException when the levels read are not valid protobuf
   */
  public static long points(byte[] request) throws InvalidProtocolBufferException {
    return scan(request, OtlpItemCount::countPoints);
  }

  /**
   * The number of spans in a serialized {@code ExportTraceServiceRequest}; counts the same as the
   * parsed request whenever both succeed.
   *
   * @throws InvalidProtocolBufferException when the outer levels are not valid protobuf
   */
  public static long spans(byte[] request) throws InvalidProtocolBufferException {
    return scan(
        request,
        in ->
            countNested(
                in, TracesWire.REQUEST_RESOURCE_SPANS, TracesWire.SCOPE_SPANS, TracesWire.SPANS));
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

  /** Counts with a reader over a request's bytes. */
  private interface WireCount {
    long count(CodedInputStream in) throws IOException;
  }

  private static long scan(byte[] request, WireCount count) throws InvalidProtocolBufferException {
    try {
      return count.count(CodedInputStream.newInstance(request));
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      // a byte array never fails to read; any other IOException is a malformed message too
      throw new InvalidProtocolBufferException(e);
    }
  }

  /** The {@code item} fields of the {@code scope} messages of the {@code resource} messages. */
  private static long countNested(CodedInputStream in, int resource, int scope, int item)
      throws IOException {
    long items = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != resource) {
        skip(in, tag);
        continue;
      }
      int resourceLimit = in.pushLimit(in.readRawVarint32());
      for (int inResource = in.readTag(); inResource != 0; inResource = in.readTag()) {
        if (inResource != scope) {
          skip(in, inResource);
          continue;
        }
        int scopeLimit = in.pushLimit(in.readRawVarint32());
        for (int inScope = in.readTag(); inScope != 0; inScope = in.readTag()) {
          if (inScope == item) {
            items++;
          }
          skip(in, inScope);
        }
        in.popLimit(scopeLimit);
      }
      in.popLimit(resourceLimit);
    }
    return items;
  }

  private static long countPoints(CodedInputStream in) throws IOException {
    long points = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != MetricsWire.REQUEST_RESOURCE_METRICS) {
        skip(in, tag);
        continue;
      }
      int resourceLimit = in.pushLimit(in.readRawVarint32());
      for (int inResource = in.readTag(); inResource != 0; inResource = in.readTag()) {
        if (inResource != MetricsWire.SCOPE_METRICS) {
          skip(in, inResource);
          continue;
        }
        int scopeLimit = in.pushLimit(in.readRawVarint32());
        for (int inScope = in.readTag(); inScope != 0; inScope = in.readTag()) {
          if (inScope != MetricsWire.METRICS) {
            skip(in, inScope);
            continue;
          }
          int metricLimit = in.pushLimit(in.readRawVarint32());
          points += metricPoints(in);
          in.popLimit(metricLimit);
        }
        in.popLimit(scopeLimit);
      }
      in.popLimit(resourceLimit);
    }
    return points;
  }

  /**
   * The data points of one metric's bytes, as protobuf-java's parser builds the message: the data
   * fields are a oneof whose last field decides the kind, and the parser merges every occurrence of
   * a kind into that kind's one builder, also across occurrences of another kind in between. So the
   * points are those of all occurrences of the last kind.
   */
  private static long metricPoints(CodedInputStream in) throws IOException {
    long[] pointsOfKind = new long[5];
    int lastKind = -1;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int kind = dataKind(tag);
      if (kind < 0) {
        skip(in, tag);
        continue;
      }
      int dataLimit = in.pushLimit(in.readRawVarint32());
      for (int inner = in.readTag(); inner != 0; inner = in.readTag()) {
        if (inner == MetricsWire.DATA_POINTS) {
          pointsOfKind[kind]++;
        }
        skip(in, inner);
      }
      in.popLimit(dataLimit);
      lastKind = kind;
    }
    return lastKind < 0 ? 0 : pointsOfKind[lastKind];
  }

  /** 0 to 4 for the Metric's data fields, -1 for any other tag. */
  private static int dataKind(int tag) {
    switch (tag) {
      case MetricsWire.GAUGE:
        return 0;
      case MetricsWire.SUM:
        return 1;
      case MetricsWire.HISTOGRAM:
        return 2;
      case MetricsWire.EXPONENTIAL_HISTOGRAM:
        return 3;
      case MetricsWire.SUMMARY:
        return 4;
      default:
        return -1;
    }
  }

  private static void skip(CodedInputStream in, int tag) throws IOException {
    if (!in.skipField(tag)) {
      throw new InvalidProtocolBufferException("unexpected end-group tag");
    }
  }
}
