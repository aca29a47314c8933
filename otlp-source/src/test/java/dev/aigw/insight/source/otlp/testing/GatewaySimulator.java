package dev.aigw.insight.source.otlp.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Envoy AI Gateway as the OpenTelemetry Java SDK reproduces it: the four GenAI histograms with the
 * contract's bucket bounds, the gateway's resource attributes, OTLP/gRPC exporters for metrics,
 * logs and spans, a controlled clock. It also computes, from what it records, the exact items the
 * test decoder must produce.
 */
public final class GatewaySimulator implements AutoCloseable {

  public static final String SCOPE = "envoyproxy/ai-gateway";
  static final long T0 = 1_780_000_000_000_000_000L;
  static final long MINUTE = 60_000_000_000L;

  /** The four histograms of the telemetry contract. */
  public enum Hist {
    TOKEN_USAGE(
        "gen_ai.client.token.usage",
        "token",
        1,
        4,
        16,
        64,
        256,
        1024,
        4096,
        16384,
        65536,
        262144,
        1048576,
        4194304,
        16777216,
        67108864),
    REQUEST_DURATION(
        "gen_ai.server.request.duration",
        "s",
        0.01,
        0.02,
        0.04,
        0.08,
        0.16,
        0.32,
        0.64,
        1.28,
        2.56,
        5.12,
        10.24,
        20.48,
        40.96,
        81.92),
    TIME_TO_FIRST_TOKEN(
        "gen_ai.server.time_to_first_token",
        "s",
        0.001,
        0.005,
        0.01,
        0.02,
        0.04,
        0.06,
        0.08,
        0.1,
        0.25,
        0.5,
        0.75,
        1.0,
        2.5,
        5.0,
        7.5,
        10.0,
        15.0,
        20.0,
        30.0,
        45.0,
        60.0),
    TIME_PER_OUTPUT_TOKEN(
        "gen_ai.server.time_per_output_token",
        "s",
        0.01,
        0.025,
        0.05,
        0.075,
        0.1,
        0.15,
        0.2,
        0.3,
        0.4,
        0.5,
        0.75,
        1.0,
        2.5);

    final String metricName;
    final String unit;
    final List<Double> bounds;

    Hist(String metricName, String unit, double... bounds) {
      this.metricName = metricName;
      this.unit = unit;
      this.bounds = Arrays.stream(bounds).boxed().collect(Collectors.toList());
    }
  }

  /** How the exporters reach the receiver. */
  public static final class Exporters {
    String endpoint;
    final Map<String, String> headers = new LinkedHashMap<>();
    String compression = "none";
    byte[] trustedCertificatePem;
    RetryPolicy retryPolicy;
    Duration timeout = Duration.ofSeconds(20);
    boolean http;

    public static Exporters to(String endpoint) {
      Exporters e = new Exporters();
      e.endpoint = endpoint;
      return e;
    }

    public Exporters header(String key, String value) {
      headers.put(key, value);
      return this;
    }

    /** OTLP/HTTP (protobuf) exporters instead of OTLP/gRPC; the endpoint is the HTTP port's. */
    public Exporters http() {
      http = true;
      return this;
    }

    public Exporters gzip() {
      compression = "gzip";
      return this;
    }

    public Exporters trusting(byte[] certificatePem) {
      trustedCertificatePem = certificatePem;
      return this;
    }

    public Exporters retry(RetryPolicy policy) {
      retryPolicy = policy;
      return this;
    }

    public Exporters timeout(Duration t) {
      timeout = t;
      return this;
    }
  }

  private final MutableClock clock = new MutableClock(T0);
  private final AggregationTemporality temporality;
  private final String resourceText;
  private final SdkMeterProvider meterProvider;
  private final PeriodicMetricReader reader;
  private final SdkLoggerProvider loggerProvider;
  private final SdkTracerProvider tracerProvider;
  private final Map<Hist, DoubleHistogram> histograms = new LinkedHashMap<>();
  private final Map<String, ExpectedSeries> series = new LinkedHashMap<>();
  private final List<ReceivedItem> expected = new ArrayList<>();
  private long lastCollect = T0;
  private int round;

