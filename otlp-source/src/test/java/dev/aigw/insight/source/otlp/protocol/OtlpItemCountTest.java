package dev.aigw.insight.source.otlp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

class OtlpItemCountTest {

  private static final NumberDataPoint NUMBER = NumberDataPoint.getDefaultInstance();

  @Test
  void countsTheDataPointsOfEveryMetricType() {
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
  }

  @Test
  void countsTheSpansOfEveryScope() {
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
