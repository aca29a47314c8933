package dev.aigw.insight.job.decode.spans;

import static dev.aigw.insight.job.testing.TestSpans.END;
import static dev.aigw.insight.job.testing.TestSpans.NOW_MS;
import static dev.aigw.insight.job.testing.TestSpans.START;
import static dev.aigw.insight.job.testing.TestSpans.b;
import static dev.aigw.insight.job.testing.TestSpans.chat;
import static dev.aigw.insight.job.testing.TestSpans.chatWith;
import static dev.aigw.insight.job.testing.TestSpans.d;
import static dev.aigw.insight.job.testing.TestSpans.i;
import static dev.aigw.insight.job.testing.TestSpans.s;
import static dev.aigw.insight.job.testing.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.aigw.insight.job.decode.AttributionValues;
import dev.aigw.insight.job.decode.Dimensions;
import dev.aigw.insight.job.decode.spans.SpanCounters.Kind;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.serialization.SpanKey;
import dev.aigw.insight.job.testing.ManualClock;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.schema.genai.GenAiSpanContract;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The span decoder on hand-built OTLP spans: each convention, each rule, each counter. */
class LlmSpanDecoderTest {

  private final LlmSpanDecoder decoder =
      new LlmSpanDecoder(
          PriceTable.loadDefault(),
          new EventTimeBounds(Duration.ofMinutes(5), Duration.ofHours(1), new ManualClock(NOW_MS)),
          256);
  private final List<LlmCall> emitted = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();
  private final DecodeOutput<LlmCall> out =
      new DecodeOutput<>() {
        @Override
        public void emit(LlmCall record) {
          emitted.add(record);
        }

        @Override
        public void reject(long count, String reason) {
          rejected.add(reason);
        }
      };

  @Test
  void currentGenAiNamesGiveEveryValueOfTheCall() {
    decode(
        span(1, 0)
            .addAttributes(s(GenAiSpanContract.OPERATION_NAME, "chat"))
            .addAttributes(s(GenAiSpanContract.PROVIDER_NAME, "openai"))
            .addAttributes(s(GenAiSpanContract.REQUEST_MODEL, "gpt-4o"))
            .addAttributes(s(GenAiSpanContract.RESPONSE_MODEL, "gpt-4o-2024-08-06"))
            .addAttributes(i(GenAiSpanContract.USAGE_INPUT_TOKENS, 1000))
            .addAttributes(i(GenAiSpanContract.USAGE_OUTPUT_TOKENS, 200))
            .addAttributes(i(GenAiSpanContract.USAGE_CACHE_READ_INPUT_TOKENS, 400))
            .addAttributes(i(GenAiSpanContract.USAGE_CACHE_CREATION_INPUT_TOKENS, 100))
            .addAttributes(i(GenAiSpanContract.USAGE_REASONING_OUTPUT_TOKENS, 50))
            .addAttributes(b(GenAiSpanContract.REQUEST_STREAM, true))
            .addAttributes(d(GenAiSpanContract.RESPONSE_TIME_TO_FIRST_CHUNK, 0.25)));

    assertThat(emitted).hasSize(1);
    LlmCall call = emitted.get(0);
    assertThat(call.application).isEqualTo("app");
    assertThat(call.provider).isEqualTo("openai");
    assertThat(call.model).isEqualTo("gpt-4o-2024-08-06");
    assertThat(call.durationMs()).isEqualTo(1500);
    assertThat(call.inputTokens).isEqualTo(1000);
    assertThat(call.outputTokens).isEqualTo(200);
    assertThat(call.cacheReadTokens).isEqualTo(400);
    assertThat(call.cacheCreationTokens).isEqualTo(100);
    assertThat(call.reasoningTokens).isEqualTo(50);
    assertThat(call.stream).isTrue();
    assertThat(call.ttftNanos).isEqualTo(250_000_000L);
    assertThat(call.error).isFalse();
    // gpt-4o: 2.5 input, 1.25 cached, no cache-write price (input), 10 output per million
    long plain = 1000 - 400 - 100;
    assertThat(call.costPicos)
        .isEqualTo(plain * 2_500_000 + 400 * 1_250_000 + 100 * 2_500_000 + 200 * 10_000_000);
    assertThat(call.unpricedTokens).isZero();
    // trace id 7 (16 bytes), span id 1 (8 bytes): TestSpans#span
    assertThat(call.ids).isEqualTo(SpanKey.of(0, 7, 1));
    assertThat(count(Kind.LLM_CALLS)).isEqualTo(1);
  }