  public GatewaySimulator(String instanceId, AggregationTemporality temporality, Exporters ex) {
    this.temporality = temporality;
    Attributes resourceAttributes =
        Attributes.builder()
            .put("service.name", "aigw-test")
            .put("service.instance.id", instanceId)
            .put("job_name", "envoy-ai-gateway")
            .put("service.layer", "ENVOY_AI_GATEWAY")
            .build();
    Resource resource = Resource.create(resourceAttributes);
    resourceText = text(resourceAttributes);

    reader =
        PeriodicMetricReader.builder(metricExporter(ex, temporality))
            .setInterval(Duration.ofDays(1))
            .setInternalTelemetryVersion(InternalTelemetryVersion.LEGACY)
            .build();
    meterProvider =
        SdkMeterProvider.builder()
            .setClock(clock)
            .setResource(resource)
            .registerMetricReader(reader)
            .build();
    Meter meter = meterProvider.get(SCOPE);
    for (Hist h : Hist.values()) {
      DoubleHistogramBuilder builder = meter.histogramBuilder(h.metricName).setUnit(h.unit);
      builder.setExplicitBucketBoundariesAdvice(h.bounds);
      histograms.put(h, builder.build());
    }

    loggerProvider =
        SdkLoggerProvider.builder()
            .setClock(clock)
            .setResource(resource)
            .addLogRecordProcessor(
                BatchLogRecordProcessor.builder(logExporter(ex))
                    .setScheduleDelay(Duration.ofDays(1))
                    .build())
            .build();

    tracerProvider =
        SdkTracerProvider.builder()
            .setClock(clock)
            .setResource(resource)
            .addSpanProcessor(SimpleSpanProcessor.create(spanExporter(ex)))
            .build();
  }

  private static MetricExporter metricExporter(Exporters ex, AggregationTemporality temporality) {
    if (ex.http) {
      OtlpHttpMetricExporterBuilder metrics =
          OtlpHttpMetricExporter.builder()
              .setEndpoint(ex.endpoint + "/v1/metrics")
              .setCompression(ex.compression)
              .setTimeout(ex.timeout)
              .setAggregationTemporalitySelector(instrument -> temporality)
              .setInternalTelemetryVersion(InternalTelemetryVersion.LEGACY);
      ex.headers.forEach(metrics::addHeader);
      if (ex.trustedCertificatePem != null) {
        metrics.setTrustedCertificates(ex.trustedCertificatePem);
      }
      metrics.setRetryPolicy(ex.retryPolicy);
      return metrics.build();
    }
    OtlpGrpcMetricExporterBuilder metrics =
        OtlpGrpcMetricExporter.builder()
            .setEndpoint(ex.endpoint)
            .setCompression(ex.compression)
            .setTimeout(ex.timeout)
            .setAggregationTemporalitySelector(instrument -> temporality)
            .setInternalTelemetryVersion(InternalTelemetryVersion.LEGACY);
    ex.headers.forEach(metrics::addHeader);
    if (ex.trustedCertificatePem != null) {
      metrics.setTrustedCertificates(ex.trustedCertificatePem);
    }
    metrics.setRetryPolicy(ex.retryPolicy);
    return metrics.build();
  }

  private static LogRecordExporter logExporter(Exporters ex) {
    if (ex.http) {
      OtlpHttpLogRecordExporterBuilder logs =
          OtlpHttpLogRecordExporter.builder()
              .setEndpoint(ex.endpoint + "/v1/logs")
              .setCompression(ex.compression)
              .setTimeout(ex.timeout);
      ex.headers.forEach(logs::addHeader);
      if (ex.trustedCertificatePem != null) {
        logs.setTrustedCertificates(ex.trustedCertificatePem);
      }
      logs.setRetryPolicy(ex.retryPolicy);
      return logs.build();
    }
    OtlpGrpcLogRecordExporterBuilder logs =
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint(ex.endpoint)
            .setCompression(ex.compression)
            .setTimeout(ex.timeout);
    ex.headers.forEach(logs::addHeader);
    if (ex.trustedCertificatePem != null) {
      logs.setTrustedCertificates(ex.trustedCertificatePem);
    }
    logs.setRetryPolicy(ex.retryPolicy);
    return logs.build();
  }

