package dev.aigw.insight.job.decode.spans;

import static dev.aigw.insight.schema.genai.GenAiSpanContract.*;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.regex.Pattern;

/**
 * What one span says about an LLM call, in either convention ({@link
 * dev.aigw.insight.schema.genai.GenAiSpanContract}): one pass over its attributes keeps the values
 * of the keys of interest; {@link #verdict()} then tells whether the span is an LLM call, and the
 * getters give its values with each convention's precedence (current name before older name).
 * Values are read (and bad ones counted) only when asked for.
 */
final class SpanFacts {

  /** What a span is. */
  enum Verdict {
    /** An LLM call (GenAI inference operation, or OpenInference LLM / EMBEDDING). */
    LLM,
    /** A GenAI or OpenInference span that is not an LLM call (agent, tool, chain, ...). */
    NOT_LLM,
    /** A GenAI operation name or OpenInference kind that no convention defines. */
    UNKNOWN_KIND,
    /** No GenAI or OpenInference marks at all: the application's other spans. */
    NOT_GENAI
  }

  private static final Pattern STREAM_TRUE = Pattern.compile("\"stream\"\\s*:\\s*true");

  // OpenTelemetry GenAI
  private String operation;
  private String providerName;
  private String system;
  private String requestModel;
  private String responseModel;
  private AnyValue inputTokens;
  private AnyValue promptTokens;
  private AnyValue outputTokens;
  private AnyValue completionTokens;
  private AnyValue cacheReadTokens;
  private AnyValue cacheCreationTokens;
  private AnyValue reasoningTokens;
  private AnyValue stream;
  private AnyValue ttftSeconds;
  private AnyValue ttftMillis;
  private boolean errorType;

  // OpenInference
  private String oiKind;
  private String oiProvider;
  private String oiSystem;
  private String oiModel;
  private String oiResponseModel;
  private String oiRequestModel;
  private AnyValue oiPrompt;
  private AnyValue oiCompletion;
  private AnyValue oiCacheRead;
  private AnyValue oiCacheWrite;
  private AnyValue oiCacheCreation;
  private AnyValue oiReasoning;
  private String oiInvocationParameters;

  /**
   * Every attribute key {@link #keep} reads: the wire-format reading ({@link SpanWireDecoding})
   * builds the values of these keys only, and a span with none of them is no GenAI span.
   */
  static final String[] KEYS = {
    OPERATION_NAME,
    PROVIDER_NAME,
    SYSTEM,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    USAGE_INPUT_TOKENS,
    USAGE_PROMPT_TOKENS,
    USAGE_OUTPUT_TOKENS,
    USAGE_COMPLETION_TOKENS,
    USAGE_CACHE_READ_INPUT_TOKENS,
    USAGE_CACHE_CREATION_INPUT_TOKENS,
    USAGE_REASONING_OUTPUT_TOKENS,
    REQUEST_STREAM,
    RESPONSE_TIME_TO_FIRST_CHUNK,
    SERVER_TIME_TO_FIRST_TOKEN,
    ERROR_TYPE,
    OI_SPAN_KIND,
    OI_PROVIDER,
    OI_SYSTEM,
    OI_MODEL_NAME,
    OI_RESPONSE_MODEL_NAME,
    OI_REQUEST_MODEL_NAME,
    OI_TOKEN_PROMPT,
    OI_TOKEN_COMPLETION,
    OI_TOKEN_CACHE_READ,
    OI_TOKEN_CACHE_WRITE,
    OI_TOKEN_CACHE_CREATION,
    OI_TOKEN_REASONING,
    OI_INVOCATION_PARAMETERS
  };

  SpanFacts() {}

  /** The facts of {@code span}'s attributes. */
  static SpanFacts of(Span span) {
    SpanFacts f = new SpanFacts();
    for (KeyValue kv : span.getAttributesList()) {
      f.keep(kv.getKey(), kv.getValue());
    }
    return f;
  }

  /** Keeps {@code v} when {@code key} is one of {@link #KEYS}; a later value of a key wins. */
  void keep(String key, AnyValue v) {
    switch (key) {
      case OPERATION_NAME -> operation = text(v);
      case PROVIDER_NAME -> providerName = text(v);
      case SYSTEM -> system = text(v);
      case REQUEST_MODEL -> requestModel = text(v);
      case RESPONSE_MODEL -> responseModel = text(v);
      case USAGE_INPUT_TOKENS -> inputTokens = v;
      case USAGE_PROMPT_TOKENS -> promptTokens = v;
      case USAGE_OUTPUT_TOKENS -> outputTokens = v;
      case USAGE_COMPLETION_TOKENS -> completionTokens = v;
      case USAGE_CACHE_READ_INPUT_TOKENS -> cacheReadTokens = v;
      case USAGE_CACHE_CREATION_INPUT_TOKENS -> cacheCreationTokens = v;
      case USAGE_REASONING_OUTPUT_TOKENS -> reasoningTokens = v;
      case REQUEST_STREAM -> stream = v;
      case RESPONSE_TIME_TO_FIRST_CHUNK -> ttftSeconds = v;
      case SERVER_TIME_TO_FIRST_TOKEN -> ttftMillis = v;
      case ERROR_TYPE -> errorType = text(v) != null;
      case OI_SPAN_KIND -> oiKind = text(v);
      case OI_PROVIDER -> oiProvider = text(v);
      case OI_SYSTEM -> oiSystem = text(v);
      case OI_MODEL_NAME -> oiModel = text(v);
      case OI_RESPONSE_MODEL_NAME -> oiResponseModel = text(v);
      case OI_REQUEST_MODEL_NAME -> oiRequestModel = text(v);
      case OI_TOKEN_PROMPT -> oiPrompt = v;
      case OI_TOKEN_COMPLETION -> oiCompletion = v;
      case OI_TOKEN_CACHE_READ -> oiCacheRead = v;
      case OI_TOKEN_CACHE_WRITE -> oiCacheWrite = v;
      case OI_TOKEN_CACHE_CREATION -> oiCacheCreation = v;
      case OI_TOKEN_REASONING -> oiReasoning = v;
      case OI_INVOCATION_PARAMETERS -> oiInvocationParameters = text(v);
      default -> {
        // not part of the contract
      }
    }
  }

