package dev.aigw.insight.job.testing;

import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.schema.gateway.GatewayContract;
import dev.aigw.insight.schema.gateway.GatewayContract.Metric;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Serves scripted requests through the real OpenTelemetry Java SDK the way Envoy AI Gateway records
 * them (scope {@code envoyproxy/ai-gateway}, the four histograms with the contract's units, bucket
 * bounds and attributes, the gateway's resource attributes), in DELTA or CUMULATIVE temporality,
 * with a controlled clock and one OTLP export per {@link #exportAt(long)}. It remembers what it
 * recorded and in which export, so {@link Expectation} can compute the exact expected cells.
 *
 * <pre>{@code
 * try (OtlpCapture capture = OtlpCapture.start();
 *     GatewaySimulator gw = GatewaySimulator.builder(capture.endpoint())
 *         .service("gw").instance("pod-a").temporality(Temporality.DELTA).startedAt(t0).build()) {
 *   gw.submit(SimulatedRequest.at(t0 + s).model("gpt-4o").latency(0.5).tokens(100, 20));
 *   gw.exportAt(t0 + 60 * s);
 *   List<ExportMetricsServiceRequest> exports = capture.drain();
 *   List<ExpectedCell> cells = Expectation.of(priceTable).add(gw).cells();
 * }
 * }</pre>
 *
 * <p>In CUMULATIVE mode every series gets the provider's start time, as the gateway's Go SDK does
 * (the Java SDK would start a series at its first recording): the clock reads the start time while
 * a series records its first value.
 */
public final class GatewaySimulator implements AutoCloseable {

  public static final String SCOPE = GatewayContract.SCOPE_NAME;

  public static final List<Double> TOKEN_BOUNDS = Metric.TOKEN_USAGE.bucketBoundList();
  public static final List<Double> DURATION_BOUNDS = Metric.REQUEST_DURATION.bucketBoundList();
  public static final List<Double> TTFT_BOUNDS = Metric.TIME_TO_FIRST_TOKEN.bucketBoundList();
  public static final List<Double> TPOT_BOUNDS = Metric.TIME_PER_OUTPUT_TOKEN.bucketBoundList();

  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey(GatewayContract.OPERATION_NAME);
  private static final AttributeKey<String> PROVIDER =
      AttributeKey.stringKey(GatewayContract.PROVIDER_NAME);
  private static final AttributeKey<String> ORIGINAL_MODEL =
      AttributeKey.stringKey(GatewayContract.ORIGINAL_MODEL);
  private static final AttributeKey<String> REQUEST_MODEL =
      AttributeKey.stringKey(GatewayContract.REQUEST_MODEL);
  private static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey(GatewayContract.RESPONSE_MODEL);
  private static final AttributeKey<String> TOKEN_TYPE =
      AttributeKey.stringKey(GatewayContract.TOKEN_TYPE);
  private static final AttributeKey<String> ERROR_TYPE =
      AttributeKey.stringKey(GatewayContract.ERROR_TYPE);

  final String service;
  final String instance;
  final Temporality temporality;
  final long startNanos;

  private final ManualClock clock;
  private final SdkMeterProvider provider;
  private final DoubleHistogram duration;
  private final DoubleHistogram tokens;
  private final DoubleHistogram ttft;
  private final DoubleHistogram tpot;

  private final Duration exportTimeout;
  private final PriorityQueue<Event> pending = new PriorityQueue<>();
  private final Set<String> startedSeries = new HashSet<>();
  private final List<Event> exported = new ArrayList<>();
  private final List<Long> exportTimes = new ArrayList<>();

  private GatewaySimulator(Builder b) {
    this.service = b.service;
    this.instance = b.instance;
    this.temporality = b.temporality;
    this.startNanos = b.startNanos;
    this.clock = new ManualClock(b.startNanos);
    this.exportTimeout = b.exportTimeout;
    AttributesBuilder resource = Attributes.builder();
    resource.put("service.name", b.service);
    if (b.instance != null) {
      resource.put("service.instance.id", b.instance);
    }
    b.resourceAttributes.forEach(resource::put);
    AggregationTemporalitySelector temporalities =
        b.temporality == Temporality.DELTA
            ? AggregationTemporalitySelector.deltaPreferred()
            : AggregationTemporalitySelector.alwaysCumulative();
    MetricExporter exporter =
        b.http
            ? OtlpHttpMetricExporter.builder()
                .setEndpoint(b.endpoint + "/v1/metrics")
                .setTimeout(b.exportTimeout)
                .setAggregationTemporalitySelector(temporalities)
                .build()
            : OtlpGrpcMetricExporter.builder()
                .setEndpoint(b.endpoint)
                .setTimeout(b.exportTimeout)
                .setAggregationTemporalitySelector(temporalities)
                .build();
    this.provider =
        SdkMeterProvider.builder()
            .setClock(clock)
            .setResource(Resource.getDefault().merge(Resource.create(resource.build())))
            .setExemplarFilter(ExemplarFilter.alwaysOff())
            .registerMetricReader(
                PeriodicMetricReader.builder(exporter).setInterval(Duration.ofDays(365)).build())
            .build();
    Meter meter = provider.meterBuilder(SCOPE).build();
    this.duration = histogram(meter, Metric.REQUEST_DURATION);
    this.tokens = histogram(meter, Metric.TOKEN_USAGE);
    this.ttft = histogram(meter, Metric.TIME_TO_FIRST_TOKEN);
    this.tpot = histogram(meter, Metric.TIME_PER_OUTPUT_TOKEN);
  }

  private static DoubleHistogram histogram(Meter meter, Metric metric) {
    return meter
        .histogramBuilder(metric.metricName())
        .setUnit(metric.unit())
        .setExplicitBucketBoundariesAdvice(metric.bucketBoundList())
        .build();
  }

  /** A simulator exporting to an OTLP/gRPC endpoint such as {@code http://127.0.0.1:4317}. */
  public static Builder builder(String endpoint) {
    return new Builder(endpoint);
  }

  /** Queues a request; its values are recorded at their times by the next exports. */
  public GatewaySimulator submit(SimulatedRequest r) {
    if (r.ttftSeconds != null) {
      pending.add(
          new Event(EventKind.FIRST_TOKEN, r.startNanos + Math.round(r.ttftSeconds * 1e9), r));
    }
    pending.add(new Event(EventKind.END, r.endNanos(), r));
    return this;
  }

  /** Records every queued value due by {@code timeNanos}, then exports once at that time. */
  public void exportAt(long timeNanos) {
    List<Event> batch = new ArrayList<>();
    while (!pending.isEmpty() && pending.peek().timeNanos <= timeNanos) {
      Event e = pending.poll();
      record(e);
      batch.add(e);
    }
    clock.set(timeNanos);
    // the exporter gives up after its timeout; waiting a little longer sees that failure
    long waitMs = Math.max(30_000, exportTimeout.toMillis() + 10_000);
    CompletableResultCode result = provider.forceFlush().join(waitMs, TimeUnit.MILLISECONDS);
    if (!result.isSuccess()) {
      throw new IllegalStateException("OTLP export at " + timeNanos + " failed");
    }
    int index = exportTimes.size();
    exportTimes.add(timeNanos);
    for (Event e : batch) {
      e.exportIndex = index;
      e.exportTimeNanos = timeNanos;
      exported.add(e);
    }
  }

  private void record(Event e) {
    SimulatedRequest r = e.request;
    AttributesBuilder base =
        Attributes.builder()
            .put(OPERATION, r.operation)
            .put(PROVIDER, r.provider)
            .put(ORIGINAL_MODEL, r.requestModel)
            .put(REQUEST_MODEL, r.requestModel);
    if (r.responseModel != null) {
      base.put(RESPONSE_MODEL, r.responseModel);
    }
    r.attributes.forEach(base::put);
    Attributes common = base.build();
    if (e.kind == EventKind.FIRST_TOKEN) {
      recordAt(e.timeNanos, ttft, "ttft", r.ttftSeconds, common);
      return;
    }
    Attributes durationAttrs =
        r.error ? common.toBuilder().put(ERROR_TYPE, "_OTHER").build() : common;
    recordAt(e.timeNanos, duration, "duration", r.latencySeconds, durationAttrs);
    if (r.tpotSeconds != null) {
      recordAt(e.timeNanos, tpot, "tpot", r.tpotSeconds, common);
    }
    if (!r.error) {
      recordTokens(e.timeNanos, GatewayContract.TOKEN_TYPE_INPUT, r.input, common, true);
      recordTokens(e.timeNanos, GatewayContract.TOKEN_TYPE_OUTPUT, r.output, common, true);
      recordTokens(e.timeNanos, "cached_input", r.cachedInput, common, false);
      recordTokens(e.timeNanos, "cache_creation_input", r.cacheCreationInput, common, false);
      recordTokens(e.timeNanos, "reasoning", r.reasoning, common, false);
    }
  }

  private void recordTokens(long time, String type, long value, Attributes common, boolean always) {
    if (value > 0 || always) {
      recordAt(time, tokens, "tokens", value, common.toBuilder().put(TOKEN_TYPE, type).build());
    }
  }

  private void recordAt(
      long timeNanos, DoubleHistogram h, String name, double value, Attributes attrs) {
    boolean firstOfSeries = startedSeries.add(name + attrs);
    // the gateway's Go SDK stamps every cumulative series with the instrument's creation time
    clock.set(temporality == Temporality.CUMULATIVE && firstOfSeries ? startNanos : timeNanos);
    h.record(value, attrs);
  }

  /** The values recorded and exported so far, in recording order. */
  public List<Event> exportedEvents() {
    return Collections.unmodifiableList(exported);
  }

  /** Times of the exports made so far. */
  public List<Long> exportTimes() {
    return Collections.unmodifiableList(exportTimes);
  }

  @Override
  public void close() {
    provider.close();
  }

  /** What a recorded value was. */
  public enum EventKind {
    /** Time to first token of a streaming request. */
    FIRST_TOKEN,
    /** End of a request: duration, time per output token and tokens. */
    END
  }

  /** One recording moment of a request, and the export that carried it. */
  public static final class Event implements Comparable<Event> {
    public final EventKind kind;
    public final long timeNanos;
    public final SimulatedRequest request;
    public int exportIndex = -1;
    public long exportTimeNanos;

    Event(EventKind kind, long timeNanos, SimulatedRequest request) {
      this.kind = kind;
      this.timeNanos = timeNanos;
      this.request = request;
    }

    @Override
    public int compareTo(Event o) {
      return Long.compare(timeNanos, o.timeNanos);
    }
  }

  /** Configures a {@link GatewaySimulator}. */
  public static final class Builder {
    private final String endpoint;
    private String service = "ai-gateway";
    private String instance;
    private Temporality temporality = Temporality.CUMULATIVE;
    private long startNanos;
    private Duration exportTimeout = Duration.ofSeconds(10);
    private boolean http;
    private final Map<String, String> resourceAttributes = new LinkedHashMap<>();

    private Builder(String endpoint) {
      this.endpoint = endpoint;
      resourceAttributes.put("job_name", "envoy-ai-gateway");
    }

    public Builder service(String service) {
      this.service = service;
      return this;
    }

    /** {@code service.instance.id}; null (the gateway's default) sends none. */
    public Builder instance(String instance) {
      this.instance = instance;
      return this;
    }

    public Builder temporality(Temporality temporality) {
      this.temporality = temporality;
      return this;
    }

    /** Process start time (epoch nanoseconds): the clock's value when the provider is built. */
    public Builder startedAt(long startNanos) {
      this.startNanos = startNanos;
      return this;
    }

    /**
     * How long one export waits for the receiver's answer (default 10 s); an on-checkpoint receiver
     * answers only when a checkpoint completes.
     */
    public Builder exportTimeout(Duration timeout) {
      this.exportTimeout = timeout;
      return this;
    }

    /**
     * Exports with the SDK's OTLP/HTTP (protobuf) exporter instead of OTLP/gRPC; the endpoint is
     * then the receiver's HTTP port, e.g. {@code http://127.0.0.1:4318}.
     */
    public Builder http() {
      this.http = true;
      return this;
    }

    /** Adds or replaces a resource attribute (e.g. {@code job_name}). */
    public Builder resourceAttribute(String key, String value) {
      resourceAttributes.put(key, value);
      return this;
    }

    public GatewaySimulator build() {
      return new GatewaySimulator(this);
    }
  }

  /** An OpenTelemetry clock the simulator sets. */
  private static final class ManualClock implements Clock {
    private volatile long now;

    ManualClock(long now) {
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
      return now;
    }
  }
}