  private static SpanExporter spanExporter(Exporters ex) {
    if (ex.http) {
      OtlpHttpSpanExporterBuilder spans =
          OtlpHttpSpanExporter.builder()
              .setEndpoint(ex.endpoint + "/v1/traces")
              .setCompression(ex.compression)
              .setTimeout(ex.timeout);
      ex.headers.forEach(spans::addHeader);
      if (ex.trustedCertificatePem != null) {
        spans.setTrustedCertificates(ex.trustedCertificatePem);
      }
      spans.setRetryPolicy(ex.retryPolicy);
      return spans.build();
    }
    OtlpGrpcSpanExporterBuilder spans =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(ex.endpoint)
            .setCompression(ex.compression)
            .setTimeout(ex.timeout);
    ex.headers.forEach(spans::addHeader);
    if (ex.trustedCertificatePem != null) {
      spans.setTrustedCertificates(ex.trustedCertificatePem);
    }
    spans.setRetryPolicy(ex.retryPolicy);
    return spans.build();
  }

  /** Records one value at the current round's recording time. */
  public void record(Hist h, double value, String... attributePairs) {
    clock.set(T0 + round * MINUTE + MINUTE / 2);
    Attributes attributes = attributes(attributePairs);
    histograms.get(h).record(value, attributes);
    String key = h.name() + text(attributes);
    series
        .computeIfAbsent(key, k -> new ExpectedSeries(h, text(attributes), clock.now()))
        .record(value);
  }

  /**
   * Records a request the way the gateway does: token usage per type, duration, and for streaming
   * requests TTFT and TPOT. Durations are odd multiples of 1/1024 s: exact sums, never a bound.
   */
  public void recordRequest(String model, int inputTokens, int outputTokens, int k) {
    String[] base = {
      "gen_ai.operation.name", "chat",
      "gen_ai.provider.name", "openai",
      "gen_ai.request.model", model,
      "gen_ai.response.model", model,
      "gen_ai.original.model", model
    };
    record(Hist.TOKEN_USAGE, inputTokens, with(base, "gen_ai.token.type", "input"));
    record(Hist.TOKEN_USAGE, outputTokens, with(base, "gen_ai.token.type", "output"));
    record(Hist.REQUEST_DURATION, (2 * k + 1) * 37 / 1024.0, base);
    record(Hist.TIME_TO_FIRST_TOKEN, (2 * k + 1) * 5 / 1024.0, base);
    record(Hist.TIME_PER_OUTPUT_TOKEN, (2 * k + 1) / 1024.0, base);
  }

  private static String[] with(String[] base, String key, String value) {
    String[] all = Arrays.copyOf(base, base.length + 2);
    all[base.length] = key;
    all[base.length + 1] = value;
    return all;
  }

  /** Exports the metrics of the current round and starts the next round. */
  public CompletableResultCode flushMetrics() {
    round++;
    long now = T0 + round * MINUTE;
    clock.set(now);
    for (ExpectedSeries s : series.values()) {
      if (temporality == AggregationTemporality.DELTA && s.deltaCount == 0) {
        continue;
      }
      expected.add(s.point(now, lastCollect));
    }
    lastCollect = now;
    return reader.forceFlush();
  }

  /** Emits one access-log record (exported on {@link #flushLogs()}). */
  public void log(String body, long timeUnixNano, String... attributePairs) {
    Logger logger = loggerProvider.get("envoy-access-log");
    Attributes attributes = attributes(attributePairs);
    logger
        .logRecordBuilder()
        .setBody(body)
        .setTimestamp(timeUnixNano, TimeUnit.NANOSECONDS)
        .setAllAttributes(attributes)
        .emit();
    if (!"true".equals(attributes.get(AttributeKey.stringKey(TestDecoder.REJECT_KEY)))) {
      ReceivedItem item = new ReceivedItem();
      item.signal = "log";
      item.resource = resourceText;
      item.scope = "envoy-access-log";
      item.attributes = text(attributes);
      item.timeUnixNano = timeUnixNano;
      item.body = body;
      expected.add(item);
    }
  }

  /** Exports the pending log records. */
  public CompletableResultCode flushLogs() {
    return loggerProvider.forceFlush();
  }

