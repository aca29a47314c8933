package dev.aigw.insight.local;

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

  private static final List<Long> TOKEN_BOUNDS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);
  private static final List<Double> DURATION_BOUNDS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  private static final List<Double> TTFT_BOUNDS =
      List.of(
          0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
          10.0, 15.0, 20.0, 30.0, 45.0, 60.0);
  private static final List<Double> TPOT_BOUNDS =
      List.of(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);

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
                        .put("service.layer", "ENVOY_AI_GATEWAY")
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
    Meter meter = meterProvider.get("envoyproxy/ai-gateway");
    duration = histogram(meter, "gen_ai.server.request.duration", "s", DURATION_BOUNDS);
    timeToFirstToken = histogram(meter, "gen_ai.server.time_to_first_token", "s", TTFT_BOUNDS);
    timePerOutputToken = histogram(meter, "gen_ai.server.time_per_output_token", "s", TPOT_BOUNDS);
    tokenUsage =
        meter
            .histogramBuilder("gen_ai.client.token.usage")
            .ofLongs()
            .setUnit("token")
            .setExplicitBucketBoundariesAdvice(TOKEN_BOUNDS)
            .build();
    accessLog = loggerProvider.get("envoy-access-log");
  }

  private static DoubleHistogram histogram(
      Meter meter, String name, String unit, List<Double> bounds) {
    return meter
        .histogramBuilder(name)
        .setUnit(unit)
        .setExplicitBucketBoundariesAdvice(bounds)
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
    tokenUsage.record(input, withTokenType(base, "input"));
    tokenUsage.record(output, withTokenType(base, "output"));
    if (cached > 0) {
      tokenUsage.record(cached, withTokenType(base, "cached_input"));
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
    attributes.put("error.type", "_OTHER");
    duration.record(seconds, attributes.build());
    emitAccessLog("openai", "non-existent-model", 404, -1, -1, seconds);
    return "[error] model=non-existent-model status=404";
  }

  private static Attributes requestAttributes(
      String provider, String requestModel, String responseModel) {
    AttributesBuilder builder =
        Attributes.builder()
            .put("gen_ai.operation.name", "chat")
            .put("gen_ai.provider.name", provider)
            .put("gen_ai.request.model", requestModel)
            .put("gen_ai.original.model", requestModel);
    if (responseModel != null) {
      builder.put("gen_ai.response.model", responseModel);
    }
    return builder.build();
  }

  private static Attributes withTokenType(Attributes base, String type) {
    return base.toBuilder().put("gen_ai.token.type", type).build();
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
                .put("gen_ai.request.model", model)
                .put("gen_ai.response.model", status == 200 ? model : "-")
                .put("gen_ai.provider.name", "default/" + provider + "/route/aigw-run/rule/0/ref/0")
                .put("gen_ai.usage.input_tokens", inputText)
                .put("gen_ai.usage.output_tokens", outputText)
                .put("gen_ai.usage.reasoning_tokens", status == 200 ? "0" : "-")
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
