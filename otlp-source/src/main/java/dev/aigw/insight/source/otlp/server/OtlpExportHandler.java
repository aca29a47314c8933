package dev.aigw.insight.source.otlp.server;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.source.otlp.AckMode;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import dev.aigw.insight.source.otlp.metrics.OtlpReceiverMetrics;
import dev.aigw.insight.source.otlp.protocol.DecodeFailure;
import dev.aigw.insight.source.otlp.protocol.OtlpSignal;
import dev.aigw.insight.source.otlp.protocol.SignalDecoding;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one export call on its gRPC thread: parses, decodes, answers errors and partial success,
 * and hands the decoded records to the task thread through the {@link HandOffQueue}.
 */
public final class OtlpExportHandler<T> {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpExportHandler.class);

  /** Distinct decoder reasons quoted in {@code partial_success.error_message}. */
  private static final int MAX_REASONS = 5;

  private final OtlpDecoder<T> decoder;
  private final HandOffQueue<DecodedRequest<T>> queue;
  private final OtlpReceiverMetrics metrics;
  private final AckMode ackMode;
  private final Duration retryDelay;
  private final AtomicBoolean malformedLogged = new AtomicBoolean();
  private final AtomicBoolean decoderErrorLogged = new AtomicBoolean();

  public OtlpExportHandler(
      OtlpDecoder<T> decoder,
      HandOffQueue<DecodedRequest<T>> queue,
      OtlpReceiverMetrics metrics,
      AckMode ackMode,
      Duration retryDelay) {
    this.decoder = decoder;
    this.queue = queue;
    this.metrics = metrics;
    this.ackMode = ackMode;
    this.retryDelay = retryDelay;
  }

  /** MetricsService/Export with the raw request message. */
  public void exportMetrics(RawRequest raw, StreamObserver<ExportMetricsServiceResponse> observer) {
    export(
        raw,
        observer,
        OtlpSignal.METRICS,
        metrics.pointsReceived()::inc,
        out -> {
          ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
          if (out.rejected > 0) {
            response.setPartialSuccess(
                ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(out.rejected)
                    .setErrorMessage(out.reasonText()));
          }
          return response.build();
        });
  }

  /** LogsService/Export with the raw request message. */
  public void exportLogs(RawRequest raw, StreamObserver<ExportLogsServiceResponse> observer) {
    export(
        raw,
        observer,
        OtlpSignal.LOGS,
        metrics.logRecordsReceived()::inc,
        out -> {
          ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
          if (out.rejected > 0) {
            response.setPartialSuccess(
                ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(out.rejected)
                    .setErrorMessage(out.reasonText()));
          }
          return response.build();
        });
  }

  /** TraceService/Export with the raw request message. */
  public void exportTraces(RawRequest raw, StreamObserver<ExportTraceServiceResponse> observer) {
    export(
        raw,
        observer,
        OtlpSignal.TRACES,
        metrics.spansReceived()::inc,
        out -> {
          ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
          if (out.rejected > 0) {
            response.setPartialSuccess(
                ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(out.rejected)
                    .setErrorMessage(out.reasonText()));
          }
          return response.build();
        });
  }

  /**
   * Refuses a request whose body never became protobuf (OTLP/HTTP: JSON that does not map, a gzip
   * stream that does not inflate): counted and answered like protobuf that does not parse.
   */
  public void refuseMalformed(StreamObserver<?> observer, OtlpSignal signal, String reason) {
    metrics.requestsReceived().inc();
    malformed(observer, signal.text(), reason);
  }

  /**
   * The steps every signal shares: refuse what cannot be read or cannot be queued, parse, count,
   * decode, then hand off with the signal's own (possibly partial-success) response.
   */
  private <R> void export(
      RawRequest raw,
      StreamObserver<R> observer,
      OtlpSignal signal,
      LongConsumer itemsRead,
      Function<CallOutput<T>, R> response) {
    long receivedNanos = System.nanoTime();
    if (unreadable(raw, observer)) {
      return;
    }
    metrics.requestsReceived().inc();
    if (queue.isFull()) {
      // Refuse before parsing: under backpressure, decoding retries would only burn CPU.
      throttle(observer);
      return;
    }
    CallOutput<T> out = new CallOutput<>();
    if (!decode(raw.bytes(), out, observer, signal, itemsRead)) {
      return;
    }
    handOff(
        out,
        PendingAck.timed(
            observer, response.apply(out), receivedNanos, metrics.receiveToAckMs()::update));
  }

  /**
   * Answers a message that could not be read, typically RESOURCE_EXHAUSTED for a gzip body over the
   * limit once inflated (counted as too large by the server's stream tracer).
   */
  private static boolean unreadable(RawRequest raw, StreamObserver<?> observer) {
    if (raw.failure() == null) {
      return false;
    }
    observer.onError(raw.failure());
    return true;
  }

  /**
   * Parses, counts and decodes; answers and returns false when the bytes are not a request of the
   * signal or the decoder refused the whole request ({@link DecodeFailure}).
   */
  private boolean decode(
      byte[] bytes,
      CallOutput<T> out,
      StreamObserver<?> observer,
      OtlpSignal signal,
      LongConsumer itemsRead) {
    try {
      SignalDecoding.decode(signal, bytes, decoder, out, itemsRead);
      return true;
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      if (DecodeFailure.of(e).senderFault()) {
        malformed(observer, signal.text(), e.getMessage());
      } else {
        decoderFailed(observer, signal.text(), e);
      }
      return false;
    }
  }

  /** A decoder bug must not take the receiver down; the client sees INTERNAL and may retry. */
  private void decoderFailed(StreamObserver<?> observer, String signal, Exception e) {
    metrics.rejectedDecoderError().inc();
    if (decoderErrorLogged.compareAndSet(false, true)) {
      LOG.warn(
          "The OTLP decoder failed on a {} request (answered INTERNAL; further failures are"
              + " only counted in {}.{})",
          signal,
          OtlpReceiverMetrics.REQUESTS_REJECTED,
          OtlpReceiverMetrics.REASON_DECODER_ERROR,
          e);
    }
    observer.onError(
        Status.INTERNAL
            .withDescription("decoder failed on " + signal + " request: " + e)
            .asRuntimeException());
  }

  private void malformed(StreamObserver<?> observer, String signal, String reason) {
    metrics.rejectedMalformed().inc();
    if (malformedLogged.compareAndSet(false, true)) {
      LOG.warn(
          "Rejected a malformed OTLP {} request with INVALID_ARGUMENT: {} (further ones are only"
              + " counted in {}.{})",
          signal,
          reason,
          OtlpReceiverMetrics.REQUESTS_REJECTED,
          OtlpReceiverMetrics.REASON_MALFORMED);
    }
    observer.onError(
        ReceiverStatus.invalidArgument("malformed OTLP " + signal + " request: " + reason));
  }

  private void handOff(CallOutput<T> out, PendingAck ack) {
    int records = out.records.size();
    int items = 0;
    for (T record : out.records) {
      items += decoder.itemsIn(record);
    }
    if (records > 0 && !queue.offer(new DecodedRequest<>(out.records, ack), items)) {
      metrics.rejectedThrottled().inc();
      ack.fail(busy());
      return;
    }
    metrics.recordsQueued().inc(records);
    metrics.itemsRejected().inc(out.rejected);
    // A request that produced no record owes nothing to a checkpoint: answer it now.
    if (records == 0 || ackMode == AckMode.ON_RECEIVE) {
      ack.acknowledge();
    }
  }

  private void throttle(StreamObserver<?> observer) {
    metrics.rejectedThrottled().inc();
    observer.onError(busy());
  }

  private StatusRuntimeException busy() {
    return ReceiverStatus.unavailable(
        "OTLP receiver is busy (hand-off queue full or closing); retry after the advertised delay",
        retryDelay);
  }

  /**
   * One call's decoder output (a {@link DecodeOutput}, not Flink's Collector); one gRPC thread
   * only.
   */
  private static final class CallOutput<T> implements DecodeOutput<T> {
    final List<T> records = new ArrayList<>();
    final Set<String> reasons = new LinkedHashSet<>();
    long rejected;

    @Override
    public void emit(T record) {
      records.add(record);
    }

    @Override
    public void reject(long count, String reason) {
      rejected += count;
      if (reasons.size() < MAX_REASONS) {
        reasons.add(reason);
      }
    }

    String reasonText() {
      return String.join("; ", reasons);
    }
  }
}