  /** Ends one span; the span processor exports it at once. */
  public CompletableResultCode span(String name, long start, long end, String... attributePairs) {
    Attributes attributes = attributes(attributePairs);
    Span span =
        tracerProvider
            .get("genai-app")
            .spanBuilder(name)
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setAllAttributes(attributes)
            .startSpan();
    span.end(end, TimeUnit.NANOSECONDS);
    ReceivedItem item = new ReceivedItem();
    item.signal = "span";
    item.resource = resourceText;
    item.scope = "genai-app";
    item.name = name;
    item.attributes = text(attributes);
    item.startTimeUnixNano = start;
    item.timeUnixNano = end;
    expected.add(item);
    return tracerProvider.forceFlush();
  }

  /** Every item the receiver must emit for what was exported so far. */
  public List<ReceivedItem> expected() {
    return new ArrayList<>(expected);
  }

  /** Forgets the expectations of the exports so far (e.g. exports a test expects refused). */
  public void forgetExpected() {
    expected.clear();
  }

  @Override
  public void close() {
    // No shutdown export: a shutdown would send one more (unaccounted) metrics request.
    meterProvider.close();
    loggerProvider.close();
    tracerProvider.close();
  }

  private static Attributes attributes(String... pairs) {
    var builder = Attributes.builder();
    for (int i = 0; i < pairs.length; i += 2) {
      builder.put(pairs[i], pairs[i + 1]);
    }
    return builder.build();
  }

  static String text(Attributes attributes) {
    TreeMap<String, String> sorted = new TreeMap<>();
    attributes.forEach((k, v) -> sorted.put(k.getKey(), String.valueOf(v)));
    return sorted.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** The expected aggregate of one series, per delta interval and over its lifetime. */
  private final class ExpectedSeries {
    final Hist hist;
    final String attributes;
    final long firstRecorded;
    long deltaCount;
    double deltaSum;
    double deltaMin = Double.POSITIVE_INFINITY;
    double deltaMax = Double.NEGATIVE_INFINITY;
    long[] deltaBuckets;
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long[] buckets;

    ExpectedSeries(Hist hist, String attributes, long firstRecorded) {
      this.hist = hist;
      this.attributes = attributes;
      this.firstRecorded = firstRecorded;
      this.deltaBuckets = new long[hist.bounds.size() + 1];
      this.buckets = new long[hist.bounds.size() + 1];
    }

    void record(double value) {
      int bucket = 0;
      // Buckets are upper-inclusive: (bound[i-1], bound[i]].
      while (bucket < hist.bounds.size() && value > hist.bounds.get(bucket)) {
        bucket++;
      }
      deltaCount++;
      deltaSum += value;
      deltaMin = Math.min(deltaMin, value);
      deltaMax = Math.max(deltaMax, value);
      deltaBuckets[bucket]++;
      count++;
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
      buckets[bucket]++;
    }

    ReceivedItem point(long now, long previousCollect) {
      boolean delta = temporality == AggregationTemporality.DELTA;
      ReceivedItem item = new ReceivedItem();
      item.signal = "metric";
      item.resource = resourceText;
      item.scope = SCOPE;
      item.name = hist.metricName;
      item.unit = hist.unit;
      item.temporality = "AGGREGATION_TEMPORALITY_" + temporality.name();
      item.attributes = attributes;
      item.startTimeUnixNano = delta ? previousCollect : firstRecorded;
      item.timeUnixNano = now;
      item.count = delta ? deltaCount : count;
      item.sum = delta ? deltaSum : sum;
      item.min = delta ? deltaMin : min;
      item.max = delta ? deltaMax : max;
      item.bounds = hist.bounds.toString();
      item.bucketCounts =
          Arrays.stream(delta ? deltaBuckets : buckets)
              .boxed()
              .collect(Collectors.toList())
              .toString();
      deltaCount = 0;
      deltaSum = 0;
      deltaMin = Double.POSITIVE_INFINITY;
      deltaMax = Double.NEGATIVE_INFINITY;
      deltaBuckets = new long[hist.bounds.size() + 1];
      return item;
    }
  }

  /** A clock the test moves. */
  private static final class MutableClock implements Clock {
    private volatile long now;

    MutableClock(long now) {
      this.now = now;
    }

    void set(long nanos) {
      now = nanos;
    }

    @Override
    public long now() {
      return now;
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }
  }
}
