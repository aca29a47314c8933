package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.TokenType;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.price.ModelPrice;
import dev.aigw.insight.job.price.PriceTable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Prices token-usage points before the cardinality guard can fold their model away: sets the
 * point's share of the cache-aware cost, its cache savings, and its unpriced tokens (input and
 * output tokens of a model the table does not cover).
 */
public class PriceTagger extends RichMapFunction<GenAiPoint, GenAiPoint> {

  private static final long serialVersionUID = 1L;

  /** Bound of the lookup cache; cleared when full (a flood of names must not grow it). */
  private static final int CACHE_SIZE = 10_000;

  private final PriceTable table;
  private transient Map<String, Optional<ModelPrice>> cache;
  private transient Counter unpriced;

  public PriceTagger(PriceTable table) {
    this.table = table;
  }

  @Override
  public void open(OpenContext openContext) {
    cache = new HashMap<>();
    unpriced = getRuntimeContext().getMetricGroup().counter(AnalysisMetrics.UNPRICED_TOKENS);
  }

  @Override
  public GenAiPoint map(GenAiPoint p) {
    if (p.metric != MetricKind.TOKEN_USAGE) {
      return p;
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
    return p;
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
