package dev.aigw.insight.source.otlp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.source.otlp.decoder.MalformedRequestException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class OtlpItemCountTest {

  private static final NumberDataPoint NUMBER = NumberDataPoint.getDefaultInstance();

  @Test
  void countsTheDataPointsOfEveryMetricType() throws Exception {
    Metric gauge =
        Metric.newBuilder()
            .setGauge(Gauge.newBuilder().addDataPoints(NUMBER).addDataPoints(NUMBER))
            .build();
    Metric sum = Metric.newBuilder().setSum(Sum.newBuilder().addDataPoints(NUMBER)).build();
    Metric histogram =
        Metric.newBuilder()
            .setHistogram(
                Histogram.newBuilder()
                    .addDataPoints(HistogramDataPoint.getDefaultInstance())
                    .addDataPoints(HistogramDataPoint.getDefaultInstance())
                    .addDataPoints(HistogramDataPoint.getDefaultInstance()))
            .build();
    Metric exponential =
        Metric.newBuilder()
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .addDataPoints(ExponentialHistogramDataPoint.getDefaultInstance()))
            .build();
    Metric summary =
        Metric.newBuilder()
            .setSummary(
                Summary.newBuilder()
                    .addDataPoints(SummaryDataPoint.getDefaultInstance())
                    .addDataPoints(SummaryDataPoint.getDefaultInstance()))
            .build();
    Metric empty = Metric.newBuilder().setName("no data").build();

    assertThat(OtlpItemCount.points(gauge)).isEqualTo(2);
    assertThat(OtlpItemCount.points(sum)).isEqualTo(1);
    assertThat(OtlpItemCount.points(histogram)).isEqualTo(3);
    assertThat(OtlpItemCount.points(exponential)).isEqualTo(1);
    assertThat(OtlpItemCount.points(summary)).isEqualTo(2);
    assertThat(OtlpItemCount.points(empty)).isZero();

    ResourceMetrics first =
        ResourceMetrics.newBuilder()
            .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge).addMetrics(sum))
            .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(histogram))
            .build();
    ResourceMetrics second =
        ResourceMetrics.newBuilder()
            .addScopeMetrics(
                ScopeMetrics.newBuilder()
                    .addMetrics(exponential)
                    .addMetrics(summary)
                    .addMetrics(empty))
            .build();
    assertThat(OtlpItemCount.points(first)).isEqualTo(6);
    assertThat(
            OtlpItemCount.points(
                ExportMetricsServiceRequest.newBuilder()
                    .addResourceMetrics(first)
                    .addResourceMetrics(second)
                    .build()))
        .isEqualTo(9);
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(first)
            .addResourceMetrics(second)
            .build();
    assertThat(OtlpItemCount.points(request.toByteArray())).isEqualTo(9);
  }

  @Test
  void countsAMetricsDataOneofFromItsBytesAsTheParserReadsIt() throws Exception {
    byte[] twoPoints =
        Metric.newBuilder()
            .setHistogram(
                Histogram.newBuilder()
                    .addDataPoints(HistogramDataPoint.getDefaultInstance())
                    .addDataPoints(HistogramDataPoint.getDefaultInstance()))
            .build()
            .toByteArray();
    byte[] onePoint =
        Metric.newBuilder()
            .setHistogram(
                Histogram.newBuilder().addDataPoints(HistogramDataPoint.getDefaultInstance()))
            .build()
            .toByteArray();
    byte[] gauge =
        Metric.newBuilder()
            .setGauge(Gauge.newBuilder().addDataPoints(NUMBER).addDataPoints(NUMBER))
            .build()
            .toByteArray();
    // concatenated messages merge: the same data field twice adds its points, another replaces
    // the kind; protobuf-java then merges a kind's later occurrence into its earlier one
    byte[][] metrics = {
      concat(twoPoints, onePoint), concat(twoPoints, gauge), concat(twoPoints, gauge, onePoint)
    };
    for (byte[] metric : metrics) {
      byte[] request =
          ExportMetricsServiceRequest.newBuilder()
              .addResourceMetrics(
                  ResourceMetrics.newBuilder()
                      .addScopeMetrics(
                          ScopeMetrics.newBuilder().addMetrics(Metric.parseFrom(metric))))
              .build()
              .toByteArray();
      long parsed = OtlpItemCount.points(ExportMetricsServiceRequest.parseFrom(request));
      assertThat(OtlpItemCount.points(Metric.parseFrom(metric))).isEqualTo(parsed);
      assertThat(OtlpItemCount.points(wrapMetric(metric))).isEqualTo(parsed);
    }
    assertThat(OtlpItemCount.points(wrapMetric(metrics[0]))).isEqualTo(3);
    assertThat(OtlpItemCount.points(wrapMetric(metrics[1]))).isEqualTo(2);
    assertThat(OtlpItemCount.points(wrapMetric(metrics[2]))).isEqualTo(3);
  }

  @Test
  void bytesThatAreNotProtobufAreNotCounted() {
    byte[] truncated = {0x0A, 0x05, 0x12, 0x03};
    assertThatThrownBy(() -> OtlpItemCount.points(truncated))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> OtlpItemCount.spans(truncated))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> OtlpItemCount.logRecords(truncated))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  /** One request, one resource, one scope, with {@code metric}'s bytes as its one metric. */
  private static byte[] wrapMetric(byte[] metric) {
    byte[] scope = field(2, metric);
    byte[] resource = field(2, scope);
    return field(1, resource);
  }

  private static byte[] field(int number, byte[] value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeByteArray(number, value);
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      bytes.writeBytes(part);
    }
    return bytes.toByteArray();
  }

  @Test
  void countsTheSpansOfEveryScope() throws Exception {
    Span span = Span.getDefaultInstance();
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(span).addSpans(span))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
            .addResourceSpans(ResourceSpans.getDefaultInstance())
            .addResourceSpans(
                ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
            .build();
    assertThat(OtlpItemCount.spans(request)).isEqualTo(4);
    assertThat(OtlpItemCount.spans(request.toByteArray())).isEqualTo(4);
  }

  @Test
  void classifiesTheFailuresOfADecoding() {
    assertThat(DecodeFailure.of(new InvalidProtocolBufferException("truncated")))
        .isEqualTo(DecodeFailure.UNREADABLE);
    assertThat(DecodeFailure.of(new MalformedRequestException("no resource")))
        .isEqualTo(DecodeFailure.MALFORMED);
    assertThat(DecodeFailure.of(new IllegalStateException("bug")))
        .isEqualTo(DecodeFailure.DECODER_FAILED);
    assertThat(DecodeFailure.UNREADABLE.senderFault()).isTrue();
    assertThat(DecodeFailure.MALFORMED.senderFault()).isTrue();
    assertThat(DecodeFailure.DECODER_FAILED.senderFault()).isFalse();
    assertThat(OtlpSignal.TRACES.text()).isEqualTo("traces");
  }
}
