package dev.aigw.insight.job.decode.spans;

import dev.aigw.insight.job.price.ModelPrice;
import dev.aigw.insight.job.price.PriceTable;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The span decoder's price lookups, remembered per (provider, model): the table's lookup is a
 * longest-prefix scan of its entries (the whole table when the provider has none), once per call,
 * while a job sees few distinct pairs. The table never changes, so a remembered answer stays true.
 * Bounded: past {@value #MAX_ENTRIES} pairs (a flood of invented model names) new pairs are looked
 * up every time and not kept. Thread-safe: the decoder runs on the receiver's gRPC threads.
 */
final class PriceMemo {

  /** Pairs remembered at most (a few MiB with the longest names the dimension bound allows). */
  static final int MAX_ENTRIES = 10_000;

  private final PriceTable prices;
  private final ConcurrentHashMap<Pair, Optional<ModelPrice>> memo = new ConcurrentHashMap<>();

  PriceMemo(PriceTable prices) {
    this.prices = prices;
  }

  /** What {@link PriceTable#lookup} answers for the pair. */
  Optional<ModelPrice> lookup(String provider, String model) {
    Pair pair = new Pair(provider, model);
    Optional<ModelPrice> price = memo.get(pair);
    if (price == null) {
      price = prices.lookup(provider, model);
      if (memo.size() < MAX_ENTRIES) {
        memo.putIfAbsent(pair, price);
      }
    }
    return price;
  }

  /** How many pairs are remembered (tests). */
  int size() {
    return memo.size();
  }

  private record Pair(String provider, String model) {}
}
