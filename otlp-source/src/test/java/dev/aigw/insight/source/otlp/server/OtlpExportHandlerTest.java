package dev.aigw.insight.source.otlp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.source.otlp.AckMode;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import dev.aigw.insight.source.otlp.metrics.OtlpReceiverMetrics;
import dev.aigw.insight.source.otlp.protocol.OtlpItemCount;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The logs path of the export handler: bytes to the decoder, counts, errors, partial success. */
class OtlpExportHandlerTest {

  private final HandOffQueue<DecodedRequest<String>> queue = new HandOffQueue<>(1000);
  private final OtlpReceiverMetrics metrics =
      new OtlpReceiverMetrics(new UnregisteredMetricsGroup(), () -> 0, () -> 0);

  @Test
  void logsReachTheDecoderAsBytesWithCountsAndPartialSuccess() {
    BytesDecoder decoder = new BytesDecoder();
    byte[] request = logs(2, 1).toByteArray();

    Answer answer = export(decoder, request);

    assertThat(decoder.calls).containsExactly(request.length);
    assertThat(answer.error).isNull();
    assertThat(answer.response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
    assertThat(answer.response.getPartialSuccess().getErrorMessage()).isEqualTo("one refused");
    assertThat(metrics.logRecordsReceived().getCount()).isEqualTo(3);
    assertThat(metrics.recordsQueued().getCount()).isEqualTo(1);
    assertThat(queue.poll().records()).containsExactly("bytes:" + request.length);
  }

  @Test
  void garbageIsInvalidArgumentWithTheParsersMessageAndNothingCounted() {
    BytesDecoder decoder = new BytesDecoder();
    byte[] garbage = {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    Answer answer = export(decoder, garbage);

    assertThat(decoder.calls).isEmpty();
    assertThat(Status.fromThrowable(answer.error).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Status.fromThrowable(answer.error).getDescription())
        .isEqualTo("malformed OTLP logs request: " + parseFailure(garbage));
    assertThat(metrics.rejectedMalformed().getCount()).isEqualTo(1);
    assertThat(metrics.logRecordsReceived().getCount()).isZero();
  }

  @Test
  void aRecordThatDoesNotParseFailsTheRequestThroughTheDefaultHookWithoutCountingIt()
      throws Exception {
    // A log record whose severity_text is not UTF-8: the outer levels read, the full parse fails.
    byte[] record = {0x1A, 0x01, (byte) 0xFF};
    byte[] scope = concat(new byte[] {0x12, (byte) record.length}, record);
    byte[] resource = concat(new byte[] {0x12, (byte) scope.length}, scope);
    byte[] request = concat(new byte[] {0x0A, (byte) resource.length}, resource);
    assertThat(OtlpItemCount.logRecords(request)).isEqualTo(1);

    Answer answer = export(new DefaultDecoder(), request);

    assertThat(Status.fromThrowable(answer.error).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Status.fromThrowable(answer.error).getDescription())
        .isEqualTo("malformed OTLP logs request: " + parseFailure(request));
    assertThat(metrics.logRecordsReceived().getCount()).isZero();
    assertThat(metrics.rejectedMalformed().getCount()).isEqualTo(1);
  }

  @Test
  void theRecordCountOfTheBytesEqualsTheParsedOne() throws Exception {
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(logs(3, 0).getResourceLogs(0))
            .addResourceLogs(ResourceLogs.getDefaultInstance())
            .addResourceLogs(logs(1, 4).getResourceLogs(0))
            .build();
    assertThat(OtlpItemCount.logRecords(request.toByteArray()))
        .isEqualTo(OtlpItemCount.logRecords(request))
        .isEqualTo(8);
    assertThatThrownBy(() -> OtlpItemCount.logRecords(new byte[] {0x0A, 0x05, 0x00}))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  // ---------------------------------------------------------------------------------------------

  private Answer export(OtlpDecoder<String> decoder, byte[] bytes) {
    OtlpExportHandler<String> handler =
        new OtlpExportHandler<>(decoder, queue, metrics, AckMode.ON_RECEIVE, Duration.ofSeconds(1));
    Answer answer = new Answer();
    handler.exportLogs(RawRequest.of(bytes), answer);
    return answer;
  }

  private static String parseFailure(byte[] bytes) {
    try {
      ExportLogsServiceRequest.parseFrom(bytes);
      throw new AssertionError("expected a parse failure");
    } catch (InvalidProtocolBufferException e) {
      return e.getMessage();
    }
  }

  /** A request with one resource whose two scopes hold {@code first} and {@code second} logs. */
  private static ExportLogsServiceRequest logs(int first, int second) {
    ResourceLogs.Builder resource = ResourceLogs.newBuilder();
    for (int records : new int[] {first, second}) {
      ScopeLogs.Builder scope = ScopeLogs.newBuilder();
      for (int i = 0; i < records; i++) {
        scope.addLogRecords(
            LogRecord.newBuilder()
                .setTimeUnixNano(1 + i)
                .setBody(AnyValue.newBuilder().setStringValue("line " + i)));
      }
      resource.addScopeLogs(scope);
    }
    return ExportLogsServiceRequest.newBuilder().addResourceLogs(resource).build();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Overrides the bytes hook: one record per request, and one refused item. */
  private static final class BytesDecoder implements OtlpDecoder<String> {
    private static final long serialVersionUID = 1L;
    final List<Integer> calls = new ArrayList<>();

    @Override
    public void decodeSerializedLogs(byte[] request, DecodeOutput<String> out) {
      calls.add(request.length);
      out.emit("bytes:" + request.length);
      out.reject(1, "one refused");
    }

    @Override
    public void decodeLogs(ExportLogsServiceRequest request, DecodeOutput<String> out) {
      throw new AssertionError("the handler must use the bytes hook");
    }

    @Override
    public TypeInformation<String> getProducedType() {
      return Types.STRING;
    }
  }

  /** Keeps the default bytes hook. */
  private static final class DefaultDecoder implements OtlpDecoder<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public void decodeLogs(ExportLogsServiceRequest request, DecodeOutput<String> out) {
      out.emit("parsed");
    }

    @Override
    public TypeInformation<String> getProducedType() {
      return Types.STRING;
    }
  }

  /** The answer of one call. */
  private static final class Answer implements StreamObserver<ExportLogsServiceResponse> {
    ExportLogsServiceResponse response;
    Throwable error;

    @Override
    public void onNext(ExportLogsServiceResponse value) {
      response = value;
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }
}
