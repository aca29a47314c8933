package dev.aigw.insight.bench.load;

/**
 * What one generated export request carries, summed: the figures a correct pipeline must reproduce
 * (points in, requests, errors, tokens; log records and those the default sampling keeps) so that a
 * run can check its totals, not only its speed.
 */
public record RequestTotals(
    long points,
    long requests,
    long errors,
    long inputTokens,
    long outputTokens,
    long records,
    long keptRecords) {

  /** Totals of nothing. */
  public static final RequestTotals ZERO = new RequestTotals(0, 0, 0, 0, 0, 0, 0);

  /** The element-wise sum of this and {@code other}. */
  public RequestTotals plus(RequestTotals other) {
    return new RequestTotals(
        points + other.points,
        requests + other.requests,
        errors + other.errors,
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        records + other.records,
        keptRecords + other.keptRecords);
  }
}
