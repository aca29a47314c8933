package dev.aigw.insight.job.price;

import dev.aigw.insight.job.model.TokenType;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Prices of one model per million tokens, held exactly as micro units per million tokens (which is
 * also pico units per token), and the cache-aware cost formula.
 *
 * <p>cost = (input − cached_input − cache_creation_input) × input price + cached_input × cache-read
 * price + cache_creation_input × cache-write price + output × output price; reasoning is part of
 * output and is not added again. Savings = cached_input × (input price − cache-read price).
 */
public final class ModelPrice implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String provider;
  private final String name;
  private final long inputPicosPerToken;
  private final long outputPicosPerToken;
  private final long cachedInputPicosPerToken;
  private final long cacheCreationInputPicosPerToken;

  ModelPrice(
      String provider,
      String name,
      long inputPicosPerToken,
      long outputPicosPerToken,
      long cachedInputPicosPerToken,
      long cacheCreationInputPicosPerToken) {
    this.provider = provider;
    this.name = name;
    this.inputPicosPerToken = inputPicosPerToken;
    this.outputPicosPerToken = outputPicosPerToken;
    this.cachedInputPicosPerToken = cachedInputPicosPerToken;
    this.cacheCreationInputPicosPerToken = cacheCreationInputPicosPerToken;
  }

  /** The price table provider this entry belongs to. */
  public String provider() {
    return provider;
  }

  /** The entry's model name (not the alias or full model id that matched). */
  public String name() {
    return name;
  }

  /** Input price per million tokens. */
  public BigDecimal inputPerMillion() {
    return perMillion(inputPicosPerToken);
  }

  /** Output price per million tokens. */
  public BigDecimal outputPerMillion() {
    return perMillion(outputPicosPerToken);
  }

  /** Cache-read price per million tokens (the input price when the table gives none). */
  public BigDecimal cachedInputPerMillion() {
    return perMillion(cachedInputPicosPerToken);
  }

  /** Cache-write price per million tokens (the input price when the table gives none). */
  public BigDecimal cacheCreationInputPerMillion() {
    return perMillion(cacheCreationInputPicosPerToken);
  }

  /** Cost and cache savings of a token breakdown, per the cache-aware formula. */
  public TokenCost cost(TokenUsage usage) {
    long plainInput = usage.input() - usage.cachedInput() - usage.cacheCreationInput();
    long cost =
        plainInput * inputPicosPerToken
            + usage.cachedInput() * cachedInputPicosPerToken
            + usage.cacheCreationInput() * cacheCreationInputPicosPerToken
            + usage.output() * outputPicosPerToken;
    return new TokenCost(cost, savingsPicos(usage.cachedInput()));
  }

  /**
   * The share of the formula contributed by {@code tokens} tokens of one {@code gen_ai.token.type}.
   * The formula is linear, so summing the shares of the per-type token counts gives exactly {@link
   * #cost(TokenUsage)} (a cache part contributes the difference to the input price it replaces).
   */
  public long costPicosOfType(String tokenType, long tokens) {
    if (tokenType == null) {
      return 0;
    }
    switch (tokenType) {
      case TokenType.INPUT:
        return tokens * inputPicosPerToken;
      case TokenType.OUTPUT:
        return tokens * outputPicosPerToken;
      case TokenType.CACHED_INPUT:
        return tokens * (cachedInputPicosPerToken - inputPicosPerToken);
      case TokenType.CACHE_CREATION_INPUT:
        return tokens * (cacheCreationInputPicosPerToken - inputPicosPerToken);
      default:
        return 0; // reasoning is part of output; unknown types carry no price
    }
  }

  /** Cost saved by reading {@code cachedInputTokens} from the cache instead of paying input. */
  public long savingsPicos(long cachedInputTokens) {
    return cachedInputTokens * (inputPicosPerToken - cachedInputPicosPerToken);
  }

  private static BigDecimal perMillion(long picosPerToken) {
    return BigDecimal.valueOf(picosPerToken, 6).stripTrailingZeros();
  }

  @Override
  public String toString() {
    return "ModelPrice{"
        + provider
        + "/"
        + name
        + " input="
        + inputPerMillion().toPlainString()
        + " output="
        + outputPerMillion().toPlainString()
        + " cachedInput="
        + cachedInputPerMillion().toPlainString()
        + " cacheCreationInput="
        + cacheCreationInputPerMillion().toPlainString()
        + " per million tokens}";
  }
}
