package dev.aigw.insight.local;

import dev.aigw.insight.schema.gateway.GatewayContract;
import dev.aigw.insight.schema.gateway.GatewayContract.Metric;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Simulated Envoy AI Gateway traffic for the local demo, in real time, like the seed article's
 * {@code app.py}: normal, streaming and failing requests (a model that does not exist, answered
 * 404). It drives the real OpenTelemetry Java SDK with the gateway's instruments, bucket bounds,
 * attributes and resource, so the job sees what a gateway would send.
 */
final class DemoTraffic implements AutoCloseable {

  /** A model the demo calls: provider (API type), model name and a typical prompt size. */
  private record DemoModel(String provider, String model, int typicalInputTokens) {}

  private static final List<DemoModel> MODELS =
      List.of(
          new DemoModel("openai", "llama3.2:1b", 40),
          new DemoModel("openai", "gpt-4o-mini", 300),
          new DemoModel("anthropic", "claude-sonnet-4-5", 1200));

  private final SdkMeterProvider meterProvider;
  private final SdkLoggerProvider loggerProvider;
  private final DoubleHistogram duration;
  private final DoubleHistogram timeToFirstToken;
  private final DoubleHistogram timePerOutputToken;
  private final LongHistogram tokenUsage;
  private final Logger accessLog;
  private final Random random = new Random();

  /**
   * The teams of the demo's requests, as the gateway records them with {@code
   * --metricsRequestHeaderAttributes x-team-id:team.id} (null: a request without the header). Run
   * the local job with {@code --attribution.attributes team.id} to see the cells per team.
   */
  private static final String[] TEAMS = {"search", "support", "research", null};

  private static final String TEAM_ATTRIBUTE = "team.id";

  private int requests;

