package dev.aigw.insight.job.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder;
import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.GatewayTelemetry;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The job's decoder: GenAI metrics through {@link GenAiMetricDecoder} (grouped per resource by
 * {@link ResourcePointsDecoder}), access logs through {@link AccessLogDecoder}, both wrapped in
 * {@link GatewayTelemetry}. Either half may be switched off (a null delegate), in which case that
 * signal is accepted and ignored. Traces are ignored.
 */
public final class GatewayTelemetryDecoder implements OtlpDecoder<GatewayTelemetry> {

  private static final long serialVersionUID = 1L;

  private final ResourcePointsDecoder metrics;
  private final AccessLogDecoder logs;

  /**
   * @param metrics decoder of the metrics, or null to ignore metrics
   * @param logs decoder of the access logs, or null to ignore logs
   */
  public GatewayTelemetryDecoder(GenAiMetricDecoder metrics, AccessLogDecoder logs) {
    this.metrics = metrics == null ? null : new ResourcePointsDecoder(metrics);
    this.logs = logs;
  }

  @Override
  public void open(DecoderContext context) throws Exception {
    if (metrics != null) {
      metrics.open(context);
    }
    if (logs != null) {
      logs.open(context);
    }
  }

  @Override
  public TypeInformation<GatewayTelemetry> getProducedType() {
    return TypeInformation.of(GatewayTelemetry.class);
  }

  @Override
  public int itemsIn(GatewayTelemetry telemetry) {
    return telemetry.points == null ? 1 : metrics.itemsIn(telemetry.points);
  }

  @Override
  public void decodeMetrics(
      ExportMetricsServiceRequest request, DecodeOutput<GatewayTelemetry> out) {
    if (metrics != null) {
      metrics.decodeMetrics(request, new Wrapping<>(out, GatewayTelemetry::ofPoints));
    }
  }

  @Override
  public void decodeLogs(ExportLogsServiceRequest request, DecodeOutput<GatewayTelemetry> out) {
    if (logs != null) {
      logs.decodeLogs(request, new Wrapping<AccessLogRecord>(out, GatewayTelemetry::ofLog));
    }
  }

  /** Hands the bytes to the access-log decoder, which may read them without a full parse. */
  @Override
  public void decodeSerializedLogs(byte[] request, DecodeOutput<GatewayTelemetry> out)
      throws InvalidProtocolBufferException {
    if (logs != null) {
      logs.decodeSerializedLogs(
          request, new Wrapping<AccessLogRecord>(out, GatewayTelemetry::ofLog));
    } else {
      // logs ignored, but a malformed request is still refused as before
      OtlpDecoder.super.decodeSerializedLogs(request, out);
    }
  }

  /** Adapts a delegate's output to the union type. */
  private static final class Wrapping<R> implements DecodeOutput<R> {
    private final DecodeOutput<GatewayTelemetry> out;
    private final Function<R, GatewayTelemetry> wrap;

    Wrapping(DecodeOutput<GatewayTelemetry> out, Function<R, GatewayTelemetry> wrap) {
      this.out = out;
      this.wrap = wrap;
    }

    @Override
    public void emit(R record) {
      out.emit(wrap.apply(record));
    }

    @Override
    public void reject(long count, String reason) {
      out.reject(count, reason);
    }
  }
}