  @Test
  void olderNamesAndSkyWalkingTtftAreRead() {
    decode(
        span(1, 0)
            .addAttributes(s(GenAiSpanContract.SYSTEM, "anthropic"))
            .addAttributes(s(GenAiSpanContract.RESPONSE_MODEL, "claude-sonnet-4-5"))
            .addAttributes(i(GenAiSpanContract.USAGE_PROMPT_TOKENS, 30))
            .addAttributes(i(GenAiSpanContract.USAGE_COMPLETION_TOKENS, 7))
            .addAttributes(i(GenAiSpanContract.SERVER_TIME_TO_FIRST_TOKEN, 120))
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)));

    LlmCall call = emitted.get(0);
    assertThat(call.provider).isEqualTo("anthropic");
    assertThat(call.model).isEqualTo("claude-sonnet-4-5");
    assertThat(call.inputTokens).isEqualTo(30);
    assertThat(call.outputTokens).isEqualTo(7);
    assertThat(call.ttftNanos).isEqualTo(120_000_000L);
    assertThat(call.error).isTrue();
  }

  @Test
  void openInferenceAsEnvoyAiGatewayWritesIt() {
    decode(
        span(1, 0)
            .addAttributes(s(GenAiSpanContract.OI_SPAN_KIND, "LLM"))
            .addAttributes(s(GenAiSpanContract.OI_SYSTEM, "openai"))
            .addAttributes(s(GenAiSpanContract.OI_MODEL_NAME, "gpt-4o-mini"))
            .addAttributes(i(GenAiSpanContract.OI_TOKEN_PROMPT, 500))
            .addAttributes(i(GenAiSpanContract.OI_TOKEN_COMPLETION, 60))
            .addAttributes(i(GenAiSpanContract.OI_TOKEN_CACHE_READ, 100))
            .addAttributes(i(GenAiSpanContract.OI_TOKEN_CACHE_CREATION, 20))
            .addAttributes(i(GenAiSpanContract.OI_TOKEN_REASONING, 9))
            .addAttributes(
                s(
                    GenAiSpanContract.OI_INVOCATION_PARAMETERS,
                    "{\"model\":\"gpt-4o-mini\",\"stream\": true}")));

    LlmCall call = emitted.get(0);
    assertThat(call.provider).isEqualTo("openai");
    assertThat(call.model).isEqualTo("gpt-4o-mini");
    assertThat(call.cacheCreationTokens).isEqualTo(20);
    assertThat(call.reasoningTokens).isEqualTo(9);
    assertThat(call.stream).isTrue();
    assertThat(call.ttftNanos).isEqualTo(-1);
  }

  @Test
  void agentToolChainAndUnknownKindsAreNoCalls() {
    decode(
        span(1, 0).addAttributes(s(GenAiSpanContract.OI_SPAN_KIND, "AGENT")),
        span(2, 0).addAttributes(s(GenAiSpanContract.OPERATION_NAME, "execute_tool")),
        span(3, 0).addAttributes(s(GenAiSpanContract.OI_SPAN_KIND, "WIZARD")),
        span(4, 0).addAttributes(s(GenAiSpanContract.OPERATION_NAME, "dream")),
        span(5, 0).addAttributes(s("http.request.method", "GET")));
    assertThat(emitted).isEmpty();
    assertThat(rejected).isEmpty();
    assertThat(count(Kind.NOT_LLM)).isEqualTo(2);
    assertThat(count(Kind.UNKNOWN_KIND)).isEqualTo(2);
  }

  @Test
  void aNestedSpanRepeatingItsParentsCallIsCountedOnce() {
    decode(
        chat(1, 0, "gpt-4o", 10, 5),
        chat(2, 1, "gpt-4o", 10, 5), // an HTTP client span repeating the values
        chat(3, 2, "gpt-4o", 10, 5), // and one more level
        chat(4, 1, "gpt-4o", 99, 5)); // a child that is another call
    assertThat(emitted)
        .extracting(c -> c.ids)
        .containsExactly(SpanKey.of(0, 7, 1), SpanKey.of(0, 7, 4));
    assertThat(count(Kind.NESTED_REPEATS)).isEqualTo(2);
    assertThat(count(Kind.LLM_CALLS)).isEqualTo(2);
  }

  @Test
  void providerAndModelFallBackAndAreCounted() {
    decode(
        span(1, 0)
            .addAttributes(s(GenAiSpanContract.OPERATION_NAME, "chat"))
            .addAttributes(s(GenAiSpanContract.REQUEST_MODEL, "gpt-4o")),
        span(2, 0).addAttributes(s(GenAiSpanContract.OPERATION_NAME, "embeddings")));
    assertThat(emitted.get(0).provider).isEqualTo("openai");
    assertThat(emitted.get(0).model).isEqualTo("gpt-4o");
    assertThat(emitted.get(1).provider).isEqualTo("unknown");
    assertThat(emitted.get(1).model).isEqualTo("unknown");
    assertThat(count(Kind.MODEL_FROM_REQUEST)).isEqualTo(1);
    assertThat(count(Kind.PROVIDER_FROM_MODEL)).isEqualTo(1);
    assertThat(count(Kind.MODEL_MISSING)).isEqualTo(1);
    assertThat(count(Kind.PROVIDER_UNKNOWN)).isEqualTo(1);
  }

  @Test
  void badTokenCountsAreCorrectedOrIgnoredAndCounted() {
    decode(
        chatWith(
            1,
            i(GenAiSpanContract.USAGE_INPUT_TOKENS, -5),
            s(GenAiSpanContract.USAGE_OUTPUT_TOKENS, "42")),
        chatWith(
            2,
            d(GenAiSpanContract.USAGE_INPUT_TOKENS, 10.6),
            i(GenAiSpanContract.USAGE_OUTPUT_TOKENS, 2_000_000_000L)),
        chatWith(
            3,
            s(GenAiSpanContract.USAGE_INPUT_TOKENS, "many"),
            b(GenAiSpanContract.USAGE_OUTPUT_TOKENS, true)),
        chatWith(
            4,
            i(GenAiSpanContract.USAGE_INPUT_TOKENS, 5),
            i(GenAiSpanContract.USAGE_CACHE_READ_INPUT_TOKENS, 8)),
        chatWith(5, d(GenAiSpanContract.RESPONSE_TIME_TO_FIRST_CHUNK, -1)));
    assertThat(emitted).extracting(c -> c.inputTokens).containsExactly(0L, 11L, 0L, 8L, 0L);
    assertThat(emitted).extracting(c -> c.outputTokens).containsExactly(42L, 0L, 0L, 0L, 0L);
    assertThat(emitted.get(4).ttftNanos).isEqualTo(-1);
    assertThat(count(Kind.TOKEN_NEGATIVE)).isEqualTo(1);
    assertThat(count(Kind.TOKEN_STRING)).isEqualTo(1);
    assertThat(count(Kind.TOKEN_FRACTIONAL)).isEqualTo(1);
    assertThat(count(Kind.TOKEN_ABSURD)).isEqualTo(1);
    assertThat(count(Kind.TOKEN_UNREADABLE)).isEqualTo(2);
    assertThat(count(Kind.TOKEN_CACHE_EXCEEDS_INPUT)).isEqualTo(1);
    assertThat(count(Kind.TTFT_INVALID)).isEqualTo(1);
  }

  @Test
  void unusableSpansAreRejectedAndCounted() {
    decode(
        chat(1, 0, "gpt-4o", 1, 1).setEndTimeUnixNano(START - 1),
        chat(2, 0, "gpt-4o", 1, 1).setEndTimeUnixNano(0),
        chat(3, 0, "gpt-4o", 1, 1).setSpanId(ByteString.EMPTY),
        chat(4, 0, "gpt-4o", 1, 1)
            .setStartTimeUnixNano(END + 3_600_000_000_000L)
            .setEndTimeUnixNano(END + 3_600_000_000_001L));
    assertThat(emitted).isEmpty();
    assertThat(rejected).hasSize(4);
    assertThat(count(Kind.END_BEFORE_START)).isEqualTo(1);
    assertThat(count(Kind.MISSING_TIME)).isEqualTo(1);
    assertThat(count(Kind.INVALID_ID)).isEqualTo(1);
    assertThat(count(Kind.TIME_OUT_OF_RANGE)).isEqualTo(1);
  }

  @Test
  void attributionValuesComeFromTheSpanElseItsResourceByTheMetricsRules(@TempDir Path dir)
      throws Exception {
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, "span-attribution-key-0123456789\n");
    AttributionValues values =
        new AttributionValues(
            AttributionConfig.of(
                "team.id,tenant.id,api.key", "api.key", 1000, keyFile.toString(), null),
            256,
            128);
    LlmSpanDecoder attributed =
        new LlmSpanDecoder(
            PriceTable.loadDefault(),
            new EventTimeBounds(
                Duration.ofMinutes(5), Duration.ofHours(1), new ManualClock(NOW_MS)),
            256,
            values);
    byte[] invalidUtf8 = {'t', (byte) 0xff, 'x'};
    String huge = "t".repeat(300);
    Resource.Builder resource =
        Resource.newBuilder()
            .addAttributes(s("service.name", "app"))
            .addAttributes(s("team.id", "platform"))
            .addAttributes(s("tenant.id", "acme"));
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            // the span's own team wins over the resource's; tenant from the resource
            .addSpans(chatWith(1, s("team.id", "red"), s("api.key", "sk-red")))
            // nothing on the span: the resource's team and tenant, no key
            .addSpans(chatWith(2))
            // an empty team on the span: none (it does not fall back to the resource)
            .addSpans(chatWith(3, s("team.id", ""), s("tenant.id", huge)))
            .addSpans(
                chatWith(
                    4,
                    KeyValue.newBuilder()
                        .setKey("team.id")
                        .setValue(
                            AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(invalidUtf8)))
                        .build()));
    attributed.decodeTraces(
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(s("service.name", "bare")))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(chatWith(5))))
            .build(),
        out);

    assertThat(emitted).hasSize(5);
    assertThat(emitted.get(0).attribution)
        .containsExactly("red", "acme", hmac("span-attribution-key-0123456789", "sk-red"));
    assertThat(emitted.get(1).attribution).containsExactly("platform", "acme", "none");
    assertThat(emitted.get(2).attribution[0]).isEqualTo("none");
    assertThat(emitted.get(2).attribution[1])
        .isEqualTo(Dimensions.bound(huge, 256))
        .isNotEqualTo(huge);
    assertThat(emitted.get(3).attribution[0]).isEqualTo("t\uFFFDx");
    assertThat(emitted.get(4).attribution).containsExactly("none", "none", "none");
    assertThat(emitted).noneMatch(c -> String.join(",", c.attribution).contains("sk-"));

    // without attribution configured the calls carry none
    decode(chatWith(6));
    assertThat(emitted.get(5).attribution).isNull();
  }

  private static String hmac(String key, String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of()
        .formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)))
        .substring(0, AttributionValues.HASH_HEX_CHARS);
  }

  private long count(Kind kind) {
    return decoder.counters().count(kind);
  }

  private void decode(Span.Builder... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span.Builder span : spans) {
      scope.addSpans(span);
    }
    decoder.decodeTraces(
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(s("service.name", "app")))
                    .addScopeSpans(scope))
            .build(),
        out);
  }

  @Test
  void idsReadFromTheirBytesAreTheKeyTheirHexGave() {
    // the keys of restored deduplication state were made from the ids' hex: the same longs, the
    // same key groups
    java.util.Random random = new java.util.Random(17);
    java.util.HexFormat hex = java.util.HexFormat.of();
    for (int i = 0; i < 1_000; i++) {
      byte[] bytes = new byte[40];
      random.nextBytes(bytes);
      SpanKey fromBytes = LlmSpanDecoder.ids(bytes, 3, 16, 30, 8);
      SpanKey fromHex = SpanKey.of(hex.formatHex(bytes, 3, 19), hex.formatHex(bytes, 30, 38));
      assertThat(fromBytes).isEqualTo(fromHex).hasSameHashCodeAs(fromHex);
      assertThat(fromBytes.hash64()).isEqualTo(fromHex.hash64());
    }
    byte[] zeros = new byte[24];
    byte[] ones = new byte[24];
    java.util.Arrays.fill(ones, (byte) 1);
    assertThat(LlmSpanDecoder.ids(zeros, 0, 16, 16, 8)).as("all-zero trace id").isNull();
    assertThat(LlmSpanDecoder.ids(ones, 0, 16, 16, 8)).isNotNull();
    System.arraycopy(zeros, 0, ones, 16, 8);
    assertThat(LlmSpanDecoder.ids(ones, 0, 16, 16, 8)).as("all-zero span id").isNull();
    assertThat(LlmSpanDecoder.ids(ones, 0, 15, 16, 8)).as("short trace id").isNull();
    assertThat(LlmSpanDecoder.ids(ones, 0, 16, 15, 9)).as("long span id").isNull();
  }
}
