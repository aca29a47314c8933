package dev.aigw.insight.job.price;

import java.io.Serializable;

/**
 * Token counts of one request or one aggregate, by {@code gen_ai.token.type}. {@code cachedInput}
 * and {@code cacheCreationInput} are parts of {@code input}; {@code reasoning} is part of {@code
 * output}.
 */
public final class TokenUsage implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long input;
  private final long output;
  private final long cachedInput;
  private final long cacheCreationInput;
  private final long reasoning;

  /** Token counts; the cache parts are included in {@code input}, reasoning in {@code output}. */
  public TokenUsage(
      long input, long output, long cachedInput, long cacheCreationInput, long reasoning) {
    this.input = input;
    this.output = output;
    this.cachedInput = cachedInput;
    this.cacheCreationInput = cacheCreationInput;
    this.reasoning = reasoning;
  }

  /** Usage with only input and output tokens (no cache information, e.g. an access log). */
  public static TokenUsage of(long input, long output) {
    return new TokenUsage(input, output, 0, 0, 0);
  }

  public long input() {
    return input;
  }

  public long output() {
    return output;
  }

  public long cachedInput() {
    return cachedInput;
  }

  public long cacheCreationInput() {
    return cacheCreationInput;
  }

  public long reasoning() {
    return reasoning;
  }

  @Override
  public String toString() {
    return "TokenUsage{input="
        + input
        + ", output="
        + output
        + ", cachedInput="
        + cachedInput
        + ", cacheCreationInput="
        + cacheCreationInput
        + ", reasoning="
        + reasoning
        + "}";
  }
}
