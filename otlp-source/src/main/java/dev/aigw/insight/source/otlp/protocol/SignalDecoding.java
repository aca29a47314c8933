package dev.aigw.insight.source.otlp.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.function.LongConsumer;

/**
 * Hands the bytes of one export request to the decoder method of its signal: the one dispatch of
 * the gRPC receiver and the Kafka source. What it throws is classified by {@link DecodeFailure}.
 */
public final class SignalDecoding {

  private SignalDecoding() {}

  /**
   * Decodes {@code request} as an export request of {@code signal}. Logs go to the decoder as bytes
   * ({@link OtlpDecoder#decodeSerializedLogs}), so that it may skip building the records it drops;
   * metrics and traces are parsed here.
   *
   * @param itemsRead told the request's item count ({@link OtlpItemCount}) once the request has
   *     been read, also when the decoder then fails; null when the caller does not count items
   *     (logs are then not pre-scanned)
   * @throws InvalidProtocolBufferException when the bytes are not a request of the signal
   * @throws RuntimeException what the decoder threw
   */
  public static <T> void decode(
      OtlpSignal signal,
      byte[] request,
      OtlpDecoder<T> decoder,
      DecodeOutput<T> out,
      LongConsumer itemsRead)
      throws InvalidProtocolBufferException {
    switch (signal) {
      case METRICS:
        ExportMetricsServiceRequest metrics = ExportMetricsServiceRequest.parseFrom(request);
        if (itemsRead != null) {
          itemsRead.accept(OtlpItemCount.points(metrics));
        }
        decoder.decodeMetrics(metrics, out);
        return;
      case LOGS:
        if (itemsRead == null) {
          decoder.decodeSerializedLogs(request, out);
        } else {
          decodeCountedLogs(request, decoder, out, itemsRead);
        }
        return;
      default:
        ExportTraceServiceRequest traces = ExportTraceServiceRequest.parseFrom(request);
        if (itemsRead != null) {
          itemsRead.accept(OtlpItemCount.spans(traces));
        }
        decoder.decodeTraces(traces, out);
    }
  }

  /** Logs with their count taken from a scan of the message's outer levels. */
  private static <T> void decodeCountedLogs(
      byte[] request, OtlpDecoder<T> decoder, DecodeOutput<T> out, LongConsumer itemsRead)
      throws InvalidProtocolBufferException {
    long records;
    try {
      records = OtlpItemCount.logRecords(request);
    } catch (InvalidProtocolBufferException e) {
      // Not readable even at the outer levels: let the full parse decide and name the problem.
      ExportLogsServiceRequest parsed = ExportLogsServiceRequest.parseFrom(request);
      itemsRead.accept(OtlpItemCount.logRecords(parsed));
      decoder.decodeLogs(parsed, out);
      return;
    }
    try {
      decoder.decodeSerializedLogs(request, out);
    } catch (RuntimeException e) {
      // The request was read (as with a parse that succeeded before the decoder failed).
      itemsRead.accept(records);
      throw e;
    }
    itemsRead.accept(records);
  }
}
