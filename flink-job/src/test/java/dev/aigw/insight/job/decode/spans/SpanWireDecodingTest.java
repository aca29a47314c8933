package dev.aigw.insight.job.decode.spans;

import static dev.aigw.insight.job.testing.TestSpans.END;
import static dev.aigw.insight.job.testing.TestSpans.NOW_MS;
import static dev.aigw.insight.job.testing.TestSpans.START;
import static dev.aigw.insight.job.testing.TestSpans.b;
import static dev.aigw.insight.job.testing.TestSpans.bytes;
import static dev.aigw.insight.job.testing.TestSpans.chat;
import static dev.aigw.insight.job.testing.TestSpans.chatWith;
import static dev.aigw.insight.job.testing.TestSpans.d;
import static dev.aigw.insight.job.testing.TestSpans.i;
import static dev.aigw.insight.job.testing.TestSpans.kv;
import static dev.aigw.insight.job.testing.TestSpans.s;
import static dev.aigw.insight.job.testing.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.decode.AttributionValues;
import dev.aigw.insight.job.decode.spans.SpanCounters.Kind;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.testing.ManualClock;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.schema.genai.GenAiSpanContract;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire-format span reading against the object path, request by request: the same calls in the
 * same order, the same rejects, the same counters, and an {@link InvalidProtocolBufferException}
 * (with the same message) exactly when {@code ExportTraceServiceRequest.parseFrom} throws one. The
 * requests: every convention and rule of {@link LlmSpanDecoderTest}, application traces that are
 * mostly not LLM calls, the shapes left to the full parse, random requests, and their truncations
 * and random mutations.
 */
class SpanWireDecodingTest {

  private static final int SPAN_TAG = 2 << 3 | 2;
  private static final int ATTRIBUTE_TAG = 9 << 3 | 2;
  private static final int STATUS_TAG = 15 << 3 | 2;

  @Test
  void eachConventionAndRuleOfTheObjectPathGivesTheSameOutcome() throws Exception {
    Pair pair = new Pair(null);
    for (byte[] request : conventionRequests()) {
      pair.assertSame(request);
    }
    assertThat(pair.wire.counters().count(Kind.WIRE_FALLBACKS)).isZero();
    assertThat(pair.wire.counters().count(Kind.LLM_CALLS)).isEqualTo(15);
  }

  @Test
  void applicationTracesAreMostlySkippedAndGiveTheSameOutcome() throws Exception {
    Pair pair = new Pair(null);
    byte[] request = applicationTrace(new SplittableRandom(3), 200);
    List<String> outcome = pair.assertSame(request);
    assertThat(outcome).anyMatch(line -> line.startsWith("emit"));
    assertThat(pair.wire.counters().count(Kind.WIRE_FALLBACKS)).isZero();
  }

  @Test
  void unusualShapesAreLeftToTheFullParseWithTheSameOutcome() throws Exception {
    Pair pair = new Pair(null);
    Span llm = chat(1, 0, "gpt-4o", 10, 5).build();
    byte[] spanBytes = llm.toByteArray();
    // two status fields (merged by protobuf)
    byte[] twoStatus =
        concat(
            spanBytes,
            field(STATUS_TAG, Status.newBuilder().setMessage("x").build().toByteArray()),
            field(
                STATUS_TAG,
                Status.newBuilder()
                    .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .build()
                    .toByteArray()));
    pair.assertSame(request(resourceWith("app"), field(SPAN_TAG, twoStatus)));
    // two resources, and a resource after its scopes
    byte[] scope = field(SPAN_TAG, spanBytes);
    byte[] resourceField = field(1 << 3 | 2, resourceWith("app").toByteArray());
    byte[] other = field(1 << 3 | 2, resourceWith("other").toByteArray());
    pair.assertSame(resourceSpans(concat(resourceField, other, field(2 << 3 | 2, scope))));
    pair.assertSame(resourceSpans(concat(field(2 << 3 | 2, scope), resourceField)));
    // a contract attribute with two values (merged)
    byte[] twoValues =
        concat(
            field(1 << 3 | 2, GenAiSpanContract.USAGE_INPUT_TOKENS.getBytes()),
            field(2 << 3 | 2, AnyValue.newBuilder().setIntValue(3).build().toByteArray()),
            field(2 << 3 | 2, AnyValue.newBuilder().setStringValue("4").build().toByteArray()));
    pair.assertSame(
        request(
            resourceWith("app"), field(SPAN_TAG, concat(spanBytes, field(9 << 3 | 2, twoValues)))));
    // a known field with another wire type (kept as unknown by protobuf)
    byte[] wrongType = concat(spanBytes, varintField(7 << 3, 5));
    pair.assertSame(request(resourceWith("app"), field(SPAN_TAG, wrongType)));
    assertThat(pair.wire.counters().count(Kind.WIRE_FALLBACKS)).isEqualTo(5);
  }

