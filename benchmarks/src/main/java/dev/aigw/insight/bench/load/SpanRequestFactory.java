package dev.aigw.insight.bench.load;

import static dev.aigw.insight.schema.genai.GenAiSpanContract.ERROR_TYPE;
import static dev.aigw.insight.schema.genai.GenAiSpanContract.OPERATION_NAME;
import static dev.aigw.insight.schema.genai.GenAiSpanContract.PROVIDER_NAME;
import static dev.aigw.insight.schema.genai.GenAiSpanContract.REQUEST_MODEL;
import static dev.aigw.insight.schema.genai.GenAiSpanContract.REQUEST_STREAM;
import static dev.aigw.insight.schema.genai.GenAiSpanContract.RESPONSE_MODEL;
import static dev.aigw.insight.schema.genai.GenAiSpanContract.RESPONSE_TIME_TO_FIRST_CHUNK;
import static dev.aigw.insight.schema.genai.GenAiSpanContract.USAGE_CACHE_READ_INPUT_TOKENS;
import static dev.aigw.insight.schema.genai.GenAiSpanContract.USAGE_INPUT_TOKENS;
import static dev.aigw.insight.schema.genai.GenAiSpanContract.USAGE_OUTPUT_TOKENS;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the OTLP trace export requests of the LLM-span load: one application's SDK batch of {@link
 * SpanShape#spansPerRequest()} client spans, each an LLM call in the OpenTelemetry GenAI
 * conventions' current names ({@link dev.aigw.insight.schema.genai.GenAiSpanContract}), plus the
 * attributes an instrumentation sends beside them (server address, temperature, response id).
 * Deterministic (seeded): the same shape gives the same bytes.
 *
 * <p>Every 20th span fails (status ERROR and {@code error.type}); every 2nd is streamed and carries
 * its time to first chunk; every 3rd reads from the prompt cache; every span has a parent span that
 * is not in the request (the application's own request span), as an instrumented service sends.
 */
public final class SpanRequestFactory {

  /** One span in this many fails. */
  public static final int ERROR_EVERY = 20;

  static final List<String> PROVIDERS =
      List.of(
          "openai",
          "anthropic",
          "aws.bedrock",
          "gcp.vertex_ai",
          "azure.ai.openai",
          "mistral_ai",
          "deepseek",
          "groq",
          "cohere",
          "x_ai");

  static final List<String> MODELS =
      List.of(
          "gpt-4o",
          "gpt-4o-mini",
          "claude-sonnet-4",
          "claude-3-5-haiku",
          "gemini-2.0-flash",
          "mistral-large",
          "deepseek-chat",
          "llama-3.1-70b");

  private final SpanShape shape;

  public SpanRequestFactory(SpanShape shape) {
    this.shape = shape;
  }

  /** The provider name of provider index {@code p}. */
  static String provider(int p) {
    return p < PROVIDERS.size() ? PROVIDERS.get(p) : "provider-" + p;
  }

  /** The model name of model {@code m} of provider {@code p}. */
  static String model(int p, int m) {
    return MODELS.get((p + m) % MODELS.size()) + "-" + p + "." + m;
  }

  /** The application name of application {@code a}. */
  static String application(int a) {
    return "llm-app-" + a;
  }

  /**
   * Request {@code r} of application {@code a}: its spans take the application's (provider, model)
   * pairs from {@code r * spansPerRequest} on, round robin.
   */
  public SpanRequest request(int a, int r) {
    SplittableRandom random = new SplittableRandom(31L * a + r);
    int n = shape.spansPerRequest();
    int pairs = shape.providers() * shape.modelsPerProvider();
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(
                InstrumentationScope.newBuilder()
                    .setName("opentelemetry.instrumentation.openai_v2")
                    .setVersion("2.1b0"));
    byte[][] traceIds = new byte[n][];
    long[] endBack = new long[n];
    long[] duration = new long[n];
    long errors = 0;
    long input = 0;
    long output = 0;
    for (int i = 0; i < n; i++) {
      int pair = (int) (((long) r * n + i) % pairs);
      int p = pair / shape.modelsPerProvider();
      int m = pair % shape.modelsPerProvider();
      traceIds[i] = randomId(random, 16);
      duration[i] = 200_000_000L + random.nextLong(4_800_000_000L);
      endBack[i] = (long) i * 1_000_000L; // the batch's spans ended over the last 0.1 s
      long in = 50 + random.nextLong(4_000);
      long out = 10 + random.nextLong(1_000);
      boolean error = i % ERROR_EVERY == ERROR_EVERY - 1;
      boolean stream = i % 2 == 0;
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(traceIds[i]))
              .setSpanId(ByteString.copyFrom(randomId(random, 8)))
              .setParentSpanId(ByteString.copyFrom(randomId(random, 8)))
              .setName("chat " + model(p, m))
              .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
              .setStartTimeUnixNano(START_SENTINEL + i)
              .setEndTimeUnixNano(END_SENTINEL + i)
              .addAttributes(text(OPERATION_NAME, "chat"))
              .addAttributes(text(PROVIDER_NAME, provider(p)))
              .addAttributes(text(REQUEST_MODEL, model(p, m)))
              .addAttributes(text(RESPONSE_MODEL, model(p, m)))
              .addAttributes(
                  text("gen_ai.response.id", "chatcmpl-" + Long.toHexString(random.nextLong())))
              .addAttributes(text("server.address", "api." + provider(p) + ".example.com"))
              .addAttributes(integer("server.port", 443))
              .addAttributes(dbl("gen_ai.request.temperature", 0.7))
              .addAttributes(integer("gen_ai.request.max_tokens", 2048))
              .addAttributes(integer(USAGE_INPUT_TOKENS, in))
              .addAttributes(integer(USAGE_OUTPUT_TOKENS, out));
      if (i % 3 == 0) {
        span.addAttributes(integer(USAGE_CACHE_READ_INPUT_TOKENS, in / 2));
      }
      if (stream) {
        span.addAttributes(bool(REQUEST_STREAM, true))
            .addAttributes(dbl(RESPONSE_TIME_TO_FIRST_CHUNK, duration[i] * 0.2 / 1e9));
      }
      if (error) {
        span.addAttributes(text(ERROR_TYPE, "timeout"))
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        errors++;
      }
      input += in;
      output += out;
      scope.addSpans(span);
    }
    Resource resource =
        Resource.newBuilder()
            .addAttributes(text("service.name", application(a)))
            .addAttributes(text("service.version", "1.4.2"))
            .addAttributes(text("telemetry.sdk.name", "opentelemetry"))
            .addAttributes(text("telemetry.sdk.language", "python"))
            .addAttributes(text("telemetry.sdk.version", "1.33.0"))
            .addAttributes(text("host.name", application(a) + "-7f9c4d-x2k8q"))
            .build();
    byte[] bytes =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope))
            .build()
            .toByteArray();
    int[] traceOffsets = new int[n];
    int[] startOffsets = new int[n];
    int[] endOffsets = new int[n];
    for (int i = 0; i < n; i++) {
      traceOffsets[i] = indexOf(bytes, traceIds[i]);
      startOffsets[i] = indexOf(bytes, (byte) 0x39, START_SENTINEL + i);
      endOffsets[i] = indexOf(bytes, (byte) 0x41, END_SENTINEL + i);
    }
    return new SpanRequest(
        bytes,
        traceOffsets,
        startOffsets,
        endOffsets,
        endBack,
        duration,
        new RequestTotals(0, n, errors, input, output, n, 0));
  }

  // Sentinel timestamps (fixed64, unique per span) whose positions the stamping patches.
  private static final long START_SENTINEL = 0x3a5c_0000_0000_0000L;
  private static final long END_SENTINEL = 0x4b6d_0000_0000_0000L;

  private static byte[] randomId(SplittableRandom random, int length) {
    byte[] id = new byte[length];
    for (int i = 0; i < length; i++) {
      id[i] = (byte) (1 + random.nextInt(255));
    }
    return id;
  }

  /** Offset of the 8 little-endian bytes of {@code value} after {@code tag}. */
  private static int indexOf(byte[] bytes, byte tag, long value) {
    byte[] pattern = new byte[9];
    pattern[0] = tag;
    for (int i = 0; i < 8; i++) {
      pattern[1 + i] = (byte) (value >>> (8 * i));
    }
    return indexOf(bytes, pattern) + 1;
  }

  private static int indexOf(byte[] bytes, byte[] pattern) {
    int found = -1;
    outer:
    for (int i = 0; i <= bytes.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      if (found >= 0) {
        throw new IllegalStateException("Sentinel found twice in the encoded request");
      }
      found = i;
    }
    if (found < 0) {
      throw new IllegalStateException("Sentinel not found in the encoded request");
    }
    return found;
  }

  private static KeyValue text(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static KeyValue dbl(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }

  private static KeyValue bool(String key, boolean value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setBoolValue(value))
        .build();
  }
}
