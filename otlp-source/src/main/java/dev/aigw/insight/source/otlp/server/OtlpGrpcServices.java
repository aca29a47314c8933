package dev.aigw.insight.source.otlp.server;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The three OTLP collector services, bound with a raw-bytes request marshaller so that the handler
 * parses the protobuf itself: grpc-java's own parse failure answers INTERNAL, OTLP wants
 * INVALID_ARGUMENT.
 */
public final class OtlpGrpcServices {

  private OtlpGrpcServices() {}

  /** Service definitions for MetricsService, LogsService and TraceService. */
  public static List<ServerServiceDefinition> of(OtlpExportHandler<?> handler) {
    MethodDescriptor<RawRequest, ExportMetricsServiceResponse> metrics =
        MetricsServiceGrpc.getExportMethod().toBuilder(
                RawBytesMarshaller.INSTANCE,
                ProtoUtils.marshaller(ExportMetricsServiceResponse.getDefaultInstance()))
            .build();
    MethodDescriptor<RawRequest, ExportLogsServiceResponse> logs =
        LogsServiceGrpc.getExportMethod().toBuilder(
                RawBytesMarshaller.INSTANCE,
                ProtoUtils.marshaller(ExportLogsServiceResponse.getDefaultInstance()))
            .build();
    MethodDescriptor<RawRequest, ExportTraceServiceResponse> traces =
        TraceServiceGrpc.getExportMethod().toBuilder(
                RawBytesMarshaller.INSTANCE,
                ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
            .build();
    return List.of(
        ServerServiceDefinition.builder(MetricsServiceGrpc.SERVICE_NAME)
            .addMethod(metrics, ServerCalls.asyncUnaryCall(handler::exportMetrics))
            .build(),
        ServerServiceDefinition.builder(LogsServiceGrpc.SERVICE_NAME)
            .addMethod(logs, ServerCalls.asyncUnaryCall(handler::exportLogs))
            .build(),
        ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
            .addMethod(traces, ServerCalls.asyncUnaryCall(handler::exportTraces))
            .build());
  }

  /**
   * Passes the message bytes through unparsed. Reading inflates gzip and enforces the size limit on
   * the inflated bytes; its failure is handed to the handler, because an exception thrown here
   * would reach the client as UNKNOWN.
   */
  private enum RawBytesMarshaller implements MethodDescriptor.Marshaller<RawRequest> {
    INSTANCE;

    @Override
    public InputStream stream(RawRequest value) {
      return new ByteArrayInputStream(value.bytes());
    }

    @Override
    public RawRequest parse(InputStream stream) {
      try {
        return RawRequest.of(stream.readAllBytes());
      } catch (StatusRuntimeException e) {
        return RawRequest.failed(e);
      } catch (IOException | RuntimeException e) {
        return RawRequest.failed(
            Status.INTERNAL
                .withDescription("could not read the request message: " + e)
                .withCause(e)
                .asRuntimeException());
      }
    }
  }
}
