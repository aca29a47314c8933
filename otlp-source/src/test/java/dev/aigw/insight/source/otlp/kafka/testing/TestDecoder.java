package dev.aigw.insight.source.otlp.kafka.testing;

import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.MalformedRequestException;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A decoder for tests: one {@link TestRecord} per sum data point, log record and span.
 *
 * <p>A data point without a value is rejected; a request whose resource carries {@link
 * #MALFORMED_ATTRIBUTE} is refused as a whole. It counts its {@link #open} calls in metric {@link
 * #OPENS_METRIC}.
 */
public class TestDecoder implements OtlpDecoder<TestRecord> {

  private static final long serialVersionUID = 1L;

  /** Resource attribute that makes the decoder refuse the request. */
  public static final String MALFORMED_ATTRIBUTE = "test.malformed";

  /** Counter incremented by every {@link #open}. */
  public static final String OPENS_METRIC = "testDecoderOpens";

  /** Attribute of a data point that names its series. */
  public static final String SERIES_ATTRIBUTE = "series";

  @Override
  public void open(DecoderContext context) {
    context.metricGroup().counter(OPENS_METRIC).inc();
  }

  @Override
  public void decodeMetrics(ExportMetricsServiceRequest request, DecodeOutput<TestRecord> out) {
    request
        .getResourceMetricsList()
        .forEach(
            rm -> {
              refuseIfMarked(rm.getResource());
              rm.getScopeMetricsList()
                  .forEach(sm -> sm.getMetricsList().forEach(m -> decodeMetric(m, out)));
            });
  }

  private static void decodeMetric(Metric metric, DecodeOutput<TestRecord> out) {
    for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
      if (p.getValueCase() != NumberDataPoint.ValueCase.AS_INT) {
        out.reject(1, metric.getName() + ": data point without an integer value");
        continue;
      }
      out.emit(new TestRecord("metrics", metric.getName() + "/" + series(p), p.getAsInt()));
    }
  }

  @Override
  public void decodeLogs(ExportLogsServiceRequest request, DecodeOutput<TestRecord> out) {
    request
        .getResourceLogsList()
        .forEach(
            rl -> {
              refuseIfMarked(rl.getResource());
              rl.getScopeLogsList()
                  .forEach(
                      sl ->
                          sl.getLogRecordsList()
                              .forEach(
                                  r ->
                                      out.emit(
                                          new TestRecord(
                                              "logs",
                                              r.getBody().getStringValue(),
                                              r.getTimeUnixNano()))));
            });
  }

  @Override
  public void decodeTraces(ExportTraceServiceRequest request, DecodeOutput<TestRecord> out) {
    request
        .getResourceSpansList()
        .forEach(
            rs ->
                rs.getScopeSpansList()
                    .forEach(
                        ss ->
                            ss.getSpansList()
                                .forEach(
                                    s ->
                                        out.emit(
                                            new TestRecord(
                                                "traces",
                                                s.getName(),
                                                s.getStartTimeUnixNano())))));
  }

  private static String series(NumberDataPoint p) {
    for (KeyValue kv : p.getAttributesList()) {
      if (kv.getKey().equals(SERIES_ATTRIBUTE)) {
        return kv.getValue().getStringValue();
      }
    }
    return "";
  }

  private static void refuseIfMarked(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals(MALFORMED_ATTRIBUTE)) {
        throw new MalformedRequestException("resource marked " + MALFORMED_ATTRIBUTE);
      }
    }
  }

  @Override
  public TypeInformation<TestRecord> getProducedType() {
    return TypeInformation.of(TestRecord.class);
  }
}
