package dev.aigw.insight.source.otlp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;

class SignalDecodingTest {

  private final List<Long> itemsRead = new ArrayList<>();
  private final Output out = new Output();

  @Test
  void eachSignalReachesItsDecoderMethodWithItsItemCount() throws Exception {
    NamingDecoder decoder = new NamingDecoder(false);

    SignalDecoding.decode(OtlpSignal.METRICS, metrics(3), decoder, out, itemsRead::add);
    SignalDecoding.decode(OtlpSignal.LOGS, logs(2), decoder, out, itemsRead::add);
    SignalDecoding.decode(OtlpSignal.TRACES, traces(4), decoder, out, itemsRead::add);

    assertThat(out.records).containsExactly("metrics:3", "serialized logs", "traces:4");
    assertThat(itemsRead).containsExactly(3L, 2L, 4L);
  }

  @Test
  void withoutACounterLogsGoStraightToTheSerializedHook() throws Exception {
    SignalDecoding.decode(OtlpSignal.LOGS, logs(2), new NamingDecoder(false), out, null);
    assertThat(out.records).containsExactly("serialized logs");
  }

  @Test
  void aReadRequestIsCountedEvenWhenTheDecoderFails() {
    NamingDecoder failing = new NamingDecoder(true);

    assertThatThrownBy(
            () ->
                SignalDecoding.decode(OtlpSignal.METRICS, metrics(5), failing, out, itemsRead::add))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> SignalDecoding.decode(OtlpSignal.LOGS, logs(6), failing, out, itemsRead::add))
        .isInstanceOf(IllegalStateException.class);

    assertThat(itemsRead).containsExactly(5L, 6L);
    assertThat(DecodeFailure.of(new IllegalStateException()))
        .isEqualTo(DecodeFailure.DECODER_FAILED);
  }

  @Test
  void bytesThatAreNotARequestAreUnreadableAndNotCounted() {
    byte[] garbage = {0x0A, 0x05, 0x00};
    for (OtlpSignal signal : OtlpSignal.values()) {
      assertThatThrownBy(
              () ->
                  SignalDecoding.decode(
                      signal, garbage, new NamingDecoder(false), out, itemsRead::add))
          .isInstanceOf(InvalidProtocolBufferException.class);
    }
    assertThat(itemsRead).isEmpty();
    assertThat(out.records).isEmpty();
  }

  private static byte[] metrics(int points) {
    Gauge.Builder gauge = Gauge.newBuilder();
    for (int i = 0; i < points; i++) {
      gauge.addDataPoints(NumberDataPoint.newBuilder().setAsInt(i));
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .addScopeMetrics(
                    ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setGauge(gauge))))
        .build()
        .toByteArray();
  }

  private static byte[] logs(int records) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (int i = 0; i < records; i++) {
      scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(i + 1));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope))
        .build()
        .toByteArray();
  }

  private static byte[] traces(int spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < spans; i++) {
      scope.addSpans(Span.newBuilder().setName("s" + i));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  /** Emits which of its methods ran (with the item count it saw), or fails in each. */
  private static final class NamingDecoder implements OtlpDecoder<String> {
    private static final long serialVersionUID = 1L;
    private final boolean fail;

    NamingDecoder(boolean fail) {
      this.fail = fail;
    }

    @Override
    public void decodeMetrics(ExportMetricsServiceRequest request, DecodeOutput<String> out) {
      failIfAsked();
      out.emit("metrics:" + OtlpItemCount.points(request));
    }

    @Override
    public void decodeLogs(ExportLogsServiceRequest request, DecodeOutput<String> out) {
      failIfAsked();
      out.emit("logs:" + OtlpItemCount.logRecords(request));
    }

    @Override
    public void decodeSerializedLogs(byte[] request, DecodeOutput<String> out) {
      failIfAsked();
      out.emit("serialized logs");
    }

    @Override
    public void decodeTraces(ExportTraceServiceRequest request, DecodeOutput<String> out) {
      failIfAsked();
      out.emit("traces:" + OtlpItemCount.spans(request));
    }

    @Override
    public TypeInformation<String> getProducedType() {
      return TypeInformation.of(String.class);
    }

    private void failIfAsked() {
      if (fail) {
        throw new IllegalStateException("decoder bug");
      }
    }
  }

  private static final class Output implements DecodeOutput<String> {
    final List<String> records = new ArrayList<>();

    @Override
    public void emit(String record) {
      records.add(record);
    }

    @Override
    public void reject(long count, String reason) {
      records.add("rejected " + count + ": " + reason);
    }
  }
}
