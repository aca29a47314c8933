package dev.aigw.insight.bench.load;

import dev.aigw.insight.schema.gateway.GatewayContract;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.SplittableRandom;

/**
 * Builds the access-log export requests Envoy sends for an AI Gateway (see the telemetry contract):
 * one record per LLM request, every attribute a string, {@code -} when missing. Most records are
 * ordinary successful requests that the default sampling drops; the rest are the kinds it keeps
 * (status at or above 400, upstream failures, large token counts, missing token counts).
 */
public final class AccessLogRequestFactory {

  /** Token threshold of the default sampling policy (input + output). */
  public static final int DEFAULT_TOKEN_THRESHOLD = 10_000;

  private final GatewayShape shape;
  private final int recordsPerRequest;
  private final double keptFraction;

  /**
   * @param recordsPerRequest log records batched into one export request
   * @param keptFraction share of records the default policy keeps (for example 0.1)
   */
  public AccessLogRequestFactory(GatewayShape shape, int recordsPerRequest, double keptFraction) {
    if (recordsPerRequest < 1) {
      throw new IllegalArgumentException(
          "Option 'records-per-request' must be at least 1 but was " + recordsPerRequest);
    }
    if (keptFraction < 0 || keptFraction > 1) {
      throw new IllegalArgumentException(
          "Option 'kept-fraction' must be in [0, 1] but was " + keptFraction);
    }
    this.shape = shape;
    this.recordsPerRequest = recordsPerRequest;
    this.keptFraction = keptFraction;
  }

  /** The access-log batch of pod {@code pod}, drawn from {@code seed}. */
  public PreSerializedRequest request(int pod, long seed) {
    int gateway = pod / shape.podsPerGateway();
    int podOfGateway = pod % shape.podsPerGateway();
    SplittableRandom random = new SplittableRandom(seed * 7_000_003L + pod);
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    long kept = 0;
    for (int i = 0; i < recordsPerRequest; i++) {
      int provider = random.nextInt(shape.providers());
      int model = random.nextInt(shape.modelsPerProvider());
      boolean keep = random.nextDouble() < keptFraction;
      kept += keep ? 1 : 0;
      scope.addLogRecords(
          record(random, gateway, podOfGateway, provider, model, keep ? 1 + random.nextInt(4) : 0));
    }
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                MetricsRequestFactory.string(
                                    "service.name", GatewayShape.serviceName(gateway)))
                            .addAttributes(
                                MetricsRequestFactory.string(
                                    GatewayContract.LOG_SERVICE_LAYER,
                                    GatewayContract.LOG_LAYER_GATEWAY))
                            .addAttributes(
                                MetricsRequestFactory.string(
                                    "service.instance.id",
                                    GatewayShape.podName(gateway, podOfGateway)))
                            .addAttributes(
                                MetricsRequestFactory.string("log_name", "aigw-access-log")))
                    .addScopeLogs(scope))
            .build();
    byte[] bytes = request.toByteArray();
    int[] times =
        Sentinels.find(bytes, MetricsRequestFactory.TIME_SENTINEL, (byte) 0x09, recordsPerRequest);
    return new PreSerializedRequest(
        bytes,
        new int[0],
        times,
        new RequestTotals(0, 0, 0, 0, 0, recordsPerRequest, kept),
        PreSerializedRequest.findIdSlots(bytes));
  }

  /**
   * One record; {@code keepKind} 0 is an ordinary request the policy drops, 1 a 404, 2 an upstream
   * failure, 3 a large request, 4 a record without token counts.
   */
  private static LogRecord record(
      SplittableRandom random, int gateway, int pod, int provider, int model, int keepKind) {
    String modelName = GatewayShape.modelName(provider, model);
    int status = keepKind == 1 ? 404 : keepKind == 2 ? 503 : 200;
    long input = keepKind == 3 ? 12_000 + random.nextInt(50_000) : 10 + random.nextInt(3_000);
    long output = keepKind == 3 ? 500 : 5 + random.nextInt(1_500);
    String inputTokens = keepKind == 4 ? "-" : Long.toString(input);
    String outputTokens = keepKind == 4 ? "-" : Long.toString(output);
    long durationMs = 80 + random.nextInt(6_000);
    // unique per send: the log index keys documents by x-request-id (the slot is the send's number)
    String requestId = String.format("%016x", random.nextLong()) + PreSerializedRequest.ID_SLOT;
    String body =
        "[START] /v1/chat/completions model="
            + modelName
            + " "
            + status
            + " llm_input_token="
            + inputTokens
            + " llm_output_token="
            + outputTokens
            + " llm_reasoning_token=0 "
            + durationMs
            + "ms";
    LogRecord.Builder record =
        LogRecord.newBuilder()
            .setTimeUnixNano(MetricsRequestFactory.TIME_SENTINEL)
            .setBody(AnyValue.newBuilder().setStringValue(body));
    attribute(record, GatewayContract.REQUEST_MODEL, modelName);
    attribute(record, GatewayContract.RESPONSE_MODEL, modelName);
    attribute(
        record,
        GatewayContract.PROVIDER_NAME,
        "default/" + GatewayShape.providerName(provider) + "/route/aigw-run/rule/0/ref/0");
    attribute(record, GatewayContract.USAGE_INPUT_TOKENS, inputTokens);
    attribute(record, GatewayContract.USAGE_OUTPUT_TOKENS, outputTokens);
    attribute(record, GatewayContract.USAGE_REASONING_TOKENS, "0");
    attribute(record, "session.id", "-");
    attribute(record, "start_time", "2026-11-26T17:00:00.000Z");
    attribute(record, "method", "POST");
    attribute(record, "request.path", "/v1/chat/completions");
    attribute(record, "x-envoy-origin-path", "/v1/chat/completions");
    attribute(record, "response_code", Integer.toString(status));
    attribute(record, "duration", Long.toString(durationMs));
    attribute(record, "bytes_received", Integer.toString(200 + random.nextInt(4_000)));
    attribute(record, "bytes_sent", Integer.toString(200 + random.nextInt(8_000)));
    attribute(record, "x-envoy-upstream-service-time", Long.toString(durationMs - 3));
    attribute(record, "x-forwarded-for", "10.0." + random.nextInt(256) + "." + random.nextInt(256));
    attribute(record, "user-agent", "OpenAI/Python 1.54.4");
    attribute(record, "x-request-id", requestId);
    attribute(record, "upstream_host", "10.1.0." + random.nextInt(256) + ":443");
    attribute(record, "upstream_cluster", "httproute/default/aigw-run/rule/0");
    attribute(record, "connection_termination_details", "-");
    attribute(
        record,
        "upstream_transport_failure_reason",
        keepKind == 2 ? "delayed_connect_error:_Connection_refused" : "-");
    attribute(record, "k8s.namespace.name", "envoy-gateway-system");
    attribute(record, "k8s.pod.name", GatewayShape.podName(gateway, pod));
    return record.build();
  }

  private static void attribute(LogRecord.Builder record, String key, String value) {
    record.addAttributes(MetricsRequestFactory.string(key, value));
  }
}
