package dev.aigw.insight.job.model;

/**
 * Values of {@code gen_ai.token.type}. {@code cached_input} and {@code cache_creation_input} are
 * parts of {@code input}; {@code reasoning} is part of {@code output}: never add all together.
 */
public final class TokenType {
  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  public static final String CACHED_INPUT = "cached_input";
  public static final String CACHE_CREATION_INPUT = "cache_creation_input";
  public static final String REASONING = "reasoning";

  private TokenType() {}

  /** Whether {@code type} is one of the five known token types. */
  public static boolean isKnown(String type) {
    return INPUT.equals(type)
        || OUTPUT.equals(type)
        || CACHED_INPUT.equals(type)
        || CACHE_CREATION_INPUT.equals(type)
        || REASONING.equals(type);
  }
}
