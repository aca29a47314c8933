package dev.aigw.insight.job.model;

import dev.aigw.insight.job.serialization.LlmCallSerializer;
import dev.aigw.insight.job.serialization.SpanKey;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One LLM call read from a trace span: who called which provider's model, when, with what outcome
 * and token usage, priced at decode time. The span decoder builds it from either convention
 * (OpenTelemetry GenAI or OpenInference); the application cells aggregate it.
 *
 * <p>Keyed by {@link #dedupKey()} (trace id + span id) for the deduplication of re-sent exports;
 * its event time is the span's end ({@link #eventTimeMs()}).
 *
 * <p>Serialized by the hand-written {@link LlmCallSerializer} (binary ids, variable-length counts).
 */
@TypeInfo(LlmCallSerializer.TypeInfoFactory.class)
public class LlmCall {

  /**
   * The trace id and span id, binary: the deduplication key. Null after the deduplication (the
   * batcher clears it: nothing after it reads the ids).
   */
  public SpanKey ids;

  /** {@code service.name} of the span's resource. */
  public String application;

  public String provider;
  public String model;

  public long startNanos;
  public long endNanos;

  /** Span status ERROR or {@code error.type}. */
  public boolean error;

  public long inputTokens;
  public long outputTokens;
  public long cacheReadTokens;
  public long cacheCreationTokens;
  public long reasoningTokens;

  /** The request asked for a streamed answer. */
  public boolean stream;

  /** Time to first token in nanoseconds; -1 when the span does not report it. */
  public long ttftNanos = -1;

  /** Estimated cost, pico currency units (0 when unpriced). */
  public long costPicos;

  public long cacheSavingsPicos;

  /** Input + output tokens when the price table does not know the model, else 0. */
  public long unpricedTokens;

  /**
   * The normalised values of the configured attribution attributes ({@code attribution.attributes},
   * in their order; the span's attribute, else its resource's, else {@code none}); null when
   * attribution is off. Not part of {@link #contentFingerprint()}: the deduplication state stays as
   * it was before attribution.
   */
  public String[] attribution;

  public LlmCall() {}

  /** The deduplication key: the trace id and span id ({@link #ids}). */
  public SpanKey dedupKey() {
    return ids;
  }

  /** Event time: the span's end, epoch ms. */
  public long eventTimeMs() {
    return endNanos / 1_000_000L;
  }

  /** Duration in whole milliseconds (the latency the cells use). */
  public long durationMs() {
    return (endNanos - startNanos) / 1_000_000L;
  }

  /**
   * A fingerprint of the content (everything but the ids): two copies of one span with the same
   * fingerprint are one call sent twice; different ones are a conflict.
   */
  public long contentFingerprint() {
    // the value Objects.hash of these fields gives, computed without boxing them into an array:
    // this runs for every span in the deduplication
    int h = 1;
    h = 31 * h + Objects.hashCode(application);
    h = 31 * h + Objects.hashCode(provider);
    h = 31 * h + Objects.hashCode(model);
    h = 31 * h + Long.hashCode(startNanos);
    h = 31 * h + Long.hashCode(endNanos);
    h = 31 * h + Boolean.hashCode(error);
    h = 31 * h + Long.hashCode(inputTokens);
    h = 31 * h + Long.hashCode(outputTokens);
    h = 31 * h + Long.hashCode(cacheReadTokens);
    h = 31 * h + Long.hashCode(cacheCreationTokens);
    h = 31 * h + Long.hashCode(reasoningTokens);
    h = 31 * h + Boolean.hashCode(stream);
    h = 31 * h + Long.hashCode(ttftNanos);
    return (long) h * 31 + Long.hashCode(costPicos);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LlmCall)) {
      return false;
    }
    LlmCall c = (LlmCall) o;
    return Objects.equals(ids, c.ids)
        && contentFingerprint() == c.contentFingerprint()
        && Objects.equals(application, c.application)
        && Objects.equals(provider, c.provider)
        && Objects.equals(model, c.model);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(ids);
  }

  @Override
  public String toString() {
    return "LlmCall{"
        + ids
        + " "
        + application
        + " "
        + provider
        + "/"
        + model
        + " "
        + startNanos
        + ".."
        + endNanos
        + (error ? " error" : "")
        + " in="
        + inputTokens
        + " out="
        + outputTokens
        + " cacheRead="
        + cacheReadTokens
        + " cacheCreation="
        + cacheCreationTokens
        + " reasoning="
        + reasoningTokens
        + (stream ? " stream" : "")
        + " ttftNanos="
        + ttftNanos
        + " costPicos="
        + costPicos
        + "}";
  }
}
