package dev.aigw.insight.job.alert.rule;

import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellUnit;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.io.Serializable;
import java.util.Optional;

/**
 * What a rule measures, reduced to two per-minute numbers a window can add up: a numerator and a
 * denominator. A {@link Aggregation#RATIO} metric is Σnumerator / Σdenominator over the window (so
 * an error rate over 5 minutes is weighted by each minute's requests, never an average of
 * per-minute rates); a {@link Aggregation#RATE} metric is Σnumerator / window minutes (a minute
 * without a cell counts as 0).
 *
 * <p>Names: {@code error_rate} (errors / requests), {@code cache_read_share} (cached input / input
 * tokens), {@code cost_per_minute} (estimated cost), {@code requests_per_minute}, {@code
 * tokens_per_minute} (input + output), or any cell field's store name: additive fields as
 * per-minute rates, averages and percentiles (ms) weighted by their count ({@code requests}, {@code
 * ttft_count}, {@code tpot_count}). A ratio of two additive fields is {@link #ratio}.
 *
 * <p>The access-log metrics {@code status_429_share}, {@code status_5xx_share} and {@code
 * status_429_or_5xx_share} are not read from cells (they carry no status codes): their per-minute
 * numbers are the decoded access logs' counts ({@link #fromAccessLogs}, {@link #statusNumerator}),
 * Σ answers / Σ requests over the window.
 */
public final class AlertMetric implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final double PICOS_PER_UNIT = 1e12;

  /** How the per-minute numbers of a window combine. */
  public enum Aggregation {
    RATIO,
    RATE
  }

  /** The status codes an access-log share counts. */
  public enum StatusShare {
    S429("status_429_share", true, false),
    S5XX("status_5xx_share", false, true),
    S429_OR_5XX("status_429_or_5xx_share", true, true);

    private final String metricName;
    private final boolean counts429;
    private final boolean counts5xx;

    StatusShare(String metricName, boolean counts429, boolean counts5xx) {
      this.metricName = metricName;
      this.counts429 = counts429;
      this.counts5xx = counts5xx;
    }

    /** The metric's name in the rule file. */
    public String metricName() {
      return metricName;
    }
  }

  private final String name;
  private final Aggregation aggregation;
  private final CellField numerator;
  private final CellField secondNumerator;
  private final CellField denominator;
  private final boolean weighted;
  private final StatusShare statusShare;

  private AlertMetric(
      String name,
      Aggregation aggregation,
      CellField numerator,
      CellField secondNumerator,
      CellField denominator,
      boolean weighted) {
    this(name, aggregation, numerator, secondNumerator, denominator, weighted, null);
  }

  private AlertMetric(
      String name,
      Aggregation aggregation,
      CellField numerator,
      CellField secondNumerator,
      CellField denominator,
      boolean weighted,
      StatusShare statusShare) {
    this.name = name;
    this.statusShare = statusShare;
    this.aggregation = aggregation;
    this.numerator = numerator;
    this.secondNumerator = secondNumerator;
    this.denominator = denominator;
    this.weighted = weighted;
  }

  /** The metric of a name, or empty when the name is neither a known metric nor a cell field. */
  public static Optional<AlertMetric> named(String name) {
    switch (name) {
      case "error_rate":
        return Optional.of(
            new AlertMetric(
                name, Aggregation.RATIO, CellField.ERRORS, null, CellField.REQUESTS, false));
      case "cache_read_share":
        return Optional.of(
            new AlertMetric(
                name,
                Aggregation.RATIO,
                CellField.CACHED_INPUT_TOKENS,
                null,
                CellField.INPUT_TOKENS,
                false));
      case "cost_per_minute":
        return Optional.of(
            new AlertMetric(name, Aggregation.RATE, CellField.COST_PICOS, null, null, false));
      case "requests_per_minute":
        return Optional.of(
            new AlertMetric(name, Aggregation.RATE, CellField.REQUESTS, null, null, false));
      case "tokens_per_minute":
        return Optional.of(
            new AlertMetric(
                name,
                Aggregation.RATE,
                CellField.INPUT_TOKENS,
                CellField.OUTPUT_TOKENS,
                null,
                false));
      default:
        for (StatusShare share : StatusShare.values()) {
          if (share.metricName.equals(name)) {
            return Optional.of(
                new AlertMetric(name, Aggregation.RATIO, null, null, null, false, share));
          }
        }
        return CellField.byStoreName(name).map(AlertMetric::ofField);
    }
  }

  private static AlertMetric ofField(CellField field) {
    if (field.unit() == CellUnit.MILLISECONDS && !field.isAdditive()) {
      return new AlertMetric(
          field.storeName(), Aggregation.RATIO, field, null, weightOf(field), true);
    }
    return new AlertMetric(field.storeName(), Aggregation.RATE, field, null, null, false);
  }

  /**
   * Σnumerator / Σdenominator of two additive cell fields, or empty when either is not additive (a
   * ratio of averages would not be weighted by traffic).
   */
  public static Optional<AlertMetric> ratio(String numerator, String denominator) {
    Optional<CellField> num = CellField.byStoreName(numerator).filter(CellField::isAdditive);
    Optional<CellField> den = CellField.byStoreName(denominator).filter(CellField::isAdditive);
    if (num.isEmpty() || den.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AlertMetric(
            numerator + "/" + denominator, Aggregation.RATIO, num.get(), null, den.get(), false));
  }

  /** The count a duration average or percentile is weighted by. */
  private static CellField weightOf(CellField field) {
    String store = field.storeName();
    if (store.startsWith("ttft_")) {
      return CellField.TTFT_COUNT;
    }
    if (store.startsWith("tpot_")) {
      return CellField.TPOT_COUNT;
    }
    return CellField.REQUESTS;
  }

  public String name() {
    return name;
  }

  /**
   * Whether the metric is a share of access-log answers: its minutes come from the decoded access
   * logs' status counts, not from the cells.
   */
  public boolean fromAccessLogs() {
    return statusShare != null;
  }

  /** The answers a minute's access-log share counts, of its 429 and 5xx answers. */
  public long statusNumerator(long status429, long status5xx) {
    return (statusShare.counts429 ? status429 : 0) + (statusShare.counts5xx ? status5xx : 0);
  }

  public Aggregation aggregation() {
    return aggregation;
  }

  /** The minute's numerator (a cost in currency units, not picos); 0 for an access-log share. */
  public double numerator(MinuteCell cell) {
    if (statusShare != null) {
      return 0;
    }
    double value = valueOf(numerator, cell);
    if (secondNumerator != null) {
      value += valueOf(secondNumerator, cell);
    }
    return weighted ? value * denominator.doubleValue(cell) : value;
  }

  /** The minute's denominator; 0 for a rate. */
  public double denominator(MinuteCell cell) {
    return denominator == null ? 0 : denominator.doubleValue(cell);
  }

  private static double valueOf(CellField field, MinuteCell cell) {
    double value = field.doubleValue(cell);
    return field == CellField.COST_PICOS || field == CellField.CACHE_SAVINGS_PICOS
        ? value / PICOS_PER_UNIT
        : value;
  }

  @Override
  public String toString() {
    return name;
  }
}
