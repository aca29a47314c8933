package dev.aigw.insight.source.otlp.testing;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client: for what the SDK never sends (garbage, oversized, no token). */
public final class RawOtlpClient implements AutoCloseable {

  private final ManagedChannel channel;

  public RawOtlpClient(int port) {
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .maxInboundMessageSize(64 * 1024 * 1024)
            .build();
  }

  /** Exports a request with the generated stub; gzip and a bearer token are optional. */
  public ExportMetricsServiceResponse export(
      ExportMetricsServiceRequest request, boolean gzip, String authorization) {
    MetricsServiceGrpc.MetricsServiceBlockingStub stub =
        MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    if (gzip) {
      stub = stub.withCompression("gzip");
    }
    if (authorization != null) {
      Metadata headers = new Metadata();
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    return stub.export(request);
  }

  /** The status an export ends with (OK when it succeeded). */
  public Status exportStatus(ExportMetricsServiceRequest request, boolean gzip, String auth) {
    try {
      export(request, gzip, auth);
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  /** The exception an export fails with, or null if it succeeded. */
  public StatusRuntimeException exportFailure(ExportMetricsServiceRequest request) {
    try {
      export(request, false, null);
      return null;
    } catch (StatusRuntimeException e) {
      return e;
    }
  }

  /** Sends arbitrary bytes as the request of {@code fullMethodName}; returns the status. */
  public Status sendRaw(String fullMethodName, byte[] body) {
    return exchange(fullMethodName, body).status;
  }

  /**
   * Sends arbitrary bytes as the request of {@code fullMethodName}; returns the status and, when it
   * is OK, the serialized response (to read its {@code partial_success}).
   */
  public Answer exchange(String fullMethodName, byte[] body) {
    MethodDescriptor<byte[], byte[]> method =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(fullMethodName)
            .setRequestMarshaller(Bytes.INSTANCE)
            .setResponseMarshaller(Bytes.INSTANCE)
            .build();
    try {
      byte[] response =
          ClientCalls.blockingUnaryCall(
              channel, method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body);
      return new Answer(Status.OK, response);
    } catch (StatusRuntimeException e) {
      return new Answer(e.getStatus(), null);
    }
  }

  /** How one call ended: its status and, when OK, the serialized response. */
  public static final class Answer {
    public final Status status;
    public final byte[] response;

    Answer(Status status, byte[] response) {
      this.status = status;
      this.response = response;
    }
  }

  public static final String METRICS_EXPORT =
      MethodDescriptor.generateFullMethodName(MetricsServiceGrpc.SERVICE_NAME, "Export");
  public static final String LOGS_EXPORT =
      MethodDescriptor.generateFullMethodName(LogsServiceGrpc.SERVICE_NAME, "Export");
  public static final String TRACES_EXPORT =
      MethodDescriptor.generateFullMethodName(TraceServiceGrpc.SERVICE_NAME, "Export");

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