  /** A non-empty string value, else null (other types render as no value). */
  private static String text(AnyValue v) {
    if (v.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
      return null;
    }
    String s = v.getStringValue().trim();
    return s.isEmpty() ? null : s;
  }

  private boolean openInference() {
    return oiKind != null;
  }

  /**
   * The verdict. OpenInference's span kind decides when present; else the GenAI operation name;
   * else a span with a GenAI model attribute is taken as an LLM call (instrumentations before
   * {@code gen_ai.operation.name} was required, and SkyWalking's rule).
   */
  Verdict verdict() {
    if (oiKind != null) {
      String kind = oiKind.toUpperCase(java.util.Locale.ROOT);
      if (OI_LLM_KINDS.contains(kind)) {
        return Verdict.LLM;
      }
      return OI_OTHER_KINDS.contains(kind) ? Verdict.NOT_LLM : Verdict.UNKNOWN_KIND;
    }
    if (operation != null) {
      if (LLM_OPERATIONS.contains(operation)) {
        return Verdict.LLM;
      }
      return OTHER_OPERATIONS.contains(operation) ? Verdict.NOT_LLM : Verdict.UNKNOWN_KIND;
    }
    return responseModel != null || requestModel != null ? Verdict.LLM : Verdict.NOT_GENAI;
  }

  /** The provider the span names, or null. */
  String provider() {
    if (openInference()) {
      return oiProvider != null ? oiProvider : oiSystem;
    }
    return providerName != null ? providerName : system;
  }

  /** The model that served the call, or null. */
  String responseModel() {
    if (openInference()) {
      return oiResponseModel != null ? oiResponseModel : oiModel;
    }
    return responseModel;
  }

  /** The model asked for, or null. */
  String requestModel() {
    return openInference() ? oiRequestModel : requestModel;
  }

  long inputTokens(SpanCounters c) {
    return tokens(openInference() ? oiPrompt : first(inputTokens, promptTokens), c);
  }

  long outputTokens(SpanCounters c) {
    return tokens(openInference() ? oiCompletion : first(outputTokens, completionTokens), c);
  }

  long cacheReadTokens(SpanCounters c) {
    return tokens(openInference() ? oiCacheRead : cacheReadTokens, c);
  }

  long cacheCreationTokens(SpanCounters c) {
    return tokens(openInference() ? first(oiCacheWrite, oiCacheCreation) : cacheCreationTokens, c);
  }

  long reasoningTokens(SpanCounters c) {
    return tokens(openInference() ? oiReasoning : reasoningTokens, c);
  }

  /** Whether the request asked for a streamed answer. */
  boolean stream() {
    if (openInference()) {
      return oiInvocationParameters != null && STREAM_TRUE.matcher(oiInvocationParameters).find();
    }
    if (stream == null) {
      return false;
    }
    return stream.getValueCase() == AnyValue.ValueCase.BOOL_VALUE
        ? stream.getBoolValue()
        : "true".equalsIgnoreCase(text(stream));
  }

  /**
   * Time to first token in nanoseconds: {@code gen_ai.response.time_to_first_chunk} (seconds), else
   * SkyWalking's {@code gen_ai.server.time_to_first_token} (milliseconds); -1 when absent; -2 when
   * present but not a non-negative number.
   */
  long ttftNanos() {
    if (ttftSeconds != null) {
      double s = number(ttftSeconds);
      return s >= 0 ? Math.round(s * 1e9) : -2;
    }
    if (ttftMillis != null) {
      double ms = number(ttftMillis);
      return ms >= 0 ? Math.round(ms * 1e6) : -2;
    }
    return -1;
  }

  /** Whether {@code error.type} is set. */
  boolean errorType() {
    return errorType;
  }

  private static double number(AnyValue v) {
    switch (v.getValueCase()) {
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case INT_VALUE:
        return v.getIntValue();
      case STRING_VALUE:
        try {
          return Double.parseDouble(v.getStringValue().trim());
        } catch (NumberFormatException e) {
          return Double.NaN;
        }
      default:
        return Double.NaN;
    }
  }

  private static AnyValue first(AnyValue a, AnyValue b) {
    return a != null ? a : b;
  }

  private static long tokens(AnyValue v, SpanCounters c) {
    return v == null ? 0 : TokenCount.read(v, c);
  }
}
