package dev.aigw.insight.job.price;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.TokenType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.metrics.Counter;

/**
 * Prices token-usage delta points before the cardinality guard can fold their model away: sets the
 * point's share of the cache-aware cost, its cache savings, and its unpriced tokens (input and
 * output tokens of a model the table does not cover). Not thread-safe: one per operator instance.
 */
public final class PointPricer {

  /** Bound of the lookup cache; cleared when full (a flood of names must not grow it). */
  private static final int CACHE_SIZE = 10_000;

  private final PriceTable table;
  private final Counter unpriced;
  private final Map<String, Optional<ModelPrice>> cache = new HashMap<>();

  /**
   * @param unpriced counts the tokens of models without a price ({@code genaiUnpricedTokens})
   */
  public PointPricer(PriceTable table, Counter unpriced) {
    this.table = table;
    this.unpriced = unpriced;
  }

  /** Sets the price fields of a token-usage point; other points are left as they are. */
  public void price(GenAiPoint p) {
    if (p.metric != MetricKind.TOKEN_USAGE) {
      return;
    }
    long tokens = Math.round(p.sum);
    Optional<ModelPrice> price = lookup(p.provider, p.model);
    if (price.isPresent()) {
      p.costPicos = price.get().costPicosOfType(p.tokenType, tokens);
      p.cacheSavingsPicos =
          TokenType.CACHED_INPUT.equals(p.tokenType) ? price.get().savingsPicos(tokens) : 0;
    } else if (TokenType.INPUT.equals(p.tokenType) || TokenType.OUTPUT.equals(p.tokenType)) {
      p.unpricedTokens = tokens;
      unpriced.inc(tokens);
    }
  }

  private Optional<ModelPrice> lookup(String provider, String model) {
    String key = provider + '\u0001' + model;
    Optional<ModelPrice> price = cache.get(key);
    if (price == null) {
      if (cache.size() >= CACHE_SIZE) {
        cache.clear();
      }
      price = table.lookup(provider, model);
      cache.put(key, price);
    }
    return price;
  }
}
