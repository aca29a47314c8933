package dev.aigw.insight.job.testing;

import com.google.protobuf.ByteString;
import dev.aigw.insight.schema.genai.GenAiSpanContract;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Spans for the span decoder's tests: one trace, span ids from small numbers, fixed times, and the
 * attributes of the GenAI contract.
 */
public final class TestSpans {

  /** The receiver's clock in the tests (2027-01-15). */
  public static final long NOW_MS = 1_800_000_000_000L;

  /** Every span's end (at the clock) and start (1.5 s before), in nanoseconds. */
  public static final long END = NOW_MS * 1_000_000L;

  public static final long START = END - 1_500_000_000L;

  private TestSpans() {}

  /** A chat call to openai's {@code model} with its token counts. */
  public static Span.Builder chat(int id, int parent, String model, long in, long out) {
    return span(id, parent)
        .addAttributes(s(GenAiSpanContract.OPERATION_NAME, "chat"))
        .addAttributes(s(GenAiSpanContract.PROVIDER_NAME, "openai"))
        .addAttributes(s(GenAiSpanContract.RESPONSE_MODEL, model))
        .addAttributes(i(GenAiSpanContract.USAGE_INPUT_TOKENS, in))
        .addAttributes(i(GenAiSpanContract.USAGE_OUTPUT_TOKENS, out));
  }

  /** A chat call to openai's gpt-4o with {@code attributes} besides. */
  public static Span.Builder chatWith(int id, KeyValue... attributes) {
    Span.Builder span =
        span(id, 0)
            .addAttributes(s(GenAiSpanContract.OPERATION_NAME, "chat"))
            .addAttributes(s(GenAiSpanContract.PROVIDER_NAME, "openai"))
            .addAttributes(s(GenAiSpanContract.RESPONSE_MODEL, "gpt-4o"));
    for (KeyValue kv : attributes) {
      span.addAttributes(kv);
    }
    return span;
  }

  /** A span of the one trace, with id {@code id} and parent {@code parent} (0: none). */
  public static Span.Builder span(int id, int parent) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(bytes(7, 16))
            .setSpanId(bytes(id, 8))
            .setStartTimeUnixNano(START)
            .setEndTimeUnixNano(END);
    if (parent != 0) {
      b.setParentSpanId(bytes(parent, 8));
    }
    return b;
  }

  /** {@code length} bytes, all zero but the last, {@code value}. */
  public static ByteString bytes(int value, int length) {
    byte[] b = new byte[length];
    b[length - 1] = (byte) value;
    return ByteString.copyFrom(b);
  }

  public static KeyValue s(String key, String value) {
    return kv(key, AnyValue.newBuilder().setStringValue(value).build());
  }

  public static KeyValue i(String key, long value) {
    return kv(key, AnyValue.newBuilder().setIntValue(value).build());
  }

  public static KeyValue d(String key, double value) {
    return kv(key, AnyValue.newBuilder().setDoubleValue(value).build());
  }

  public static KeyValue b(String key, boolean value) {
    return kv(key, AnyValue.newBuilder().setBoolValue(value).build());
  }

  public static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
