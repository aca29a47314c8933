package dev.aigw.insight.source.otlp.decoder;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.Serializable;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

/**
 * Turns OTLP export requests into the job's records, as Kafka's deserialization schema does for
 * Kafka records.
 *
 * <p>The receiver source calls a decoder on gRPC server threads, before it answers the client, so
 * that the answer can carry OTLP's {@code partial_success}; the Kafka path calls it on the task
 * thread. Implementations must therefore be thread-safe (keep no mutable per-call fields) and must
 * not block. A signal the decoder does not handle is ignored by the default methods.
 *
 * <p>Throw {@link MalformedRequestException} when the whole request is unusable; the receiver then
 * answers {@code INVALID_ARGUMENT}. Report individual bad points/records with {@link
 * DecodeOutput#reject(long, String)}; they are answered as partial success.
 *
 * @param <T> the record type produced
 */
public interface OtlpDecoder<T> extends Serializable, ResultTypeQueryable<T> {

  /** Called once per parallel instance before the first decode; registers metrics. */
  default void open(DecoderContext context) throws Exception {}

  /** Decodes one metrics export request. */
  default void decodeMetrics(ExportMetricsServiceRequest request, DecodeOutput<T> out) {}

  /**
   * Decodes one metrics export request from its serialized bytes; the receiver and the Kafka source
   * call this, not {@link #decodeMetrics(ExportMetricsServiceRequest, DecodeOutput)}. The default
   * parses the bytes and calls that method; an override keeps the contract of {@link
   * #decodeSerializedLogs(byte[], DecodeOutput)}.
   */
  default void decodeSerializedMetrics(byte[] request, DecodeOutput<T> out)
      throws InvalidProtocolBufferException {
    decodeMetrics(ExportMetricsServiceRequest.parseFrom(request), out);
  }

  /** Decodes one logs export request. */
  default void decodeLogs(ExportLogsServiceRequest request, DecodeOutput<T> out) {}

  /**
   * Decodes one logs export request from its serialized bytes; the receiver and the Kafka source
   * call this, not {@link #decodeLogs(ExportLogsServiceRequest, DecodeOutput)}.
   *
   * <p>The default parses the bytes and calls {@link #decodeLogs(ExportLogsServiceRequest,
   * DecodeOutput)}. Override it to read the wire format directly, for example to skip building the
   * objects of records that are dropped anyway. An override must behave exactly as the default
   * would: throw {@link InvalidProtocolBufferException} exactly when {@code
   * ExportLogsServiceRequest.parseFrom(request)} would (preferably that very exception, since its
   * message is returned to the client), and in that case emit, reject and count nothing.
   *
   * @param request a serialized {@code ExportLogsServiceRequest} (after gzip inflation); not
   *     modified
   * @throws InvalidProtocolBufferException when the bytes are not such a request (answered
   *     INVALID_ARGUMENT by the receiver, skipped and counted as undecodable by the Kafka source)
   */
  default void decodeSerializedLogs(byte[] request, DecodeOutput<T> out)
      throws InvalidProtocolBufferException {
    decodeLogs(ExportLogsServiceRequest.parseFrom(request), out);
  }

  /** Decodes one traces export request. */
  default void decodeTraces(ExportTraceServiceRequest request, DecodeOutput<T> out) {}

  /**
   * Decodes one traces export request from its serialized bytes; the receiver and the Kafka source
   * call this, not {@link #decodeTraces(ExportTraceServiceRequest, DecodeOutput)}. The default
   * parses the bytes and calls that method; an override keeps the contract of {@link
   * #decodeSerializedLogs(byte[], DecodeOutput)}.
   */
  default void decodeSerializedTraces(byte[] request, DecodeOutput<T> out)
      throws InvalidProtocolBufferException {
    decodeTraces(ExportTraceServiceRequest.parseFrom(request), out);
  }

  /**
   * How many items (data points, log records, spans) one record carries: the receiver's hand-off
   * queue counts its capacity in items, so that a decoder that emits batches is bounded by the same
   * memory as one that emits single items. 1 unless overridden.
   */
  default int itemsIn(T record) {
    return 1;
  }
}
