package dev.aigw.insight.job.decode.spans;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * The span decoder's job metrics, one per outcome (documented in docs/analysis.md): what was
 * emitted, what was not an LLM call, and each bad-input rule. Thread-safe counters: the decoder
 * runs on the receiver's gRPC threads.
 */
public final class SpanCounters {

  /** The counted outcomes, each with its metric name. */
  public enum Kind {
    /** LLM calls emitted. */
    LLM_CALLS("genaiSpansLlmCalls"),
    /** GenAI or OpenInference spans that are not LLM calls (agent, tool, chain, retrieval...). */
    NOT_LLM("genaiSpansNotLlm"),
    /** An operation name or OpenInference span kind no convention defines: dropped. */
    UNKNOWN_KIND("genaiSpansUnknownKind"),
    /** Spans nested under an LLM span of the same export that repeat its call: dropped. */
    NESTED_REPEATS("genaiSpansNestedRepeats"),
    /** Spans without start or end time: rejected. */
    MISSING_TIME("genaiSpansMissingTime"),
    /** Spans that end before they start: rejected. */
    END_BEFORE_START("genaiSpansEndBeforeStart"),
    /** Spans whose end lies outside the accepted event-time range: rejected. */
    TIME_OUT_OF_RANGE("genaiSpansTimeOutOfRange"),
    /** Spans without a valid trace id or span id (needed to deduplicate): rejected. */
    INVALID_ID("genaiSpansInvalidId"),
    /** Provider taken from the price table's longest model-name prefix. */
    PROVIDER_FROM_MODEL("genaiSpansProviderFromModel"),
    /** No provider attribute and no prefix match: {@code unknown}. */
    PROVIDER_UNKNOWN("genaiSpansProviderUnknown"),
    /** No response model: the request model was used. */
    MODEL_FROM_REQUEST("genaiSpansModelFromRequest"),
    /** No model at all: {@code unknown}. */
    MODEL_MISSING("genaiSpansModelMissing"),
    /** A token count sent as a decimal string: read as the number. */
    TOKEN_STRING("genaiSpansTokenString"),
    /** A token count that is no number (text, boolean, list): ignored (0). */
    TOKEN_UNREADABLE("genaiSpansTokenUnreadable"),
    /** A negative token count: ignored (0). */
    TOKEN_NEGATIVE("genaiSpansTokenNegative"),
    /** A fractional token count: rounded to the nearest integer. */
    TOKEN_FRACTIONAL("genaiSpansTokenFractional"),
    /** A token count above 10^9: ignored (0). */
    TOKEN_ABSURD("genaiSpansTokenAbsurd"),
    /** Cache-read + cache-creation above the input count: input raised to their sum. */
    TOKEN_CACHE_EXCEEDS_INPUT("genaiSpansTokenCacheExceedsInput"),
    /** A time to first token that is negative, unreadable or longer than the span: ignored. */
    TTFT_INVALID("genaiSpansTtftInvalid"),
    /**
     * Requests the wire-format reading left to the full parse (a shape it does not handle exactly:
     * a repeated resource or status, a group, a declared field with another wire type, bad bytes).
     */
    WIRE_FALLBACKS("genaiSpansWireFallbacks");

    private final String metricName;

    Kind(String metricName) {
      this.metricName = metricName;
    }

    /** The job metric's name. */
    public String metricName() {
      return metricName;
    }
  }

  private final Map<Kind, Counter> counters = new EnumMap<>(Kind.class);

  /** Counters registered in {@code group}; unregistered ones when {@code group} is null. */
  SpanCounters(MetricGroup group) {
    for (Kind kind : Kind.values()) {
      Counter c = new ThreadSafeSimpleCounter();
      counters.put(kind, group == null ? c : group.counter(kind.metricName(), c));
    }
  }

  /** Counts one. */
  void inc(Kind kind) {
    counters.get(kind).inc();
  }

  /** Counts {@code n}. */
  void inc(Kind kind, long n) {
    counters.get(kind).inc(n);
  }

  /** Adds every count of {@code other} to this one's. */
  void addAll(SpanCounters other) {
    for (Kind kind : Kind.values()) {
      long n = other.count(kind);
      if (n != 0) {
        counters.get(kind).inc(n);
      }
    }
  }

  /** The current count (tests). */
  public long count(Kind kind) {
    return counters.get(kind).getCount();
  }
}
