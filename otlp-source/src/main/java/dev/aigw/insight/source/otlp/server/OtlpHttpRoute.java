package dev.aigw.insight.source.otlp.server;

import com.google.protobuf.Message;
import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.function.Supplier;

/** The three OTLP/HTTP export paths and the signal and request message each one takes. */
enum OtlpHttpRoute {
  METRICS("/v1/metrics", OtlpSignal.METRICS, ExportMetricsServiceRequest::newBuilder),
  LOGS("/v1/logs", OtlpSignal.LOGS, ExportLogsServiceRequest::newBuilder),
  TRACES("/v1/traces", OtlpSignal.TRACES, ExportTraceServiceRequest::newBuilder);

  private final String path;
  private final OtlpSignal signal;
  private final Supplier<Message.Builder> requestBuilder;

  OtlpHttpRoute(String path, OtlpSignal signal, Supplier<Message.Builder> requestBuilder) {
    this.path = path;
    this.signal = signal;
    this.requestBuilder = requestBuilder;
  }

  /** The route of a request URI (the query string ignored), or null for another path. */
  static OtlpHttpRoute of(String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    // Collectors also accept a trailing slash; clients that build the URL by joining produce it.
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    for (OtlpHttpRoute route : values()) {
      if (route.path.equals(path)) {
        return route;
      }
    }
    return null;
  }

  String path() {
    return path;
  }

  OtlpSignal signal() {
    return signal;
  }

  /** An empty builder of the export request this path takes (for the JSON mapping). */
  Message.Builder newRequestBuilder() {
    return requestBuilder.get();
  }
}