  /** {@code bearerToken} may be null (a receiver without token check). */
  DemoTraffic(String endpoint, String serviceName, String instanceId, String bearerToken) {
    Map<String, String> headers =
        bearerToken == null ? Map.of() : Map.of("authorization", "Bearer " + bearerToken);
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.builder()
                        .put("service.name", serviceName)
                        .put("service.instance.id", instanceId)
                        .put("job_name", "envoy-ai-gateway")
                        .put(GatewayContract.LOG_SERVICE_LAYER, GatewayContract.LOG_LAYER_GATEWAY)
                        .build()));
    meterProvider =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerMetricReader(
                PeriodicMetricReader.builder(
                        OtlpGrpcMetricExporter.builder()
                            .setEndpoint(endpoint)
                            .setHeaders(() -> headers)
                            .setAggregationTemporalitySelector(
                                AggregationTemporalitySelector.deltaPreferred())
                            .build())
                    .setInterval(Duration.ofSeconds(5))
                    .build())
            .build();
    loggerProvider =
        SdkLoggerProvider.builder()
            .setResource(resource)
            .addLogRecordProcessor(
                BatchLogRecordProcessor.builder(
                        OtlpGrpcLogRecordExporter.builder()
                            .setEndpoint(endpoint)
                            .setHeaders(() -> headers)
                            .setInternalTelemetryVersion(InternalTelemetryVersion.LEGACY)
                            .build())
                    .setScheduleDelay(Duration.ofSeconds(2))
                    .build())
            .build();
    Meter meter = meterProvider.get(GatewayContract.SCOPE_NAME);
    duration = histogram(meter, Metric.REQUEST_DURATION);
    timeToFirstToken = histogram(meter, Metric.TIME_TO_FIRST_TOKEN);
    timePerOutputToken = histogram(meter, Metric.TIME_PER_OUTPUT_TOKEN);
    tokenUsage =
        meter
            .histogramBuilder(Metric.TOKEN_USAGE.metricName())
            .ofLongs()
            .setUnit(Metric.TOKEN_USAGE.unit())
            .setExplicitBucketBoundariesAdvice(
                Metric.TOKEN_USAGE.bucketBoundList().stream().map(Double::longValue).toList())
            .build();
    accessLog = loggerProvider.get("envoy-access-log");
  }

  private static DoubleHistogram histogram(Meter meter, Metric metric) {
    return meter
        .histogramBuilder(metric.metricName())
        .setUnit(metric.unit())
        .setExplicitBucketBoundariesAdvice(metric.bucketBoundList())
        .build();
  }

  /** Sends one simulated request's telemetry and returns a one-line description of it. */
  String sendOne() {
    double r = random.nextDouble();
    if (r < 0.2) {
      return failing();
    }
    DemoModel m = MODELS.get(random.nextInt(MODELS.size()));
    boolean streaming = r < 0.5;
    long input = m.typicalInputTokens() / 2 + random.nextInt(m.typicalInputTokens());
    long cached = random.nextBoolean() ? input / 2 : 0;
    long output = 20 + random.nextInt(streaming ? 400 : 150);
    // A streaming request lasts its time to first token plus one interval per further token.
    double ttft = 0.05 + random.nextDouble() * 0.5;
    double tpot = 0.005 + random.nextDouble() * 0.02;
    double seconds = streaming ? ttft + tpot * (output - 1) : 0.2 + random.nextDouble() * 2;
    Attributes base = requestAttributes(m.provider(), m.model(), m.model());
    duration.record(seconds, base);
    tokenUsage.record(input, withTokenType(base, GatewayContract.TOKEN_TYPE_INPUT));
    tokenUsage.record(output, withTokenType(base, GatewayContract.TOKEN_TYPE_OUTPUT));
    if (cached > 0) {
      tokenUsage.record(cached, withTokenType(base, GatewayContract.TOKEN_TYPE_CACHED_INPUT));
    }
    if (streaming) {
      timeToFirstToken.record(ttft, base);
      timePerOutputToken.record(tpot, base);
    }
    emitAccessLog(m.provider(), m.model(), 200, input, output, seconds);
    return String.format(
        "[%s] provider=%s model=%s tokens=%d/%d %.0fms",
        streaming ? "stream" : "ok", m.provider(), m.model(), input, output, seconds * 1000);
  }

  private String failing() {
    double seconds = 0.01 + random.nextDouble() * 0.05;
    AttributesBuilder attributes =
        requestAttributes("openai", "non-existent-model", null).toBuilder();
    attributes.put(GatewayContract.ERROR_TYPE, "_OTHER");
    duration.record(seconds, attributes.build());
    emitAccessLog("openai", "non-existent-model", 404, -1, -1, seconds);
    return "[error] model=non-existent-model status=404";
  }

  private Attributes requestAttributes(String provider, String requestModel, String responseModel) {
    String team = TEAMS[requests++ % TEAMS.length];
    AttributesBuilder builder =
        Attributes.builder()
            .put(GatewayContract.OPERATION_NAME, "chat")
            .put(GatewayContract.PROVIDER_NAME, provider)
            .put(GatewayContract.REQUEST_MODEL, requestModel)
            .put(GatewayContract.ORIGINAL_MODEL, requestModel);
    if (responseModel != null) {
      builder.put(GatewayContract.RESPONSE_MODEL, responseModel);
    }
    if (team != null) {
      builder.put(TEAM_ATTRIBUTE, team);
    }
    return builder.build();
  }

  private static Attributes withTokenType(Attributes base, String type) {
    return base.toBuilder().put(GatewayContract.TOKEN_TYPE, type).build();
  }

  private void emitAccessLog(
      String provider, String model, int status, long input, long output, double seconds) {
    long millis = Math.round(seconds * 1000);
    long startNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - millis);
    String inputText = input < 0 ? "-" : Long.toString(input);
    String outputText = output < 0 ? "-" : Long.toString(output);
    accessLog
        .logRecordBuilder()
        .setTimestamp(startNanos, TimeUnit.NANOSECONDS)
        .setBody(
            String.format(
                "[START] /v1/chat/completions model=%s %d llm_input_token=%s llm_output_token=%s"
                    + " llm_reasoning_token=0 %dms",
                model, status, inputText, outputText, millis))
        .setAllAttributes(
            Attributes.builder()
                .put(GatewayContract.REQUEST_MODEL, model)
                .put(GatewayContract.RESPONSE_MODEL, status == 200 ? model : "-")
                .put(
                    GatewayContract.PROVIDER_NAME,
                    "default/" + provider + "/route/aigw-run/rule/0/ref/0")
                .put(GatewayContract.USAGE_INPUT_TOKENS, inputText)
                .put(GatewayContract.USAGE_OUTPUT_TOKENS, outputText)
                .put(GatewayContract.USAGE_REASONING_TOKENS, status == 200 ? "0" : "-")
                .put("method", "POST")
                .put("request.path", "/v1/chat/completions")
                .put("response_code", Integer.toString(status))
                .put("duration", Long.toString(millis))
                .put("x-request-id", UUID.randomUUID().toString())
                .put("upstream_transport_failure_reason", "-")
                .put(AttributeKey.stringKey("user-agent"), "demo-app/1.0")
                // personal data the default redaction drops (or hashes, with a key)
                .put("x-forwarded-for", "203.0.113." + (1 + random.nextInt(20)))
                .put("downstream_remote_address", "10.0.0." + (1 + random.nextInt(20)) + ":51234")
                .put("session.id", "demo-session-" + random.nextInt(5))
                .build())
        .emit();
  }

  @Override
  public void close() {
    meterProvider.close();
    loggerProvider.close();
  }
}
