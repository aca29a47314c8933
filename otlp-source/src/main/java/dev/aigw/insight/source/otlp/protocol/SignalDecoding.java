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
   * Decodes {@code request} as an export request of {@code signal}. Every signal goes to the
   * decoder as bytes ({@link OtlpDecoder#decodeSerializedMetrics}, {@link
   * OtlpDecoder#decodeSerializedLogs}, {@link OtlpDecoder#decodeSerializedTraces}), so that a
   * decoder may read the wire format and skip building what it drops; the items are counted from
   * the bytes ({@link OtlpItemCount}).
   *
   * @param itemsRead told the request's item count once the request has been read, also when the
   *     decoder then fails; null when the caller does not count items (nothing is then pre-scanned)
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
        if (itemsRead == null) {
          decoder.decodeSerializedMetrics(request, out);
          return;
        }
        long points;
        try {
          points = OtlpItemCount.points(request);
        } catch (InvalidProtocolBufferException e) {
          // Not readable where the count looked: let the full parse decide and name the problem.
          ExportMetricsServiceRequest parsed = ExportMetricsServiceRequest.parseFrom(request);
          itemsRead.accept(OtlpItemCount.points(parsed));
          decoder.decodeMetrics(parsed, out);
          return;
        }
        decodeCounted(points, itemsRead, () -> decoder.decodeSerializedMetrics(request, out));
        return;
      case LOGS:
        if (itemsRead == null) {
          decoder.decodeSerializedLogs(request, out);
          return;
        }
        long records;
        try {
          records = OtlpItemCount.logRecords(request);
        } catch (InvalidProtocolBufferException e) {
          ExportLogsServiceRequest parsed = ExportLogsServiceRequest.parseFrom(request);
          itemsRead.accept(OtlpItemCount.logRecords(parsed));
          decoder.decodeLogs(parsed, out);
          return;
        }
        decodeCounted(records, itemsRead, () -> decoder.decodeSerializedLogs(request, out));
        return;
      default:
        if (itemsRead == null) {
          decoder.decodeSerializedTraces(request, out);
          return;
        }
        long spans;
        try {
          spans = OtlpItemCount.spans(request);
        } catch (InvalidProtocolBufferException e) {
          ExportTraceServiceRequest parsed = ExportTraceServiceRequest.parseFrom(request);
          itemsRead.accept(OtlpItemCount.spans(parsed));
          decoder.decodeTraces(parsed, out);
          return;
        }
        decodeCounted(spans, itemsRead, () -> decoder.decodeSerializedTraces(request, out));
    }
  }

  /** A decoder call on a request's bytes. */
  private interface SerializedDecode {
    void run() throws InvalidProtocolBufferException;
  }

  /**
   * Runs {@code decode} on a request whose outer levels were readable and counted: the count is
   * told when the decoder succeeds or fails with its own error (the request was read, as with a
   * parse that succeeded before the decoder failed), not when the bytes turn out unreadable deeper
   * down (the request was not read).
   */
  private static void decodeCounted(long items, LongConsumer itemsRead, SerializedDecode decode)
      throws InvalidProtocolBufferException {
    try {
      decode.run();
    } catch (RuntimeException e) {
      itemsRead.accept(items);
      throw e;
    }
    itemsRead.accept(items);
  }
}
