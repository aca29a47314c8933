package dev.aigw.insight.job.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.Percentiles;
import dev.aigw.insight.job.aggregate.spans.AppAggregate;
import dev.aigw.insight.job.price.ModelPrice;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.price.TokenCost;
import dev.aigw.insight.job.price.TokenUsage;
import dev.aigw.insight.schema.app.AppCellField;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * What generated LLM calls imply: the expected value of every {@link AppCellField} of a cell made
 * of some calls, computed independently of the job (sums, the documented histogram's percentiles,
 * the price table's costs). Shared by the span ITCases (application cells and their attribution
 * cells).
 */
final class LlmCallValues {

  private static final PriceTable PRICES = PriceTable.loadDefault();

  private LlmCallValues() {}

  /** One generated call as the job must count it. */
  record Call(
      String app,
      String provider,
      String model,
      long durationMs,
      long in,
      long out,
      long cacheRead,
      long cacheCreation,
      long reasoning,
      boolean error,
      boolean stream,
      long ttftMs) {}

  /** Store name → expected value of the cell made of {@code calls}. */
  static Map<String, Number> values(List<Call> calls) {
    Map<String, Number> v = new TreeMap<>();
    long n = calls.size();
    long errors = calls.stream().filter(Call::error).count();
    long streaming = calls.stream().filter(Call::stream).count();
    long latencySum = sum(calls, Call::durationMs);
    long cost = 0;
    long savings = 0;
    long unpriced = 0;
    for (Call c : calls) {
      ModelPrice price =
          c.model.equals("unknown") ? null : PRICES.lookup(c.provider, c.model).orElse(null);
      if (price == null) {
        unpriced += c.in + c.out;
      } else {
        TokenCost tc =
            price.cost(new TokenUsage(c.in, c.out, c.cacheRead, c.cacheCreation, c.reasoning));
        cost += tc.costPicos();
        savings += tc.cacheSavingsPicos();
      }
    }
    List<Call> withTtft = calls.stream().filter(c -> c.ttftMs >= 0).toList();
    long ttftSum = sum(withTtft, Call::ttftMs);
    v.put(AppCellField.CALLS.storeName(), n);
    v.put(AppCellField.ERRORS.storeName(), errors);
    v.put(AppCellField.SUCCESS_RATE.storeName(), (n - errors) / (double) n);
    v.put(AppCellField.LATENCY_SUM_MS.storeName(), latencySum);
    v.put(AppCellField.LATENCY_AVG_MS.storeName(), latencySum / (double) n);
    putPercentiles(v, "latency", calls.stream().map(Call::durationMs).toList());
    v.put(AppCellField.INPUT_TOKENS.storeName(), sum(calls, Call::in));
    v.put(AppCellField.OUTPUT_TOKENS.storeName(), sum(calls, Call::out));
    v.put(AppCellField.CACHE_READ_TOKENS.storeName(), sum(calls, Call::cacheRead));
    v.put(AppCellField.CACHE_CREATION_TOKENS.storeName(), sum(calls, Call::cacheCreation));
    v.put(AppCellField.REASONING_TOKENS.storeName(), sum(calls, Call::reasoning));
    v.put(AppCellField.INPUT_TOKENS_AVG.storeName(), sum(calls, Call::in) / (double) n);
    v.put(AppCellField.OUTPUT_TOKENS_AVG.storeName(), sum(calls, Call::out) / (double) n);
    v.put(AppCellField.CACHE_READ_TOKENS_AVG.storeName(), sum(calls, Call::cacheRead) / (double) n);
    v.put(
        AppCellField.CACHE_CREATION_TOKENS_AVG.storeName(),
        sum(calls, Call::cacheCreation) / (double) n);
    v.put(AppCellField.REASONING_TOKENS_AVG.storeName(), sum(calls, Call::reasoning) / (double) n);
    v.put(AppCellField.COST_PICOS.storeName(), cost);
    v.put(AppCellField.ESTIMATED_COST.storeName(), cost / 1e12);
    v.put(AppCellField.ESTIMATED_COST_AVG.storeName(), cost / 1e12 / n);
    v.put(AppCellField.CACHE_SAVINGS_PICOS.storeName(), savings);
    v.put(AppCellField.UNPRICED_TOKENS.storeName(), unpriced);
    v.put(AppCellField.TTFT_COUNT.storeName(), (long) withTtft.size());
    v.put(AppCellField.TTFT_SUM_MS.storeName(), ttftSum);
    v.put(
        AppCellField.TTFT_AVG_MS.storeName(),
        withTtft.isEmpty() ? 0.0 : ttftSum / (double) withTtft.size());
    putPercentiles(v, "ttft", withTtft.stream().map(Call::ttftMs).toList());
    v.put(AppCellField.STREAMING_CALLS.storeName(), streaming);
    v.put(AppCellField.STREAMING_SHARE.storeName(), streaming / (double) n);
    assertThat(v.keySet()).hasSize(AppCellField.values().length);
    return v;
  }

  /** Percentiles of {@code values} by the documented histogram (bounds, interpolation). */
  private static void putPercentiles(Map<String, Number> v, String prefix, List<Long> values) {
    double[] bounds = AppAggregate.BOUNDS_MS;
    long[] counts = new long[bounds.length + 1];
    double min = Double.MAX_VALUE;
    double max = -1;
    for (long value : values) {
      int bucket = bounds.length;
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          bucket = i;
          break;
        }
      }
      counts[bucket]++;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    for (int p : new int[] {50, 75, 90, 95, 99}) {
      double expected =
          values.isEmpty()
              ? 0
              : Percentiles.interpolated(bounds, counts, values.size(), min, max, p);
      v.put(prefix + "_p" + p + "_ms", expected);
    }
  }

  private static long sum(List<Call> calls, ToLongFunction<Call> f) {
    return calls.stream().mapToLong(f).sum();
  }
}
