package dev.aigw.insight.job.price;

import dev.aigw.insight.job.model.AccessLogRecord;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Sets an access log's estimated cost from the price table: input and output tokens at the model's
 * prices (access logs carry no cache breakdown, so cached tokens are priced as plain input).
 * Records with tokens but no price entry keep an empty cost and are counted as unpriced.
 */
public final class AccessLogPricer extends RichMapFunction<AccessLogRecord, AccessLogRecord> {

  /**
   * Kept records with token counts whose model is not in the price table (cost left empty); listed
   * with the other access-log metrics in {@code LogsMetrics}.
   */
  public static final String UNPRICED = "accessLogsUnpriced";

  private static final long serialVersionUID = 1L;

  private final PriceTable prices;
  private transient Counter unpriced;

  public AccessLogPricer(PriceTable prices) {
    this.prices = prices;
  }

  @Override
  public void open(OpenContext openContext) {
    unpriced = getRuntimeContext().getMetricGroup().counter(UNPRICED);
  }

  @Override
  public AccessLogRecord map(AccessLogRecord record) {
    record.estimatedCost = estimate(prices, record).orElse(null);
    if (record.estimatedCost == null
        && (record.inputTokens != null || record.outputTokens != null)) {
      unpriced.inc();
    }
    return record;
  }

  /** The record's cost, empty without token counts or without a price for its model. */
  public static Optional<Double> estimate(PriceTable prices, AccessLogRecord record) {
    if (record.inputTokens == null && record.outputTokens == null) {
      return Optional.empty();
    }
    long input = record.inputTokens == null ? 0 : record.inputTokens;
    long output = record.outputTokens == null ? 0 : record.outputTokens;
    return prices
        .lookup(record.provider, record.model)
        .map(price -> price.cost(TokenUsage.of(input, output)).cost());
  }
}