  @Test
  void oddButExactShapesAreReadOnTheWire() throws Exception {
    Pair pair = new Pair(null);
    byte[] spanBytes = chat(1, 0, "gpt-4o", 10, 5).build().toByteArray();
    List<byte[]> spans = new ArrayList<>();
    // the value before the key; a repeated key (the last counts); a key without a value
    spans.add(
        concat(
            spanBytes,
            field(
                ATTRIBUTE_TAG,
                concat(
                    field(2 << 3 | 2, AnyValue.newBuilder().setIntValue(77).build().toByteArray()),
                    field(1 << 3 | 2, GenAiSpanContract.USAGE_OUTPUT_TOKENS.getBytes()))),
            field(
                ATTRIBUTE_TAG,
                concat(
                    field(1 << 3 | 2, GenAiSpanContract.USAGE_INPUT_TOKENS.getBytes()),
                    field(1 << 3 | 2, "other.key".getBytes()),
                    field(
                        2 << 3 | 2, AnyValue.newBuilder().setIntValue(99).build().toByteArray()))),
            field(
                ATTRIBUTE_TAG,
                field(1 << 3 | 2, GenAiSpanContract.USAGE_CACHE_READ_INPUT_TOKENS.getBytes()))));
    // an AnyValue with two fields (the last wins), unknown fields everywhere, ids repeated
    byte[] twoFields =
        concat(field(1 << 3 | 2, "12".getBytes()), varintField(3 << 3, 40), varintField(2 << 3, 1));
    spans.add(
        concat(
            spanBytes,
            field(
                ATTRIBUTE_TAG,
                concat(
                    field(1 << 3 | 2, GenAiSpanContract.USAGE_INPUT_TOKENS.getBytes()),
                    field(2 << 3 | 2, concat(twoFields, varintField(40 << 3, 1))),
                    varintField(30 << 3, 9))),
            varintField(50 << 3, 1),
            field(2 << 3 | 2, new byte[] {0, 0, 0, 0, 0, 0, 0, 9}),
            field(
                STATUS_TAG,
                concat(
                    Status.newBuilder()
                        .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .build()
                        .toByteArray(),
                    varintField(9 << 3, 3)))));
    // a status code no enum value names
    spans.add(concat(spanBytes, field(STATUS_TAG, varintField(3 << 3, 7))));
    for (byte[] span : spans) {
      pair.assertSame(
          request(
              resourceWith("app"),
              concat(
                  field(SPAN_TAG, span),
                  varintField(60 << 3, 2),
                  field(3 << 3 | 2, "u".getBytes()))));
    }
    assertThat(pair.wire.counters().count(Kind.WIRE_FALLBACKS)).isZero();
  }

