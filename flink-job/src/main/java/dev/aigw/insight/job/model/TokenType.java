package dev.aigw.insight.job.model;

import dev.aigw.insight.schema.gateway.GatewayContract;

/**
 * Values of {@code gen_ai.token.type}. {@code cached_input} and {@code cache_creation_input} are
 * parts of {@code input}; {@code reasoning} is part of {@code output}: never add all together.
 */
public final class TokenType {
  public static final String INPUT = GatewayContract.TOKEN_TYPE_INPUT;
  public static final String OUTPUT = GatewayContract.TOKEN_TYPE_OUTPUT;
  public static final String CACHED_INPUT = GatewayContract.TOKEN_TYPE_CACHED_INPUT;
  public static final String CACHE_CREATION_INPUT = GatewayContract.TOKEN_TYPE_CACHE_CREATION_INPUT;
  public static final String REASONING = GatewayContract.TOKEN_TYPE_REASONING;

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
