package dev.aigw.insight.job.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.decode.spans.LlmSpanDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Telemetry;
import dev.aigw.insight.job.model.TelemetrySignal;
import dev.aigw.insight.job.serialization.TelemetryTypeInfo;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The job's decoder: GenAI metrics through {@link GenAiMetricDecoder} (grouped per resource by
 * {@link ResourcePointsDecoder}), access logs through {@link AccessLogDecoder}, each item tagged
 * with its {@link TelemetrySignal} in a {@link Telemetry}. Either half may be switched off (a null
 * delegate), in which case that signal is accepted and ignored. Trace spans go through {@link
 * LlmSpanDecoder} when one is given (the LLM calls of applications), else they are ignored.
 *
 * <p>A new signal adds its delegate here, emitting through {@link #tagging} with its own signal;
 * the split after the source routes it without further change.
 */
public final class GatewayTelemetryDecoder implements OtlpDecoder<Telemetry> {

  private static final long serialVersionUID = 1L;

  private final ResourcePointsDecoder metrics;
  private final AccessLogDecoder logs;
  private final LlmSpanDecoder spans;

  /**
   * @param metrics decoder of the metrics, or null to ignore metrics
   * @param logs decoder of the access logs, or null to ignore logs
   */
  public GatewayTelemetryDecoder(GenAiMetricDecoder metrics, AccessLogDecoder logs) {
    this(metrics, logs, null);
  }

  /**
   * @param metrics decoder of the metrics, or null to ignore metrics
   * @param logs decoder of the access logs, or null to ignore logs
   * @param spans decoder of the LLM-call spans, or null to ignore traces
   */
  public GatewayTelemetryDecoder(
      GenAiMetricDecoder metrics, AccessLogDecoder logs, LlmSpanDecoder spans) {
    this.metrics = metrics == null ? null : new ResourcePointsDecoder(metrics);
    this.logs = logs;
    this.spans = spans;
  }

  @Override
  public void open(DecoderContext context) throws Exception {
    if (metrics != null) {
      metrics.open(context);
    }
    if (logs != null) {
      logs.open(context);
    }
    if (spans != null) {
      spans.open(context);
    }
  }

  @Override
  public TypeInformation<Telemetry> getProducedType() {
    return new TelemetryTypeInfo();
  }

  @Override
  public int itemsIn(Telemetry telemetry) {
    return telemetry.signal() == TelemetrySignal.METRIC_POINTS
        ? metrics.itemsIn((ResourcePoints) telemetry.payload())
        : 1;
  }

  @Override
  public void decodeMetrics(ExportMetricsServiceRequest request, DecodeOutput<Telemetry> out) {
    if (metrics != null) {
      metrics.decodeMetrics(request, tagging(out, TelemetrySignal.METRIC_POINTS));
    }
  }

  @Override
  public void decodeLogs(ExportLogsServiceRequest request, DecodeOutput<Telemetry> out) {
    if (logs != null) {
      logs.decodeLogs(
          request,
          tagging(out, TelemetrySignal.ACCESS_LOGS),
          tagging(out, TelemetrySignal.ACCESS_LOG_STATUS));
    }
  }

  @Override
  public void decodeTraces(ExportTraceServiceRequest request, DecodeOutput<Telemetry> out) {
    if (spans != null) {
      spans.decodeTraces(request, tagging(out, TelemetrySignal.LLM_CALLS));
    }
  }

  /** Hands the bytes to the span decoder, which reads them without a full parse. */
  @Override
  public void decodeSerializedTraces(byte[] request, DecodeOutput<Telemetry> out)
      throws InvalidProtocolBufferException {
    if (spans != null) {
      spans.decodeSerializedTraces(request, tagging(out, TelemetrySignal.LLM_CALLS));
    } else {
      // traces ignored, but a malformed request is still refused as before
      OtlpDecoder.super.decodeSerializedTraces(request, out);
    }
  }

  /** Hands the bytes to the metrics decoder, which reads them without a full parse. */
  @Override
  public void decodeSerializedMetrics(byte[] request, DecodeOutput<Telemetry> out)
      throws InvalidProtocolBufferException {
    if (metrics != null) {
      metrics.decodeSerializedMetrics(request, tagging(out, TelemetrySignal.METRIC_POINTS));
    } else {
      // metrics ignored, but a malformed request is still refused as before
      OtlpDecoder.super.decodeSerializedMetrics(request, out);
    }
  }

  /** Hands the bytes to the access-log decoder, which may read them without a full parse. */
  @Override
  public void decodeSerializedLogs(byte[] request, DecodeOutput<Telemetry> out)
      throws InvalidProtocolBufferException {
    if (logs != null) {
      logs.decodeSerializedLogs(
          request,
          tagging(out, TelemetrySignal.ACCESS_LOGS),
          tagging(out, TelemetrySignal.ACCESS_LOG_STATUS));
    } else {
      // logs ignored, but a malformed request is still refused as before
      OtlpDecoder.super.decodeSerializedLogs(request, out);
    }
  }

  /** A delegate's output, each record tagged with {@code signal}. */
  static <R> DecodeOutput<R> tagging(DecodeOutput<Telemetry> out, TelemetrySignal signal) {
    return new Tagging<>(out, signal);
  }

  /** Adapts a delegate's output to the tagged type. */
  private static final class Tagging<R> implements DecodeOutput<R> {
    private final DecodeOutput<Telemetry> out;
    private final TelemetrySignal signal;

    Tagging(DecodeOutput<Telemetry> out, TelemetrySignal signal) {
      this.out = out;
      this.signal = signal;
    }

    @Override
    public void emit(R record) {
      out.emit(Telemetry.of(signal, record));
    }

    @Override
    public void reject(long count, String reason) {
      out.reject(count, reason);
    }
  }
}
