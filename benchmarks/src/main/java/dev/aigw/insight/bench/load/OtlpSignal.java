package dev.aigw.insight.bench.load;

import io.grpc.MethodDescriptor;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OTLP export methods the load process calls, with an already-encoded request body and a
 * response reduced to the number of items the receiver rejected ({@code partial_success}).
 */
public enum OtlpSignal {
  METRICS(MetricsServiceGrpc.getExportMethod().getFullMethodName(), "/v1/metrics") {
    @Override
    long rejected(InputStream response) throws IOException {
      return ExportMetricsServiceResponse.parseFrom(response)
          .getPartialSuccess()
          .getRejectedDataPoints();
    }
  },
  LOGS(LogsServiceGrpc.getExportMethod().getFullMethodName(), "/v1/logs") {
    @Override
    long rejected(InputStream response) throws IOException {
      return ExportLogsServiceResponse.parseFrom(response)
          .getPartialSuccess()
          .getRejectedLogRecords();
    }
  },
  TRACES(TraceServiceGrpc.getExportMethod().getFullMethodName(), "/v1/traces") {
    @Override
    long rejected(InputStream response) throws IOException {
      return ExportTraceServiceResponse.parseFrom(response).getPartialSuccess().getRejectedSpans();
    }
  };

  private final MethodDescriptor<byte[], Long> method;
  private final String httpPath;

  OtlpSignal(String fullMethodName, String httpPath) {
    this.httpPath = httpPath;
    this.method =
        MethodDescriptor.<byte[], Long>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(fullMethodName)
            .setRequestMarshaller(new BytesMarshaller())
            .setResponseMarshaller(new RejectedMarshaller(this))
            .build();
  }

  abstract long rejected(InputStream response) throws IOException;

  /** The OTLP/HTTP path of the signal. */
  String httpPath() {
    return httpPath;
  }

  /** The gRPC method, sending raw bytes and answering the rejected count. */
  MethodDescriptor<byte[], Long> method() {
    return method;
  }

  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      throw new UnsupportedOperationException("client side only");
    }
  }

  private static final class RejectedMarshaller implements MethodDescriptor.Marshaller<Long> {
    private final OtlpSignal signal;

    RejectedMarshaller(OtlpSignal signal) {
      this.signal = signal;
    }

    @Override
    public InputStream stream(Long value) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public Long parse(InputStream stream) {
      try {
        return signal.rejected(stream);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