  @Test
  void attributionReadsTheSameValues(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, "span-attribution-key-0123456789\n");
    Pair pair =
        new Pair(
            new AttributionValues(
                AttributionConfig.of(
                    "team.id,tenant.id,api.key", "api.key", 1000, keyFile.toString(), null),
                256,
                128));
    Resource resource =
        Resource.newBuilder()
            .addAttributes(s("service.name", "app"))
            .addAttributes(s("team.id", "platform"))
            .addAttributes(s("tenant.id", "acme"))
            .build();
    ScopeSpans scope =
        ScopeSpans.newBuilder()
            .addSpans(chat(1, 0, "gpt-4o", 1, 2).addAttributes(s("team.id", "red")))
            .addSpans(chat(2, 0, "gpt-4o", 1, 2).addAttributes(s("api.key", "sk-red")))
            .addSpans(chat(3, 0, "gpt-4o", 1, 2).addAttributes(s("team.id", "")))
            .build();
    pair.assertSame(
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope))
            .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
            .build()
            .toByteArray());
    for (byte[] request : conventionRequests()) {
      pair.assertSame(request);
    }
    assertThat(pair.wire.counters().count(Kind.WIRE_FALLBACKS)).isZero();
  }

  @Test
  void randomRequestsGiveTheSameOutcome() throws Exception {
    Pair pair = new Pair(null);
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 400; i++) {
      pair.assertSame(randomRequest(random));
    }
    assertThat(pair.wire.counters().count(Kind.WIRE_FALLBACKS)).isZero();
  }

  @Test
  void truncatedGarbageAndMutatedBytesGiveTheSameOutcome() throws Exception {
    Pair pair = new Pair(null);
    SplittableRandom random = new SplittableRandom(29);
    byte[] valid = randomRequest(random);
    for (int length = 0; length < valid.length; length++) {
      pair.assertSame(Arrays.copyOf(valid, length));
    }
    for (int i = 0; i < 300; i++) {
      byte[] garbage = new byte[random.nextInt(1, 200)];
      for (int j = 0; j < garbage.length; j++) {
        garbage[j] = (byte) random.nextInt(256);
      }
      pair.assertSame(garbage);
    }
    List<byte[]> seeds = new ArrayList<>(conventionRequests());
    for (int i = 0; i < 20; i++) {
      seeds.add(randomRequest(random));
    }
    int refused = 0;
    for (int i = 0; i < 6000; i++) {
      byte[] mutated = mutate(seeds.get(random.nextInt(seeds.size())), random);
      if (pair.assertSame(mutated).get(0).startsWith("throws")) {
        refused++;
      }
    }
    // the mutations hit both outcomes, and most accepted ones are read on the wire
    assertThat(refused).isBetween(1, 5999);
    assertThat(pair.wire.counters().count(Kind.WIRE_FALLBACKS)).isLessThan((6000 - refused) / 2);
  }

  @Test
  void theCallsOfOneRequestShareTheirNames() throws Exception {
    // one String per distinct name and request: the serializers match names by identity first
    List<LlmCall> calls = new ArrayList<>();
    new Pair(null)
        .wire.decodeSerializedTraces(
            one(chat(1, 0, "gpt-4o", 10, 5), chat(2, 0, "gpt-4o", 20, 5), chat(3, 0, "o1", 1, 1)),
            new DecodeOutput<>() {
              @Override
              public void emit(LlmCall call) {
                calls.add(call);
              }

              @Override
              public void reject(long count, String reason) {
                throw new AssertionError(reason);
              }
            });
    assertThat(calls).extracting(c -> c.model).containsExactly("gpt-4o", "gpt-4o", "o1");
    assertThat(calls.get(1).model).isSameAs(calls.get(0).model);
    assertThat(calls.get(2).provider).isSameAs(calls.get(0).provider);
    assertThat(calls.get(2).application).isSameAs(calls.get(0).application);
  }

  // --- the two paths --------------------------------------------------------------------------

  /** Two decoders of one configuration: one decodes parsed requests, the other the bytes. */
  private static final class Pair {
    final LlmSpanDecoder objects;
    final LlmSpanDecoder wire;

    Pair(AttributionValues attribution) {
      objects = decoder(attribution);
      wire = decoder(attribution);
    }

    private static LlmSpanDecoder decoder(AttributionValues attribution) {
      return new LlmSpanDecoder(
          PriceTable.loadDefault(),
          new EventTimeBounds(Duration.ofMinutes(5), Duration.ofHours(1), new ManualClock(NOW_MS)),
          256,
          attribution);
    }

    /** Asserts both paths give the same outcome for {@code request}, and returns it. */
    List<String> assertSame(byte[] request) throws Exception {
      long[] before = counts(objects);
      long[] wireBefore = counts(wire);
      Recorder byObjects = new Recorder();
      try {
        objects.decodeTraces(ExportTraceServiceRequest.parseFrom(request), byObjects);
      } catch (InvalidProtocolBufferException e) {
        byObjects.lines.add("throws " + e.getMessage());
      }
      Recorder byWire = new Recorder();
      try {
        wire.decodeSerializedTraces(request, byWire);
      } catch (InvalidProtocolBufferException e) {
        byWire.lines.add("throws " + e.getMessage());
      }
      assertThat(byWire.lines).as("outcome").isEqualTo(byObjects.lines);
      assertThat(delta(wire, wireBefore)).as("counters").isEqualTo(delta(objects, before));
      return byObjects.lines.isEmpty() ? List.of("nothing") : byObjects.lines;
    }

    private static long[] counts(LlmSpanDecoder decoder) {
      long[] counts = new long[Kind.values().length];
      for (Kind kind : Kind.values()) {
        counts[kind.ordinal()] = decoder.counters().count(kind);
      }
      return counts;
    }

    /** What changed, but the fallbacks (the object path has none). */
    private static long[] delta(LlmSpanDecoder decoder, long[] before) {
      long[] now = counts(decoder);
      for (int i = 0; i < now.length; i++) {
        now[i] -= before[i];
      }
      now[Kind.WIRE_FALLBACKS.ordinal()] = 0;
      return now;
    }
  }

  /** Every emitted call (all its fields) and reject, in order. */
  private static final class Recorder implements DecodeOutput<LlmCall> {
    final List<String> lines = new ArrayList<>();

    @Override
    public void emit(LlmCall call) {
      StringBuilder line = new StringBuilder("emit");
      for (Field field : LlmCall.class.getFields()) {
        if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        try {
          Object value = field.get(call);
          line.append(' ')
              .append(field.getName())
              .append('=')
              .append(value instanceof String[] ? Arrays.toString((String[]) value) : value);
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
      lines.add(line.toString());
    }

    @Override
    public void reject(long count, String reason) {
      lines.add("reject " + count + " " + reason);
    }
  }

  // --- requests -------------------------------------------------------------------------------

  /** The requests of LlmSpanDecoderTest's conventions and rules. */
  private static List<byte[]> conventionRequests() {
    List<byte[]> requests = new ArrayList<>();
    requests.add(
        one(
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
                .addAttributes(d(GenAiSpanContract.RESPONSE_TIME_TO_FIRST_CHUNK, 0.25))));
    requests.add(
        one(
            span(1, 0)
                .addAttributes(s(GenAiSpanContract.SYSTEM, "anthropic"))
                .addAttributes(s(GenAiSpanContract.RESPONSE_MODEL, "claude-sonnet-4-5"))
                .addAttributes(i(GenAiSpanContract.USAGE_PROMPT_TOKENS, 30))
                .addAttributes(i(GenAiSpanContract.USAGE_COMPLETION_TOKENS, 7))
                .addAttributes(i(GenAiSpanContract.SERVER_TIME_TO_FIRST_TOKEN, 120))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))));
    requests.add(
        one(
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
                        "{\"model\":\"gpt-4o-mini\",\"stream\": true}"))));
    requests.add(
        one(
            span(1, 0).addAttributes(s(GenAiSpanContract.OI_SPAN_KIND, "AGENT")),
            span(2, 0).addAttributes(s(GenAiSpanContract.OPERATION_NAME, "execute_tool")),
            span(3, 0).addAttributes(s(GenAiSpanContract.OI_SPAN_KIND, "WIZARD")),
            span(4, 0).addAttributes(s(GenAiSpanContract.OPERATION_NAME, "dream")),
            span(5, 0).addAttributes(s("http.request.method", "GET"))));
    requests.add(
        one(
            chat(1, 0, "gpt-4o", 10, 5),
            chat(2, 1, "gpt-4o", 10, 5),
            chat(3, 2, "gpt-4o", 10, 5),
            chat(4, 1, "gpt-4o", 99, 5)));
    requests.add(
        one(
            span(1, 0)
                .addAttributes(s(GenAiSpanContract.OPERATION_NAME, "chat"))
                .addAttributes(s(GenAiSpanContract.REQUEST_MODEL, "gpt-4o")),
            span(2, 0).addAttributes(s(GenAiSpanContract.OPERATION_NAME, "embeddings"))));
    requests.add(
        one(
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
            chatWith(5, d(GenAiSpanContract.RESPONSE_TIME_TO_FIRST_CHUNK, -1)),
            chatWith(
                6,
                kv(
                    GenAiSpanContract.USAGE_INPUT_TOKENS,
                    AnyValue.newBuilder()
                        .setArrayValue(ArrayValue.newBuilder().addValues(int64(3)))
                        .build()),
                kv(GenAiSpanContract.USAGE_OUTPUT_TOKENS, AnyValue.getDefaultInstance()),
                kv(
                    GenAiSpanContract.RESPONSE_TIME_TO_FIRST_CHUNK,
                    AnyValue.newBuilder().setStringValue(" 0.5 ").build()),
                kv(
                    GenAiSpanContract.REQUEST_STREAM,
                    AnyValue.newBuilder().setStringValue("TRUE").build()),
                kv(
                    GenAiSpanContract.ERROR_TYPE,
                    AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("x")).build()))));
    requests.add(
        one(
            chat(1, 0, "gpt-4o", 1, 1).setEndTimeUnixNano(START - 1),
            chat(2, 0, "gpt-4o", 1, 1).setEndTimeUnixNano(0),
            chat(3, 0, "gpt-4o", 1, 1).setSpanId(ByteString.EMPTY),
            chat(4, 0, "gpt-4o", 1, 1)
                .setStartTimeUnixNano(END + 3_600_000_000_000L)
                .setEndTimeUnixNano(END + 3_600_000_000_001L),
            chat(5, 0, "gpt-4o", 1, 1).setTraceId(ByteString.copyFrom(new byte[16])),
            chat(6, 0, "gpt-4o", 1, 1)
                .setStartTimeUnixNano(END - 7_200_000_000_000L)
                .setEndTimeUnixNano(END - 7_100_000_000_000L)));
    // no resource at all, and a resource without service.name
    requests.add(
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(chat(1, 0, "gpt-4o", 1, 1))))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(s("host.name", "h")))
                    .setSchemaUrl("https://opentelemetry.io/schemas/1.26.0")
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder().setName("s").setVersion("1"))
                            .setSchemaUrl("x")
                            .addSpans(chat(2, 0, "gpt-4o", 1, 1))))
            .build()
            .toByteArray());
    requests.add(new byte[0]);
    return requests;
  }

  /** An application's trace: HTTP, database and messaging spans, some LLM calls and agents. */
  private static byte[] applicationTrace(SplittableRandom random, int spans) {
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("app"));
    for (int n = 1; n <= spans; n++) {
      Span.Builder span = span(n, n > 1 ? random.nextInt(1, n) : 0).setName("op " + n);
      switch (n % 5) {
        case 0 ->
            span.addAttributes(s(GenAiSpanContract.OPERATION_NAME, "chat"))
                .addAttributes(s(GenAiSpanContract.PROVIDER_NAME, "openai"))
                .addAttributes(s(GenAiSpanContract.RESPONSE_MODEL, "gpt-4o"))
                .addAttributes(i(GenAiSpanContract.USAGE_INPUT_TOKENS, random.nextInt(9000)))
                .addAttributes(i(GenAiSpanContract.USAGE_OUTPUT_TOKENS, random.nextInt(900)));
        case 1 ->
            span.addAttributes(s("http.request.method", "POST"))
                .addAttributes(s("url.full", "https://example.com/v1/x?y=é"))
                .addAttributes(i("http.response.status_code", 200))
                .addEvents(
                    Span.Event.newBuilder()
                        .setName("exception")
                        .setTimeUnixNano(END)
                        .addAttributes(s("exception.message", "boom")));
        case 2 ->
            span.addAttributes(s("db.system", "postgresql"))
                .addAttributes(s("db.statement", "select * from t where id = $1"))
                .addLinks(
                    Span.Link.newBuilder()
                        .setTraceId(bytes(9, 16))
                        .setSpanId(bytes(9, 8))
                        .setTraceState("k=v"));
        case 3 ->
            span.addAttributes(s(GenAiSpanContract.OPERATION_NAME, "invoke_agent"))
                .addAttributes(s(GenAiSpanContract.REQUEST_MODEL, "gpt-4o"));
        default ->
            span.addAttributes(
                    kv(
                        "messaging.batch",
                        AnyValue.newBuilder()
                            .setKvlistValue(
                                KeyValueList.newBuilder()
                                    .addValues(s("a", "b"))
                                    .addValues(i("c", 1)))
                            .build()))
                .setStatus(Status.newBuilder().setMessage("fine").setCodeValue(1))
                .setKind(Span.SpanKind.SPAN_KIND_PRODUCER)
                .setFlags(0x301)
                .setDroppedAttributesCount(2);
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder().setResource(resourceWith("shop")).addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  private static final String[] OTHER_KEYS = {"http.method", "db.system", "service.name", ""};

  private static final String[] TEXTS = {
    "chat", "embeddings", "LLM", "llm", "EMBEDDING", "AGENT", "WIZARD", "execute_tool", "dream",
    "openai", "anthropic", "gpt-4o", "gpt-4o-mini", "claude-3-5-haiku", " 12 ", "7.5", "x", "",
    "  ", "{\"stream\": true}", "true", "-3", "1e10", "é✓"
  };

  /** A random request of random spans with random attributes of the contract and others. */
  private static byte[] randomRequest(SplittableRandom random) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    int resources = random.nextInt(1, 4);
    for (int r = 0; r < resources; r++) {
      ResourceSpans.Builder resource = ResourceSpans.newBuilder();
      if (random.nextInt(4) > 0) {
        resource.setResource(resourceWith(random.nextInt(3) == 0 ? "" : "app-" + r));
      }
      int scopes = random.nextInt(0, 3);
      for (int sc = 0; sc < scopes; sc++) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        int spans = random.nextInt(0, 8);
        for (int n = 1; n <= spans; n++) {
          scope.addSpans(randomSpan(random, n));
        }
        resource.addScopeSpans(scope);
      }
      request.addResourceSpans(resource);
    }
    return request.build().toByteArray();
  }

  private static Span.Builder randomSpan(SplittableRandom random, int n) {
    Span.Builder span = span(n, random.nextInt(3) == 0 ? 0 : random.nextInt(1, 8));
    switch (random.nextInt(12)) {
      case 0 -> span.setTraceId(ByteString.EMPTY);
      case 1 -> span.setSpanId(bytes(n, 4));
      case 2 -> span.setStartTimeUnixNano(0);
      case 3 -> span.setEndTimeUnixNano(START - 5);
      case 4 -> span.setEndTimeUnixNano(END + 86_400_000_000_000L);
      case 5 -> span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
      case 6 -> span.setStatus(Status.newBuilder().setCodeValue(5).setMessage("m"));
      default -> {}
    }
    int attributes = random.nextInt(0, 12);
    for (int a = 0; a < attributes; a++) {
      String key =
          random.nextInt(5) == 0
              ? OTHER_KEYS[random.nextInt(OTHER_KEYS.length)]
              : SpanFacts.KEYS[random.nextInt(SpanFacts.KEYS.length)];
      span.addAttributes(kv(key, randomValue(random)));
    }
    return span;
  }

  private static AnyValue randomValue(SplittableRandom random) {
    return switch (random.nextInt(9)) {
      case 0, 1, 2 ->
          AnyValue.newBuilder().setStringValue(TEXTS[random.nextInt(TEXTS.length)]).build();
      case 3 ->
          int64(
              switch (random.nextInt(4)) {
                case 0 -> -random.nextInt(100);
                case 1 -> 2_000_000_000L;
                default -> random.nextInt(5000);
              });
      case 4 ->
          AnyValue.newBuilder()
              .setDoubleValue(
                  switch (random.nextInt(4)) {
                    case 0 -> Double.NaN;
                    case 1 -> -0.5;
                    default -> random.nextDouble() * 100;
                  })
              .build();
      case 5 -> AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
      case 6 -> AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("b")).build();
      case 7 ->
          AnyValue.newBuilder()
              .setArrayValue(ArrayValue.newBuilder().addValues(int64(1)).addValues(int64(2)))
              .build();
      default -> AnyValue.getDefaultInstance();
    };
  }

  /** One random change of the bytes: a byte changed, inserted or removed, or a cut. */
  private static byte[] mutate(byte[] bytes, SplittableRandom random) {
    if (bytes.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(bytes.length);
    switch (random.nextInt(4)) {
      case 0:
        byte[] changed = bytes.clone();
        changed[at] = (byte) random.nextInt(256);
        return changed;
      case 1:
        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = (byte) random.nextInt(256);
        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
        return longer;
      case 2:
        byte[] shorter = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, shorter, 0, at);
        System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
        return shorter;
      default:
        byte[] bit = bytes.clone();
        bit[at] ^= (byte) (1 << random.nextInt(8));
        return bit;
    }
  }

  // --- builders -------------------------------------------------------------------------------

  private static byte[] one(Span.Builder... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span.Builder span : spans) {
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder().setResource(resourceWith("app")).addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  private static Resource resourceWith(String service) {
    Resource.Builder resource = Resource.newBuilder().addAttributes(s("host.name", "h1"));
    if (!service.isEmpty()) {
      resource.addAttributes(s("service.name", service));
    }
    return resource.build();
  }

  /** A request of one resource spans whose scope spans' bytes are {@code scopeBytes}. */
  private static byte[] request(Resource resource, byte[] scopeBytes) {
    return resourceSpans(
        concat(field(1 << 3 | 2, resource.toByteArray()), field(2 << 3 | 2, scopeBytes)));
  }

  /** A request of one resource spans whose bytes are {@code resourceSpansBytes}. */
  private static byte[] resourceSpans(byte[] resourceSpansBytes) {
    return field(1 << 3 | 2, resourceSpansBytes);
  }

  private static AnyValue int64(long value) {
    return AnyValue.newBuilder().setIntValue(value).build();
  }

  /** A length-delimited field: tag, length, payload. */
  private static byte[] field(int tag, byte[] payload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeUInt32NoTag(tag);
      out.writeUInt32NoTag(payload.length);
      out.writeRawBytes(payload);
      out.flush();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  /** A varint field: tag, value. */
  private static byte[] varintField(int tag, long value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeUInt32NoTag(tag);
      out.writeUInt64NoTag(value);
      out.flush();
    } catch (IOException e) {
      throw new AssertionError(e);
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
}
