package dev.aigw.insight.job.alert.rule;

import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.io.Serializable;
import java.util.List;

/**
 * One validated alert rule (docs/alerts.md): what it measures, at which cells (scope × dimension,
 * filtered), the condition of its kind and its lifecycle settings. The kind-specific parts are null
 * for other kinds.
 *
 * @param windowMinutes the threshold / anomaly window, or 0
 * @param minRequests the window must hold at least this many requests for the condition to hold
 * @param silenceMinutes after an alert starts, no new alert for the same entity starts sooner
 * @param recoveryMinutes consecutive minutes the condition must be false before the alert resolves
 * @param attribute the attribution attribute (e.g. {@code team.id}) whose cells the rule watches,
 *     or null for a rule on the gateway's minute cells
 * @param acrossServices with an attribute: one entity per attribute value (and provider / model),
 *     summed over the services, instead of one per service and value
 */
public record AlertRule(
    String id,
    RuleKind kind,
    AlertMetric metric,
    Scope scope,
    Dimension dimension,
    EntityFilter filter,
    Comparison comparison,
    double threshold,
    int windowMinutes,
    long minRequests,
    String severity,
    int silenceMinutes,
    int recoveryMinutes,
    Slo slo,
    Budget budget,
    Anomaly anomaly,
    String attribute,
    boolean acrossServices)
    implements Serializable {

  /** A rule on the gateway's minute cells (no attribute). */
  public AlertRule(
      String id,
      RuleKind kind,
      AlertMetric metric,
      Scope scope,
      Dimension dimension,
      EntityFilter filter,
      Comparison comparison,
      double threshold,
      int windowMinutes,
      long minRequests,
      String severity,
      int silenceMinutes,
      int recoveryMinutes,
      Slo slo,
      Budget budget,
      Anomaly anomaly) {
    this(
        id,
        kind,
        metric,
        scope,
        dimension,
        filter,
        comparison,
        threshold,
        windowMinutes,
        minRequests,
        severity,
        silenceMinutes,
        recoveryMinutes,
        slo,
        budget,
        anomaly,
        null,
        false);
  }

  /** The same rule watching the attribution cells of {@code attributeName}. */
  public AlertRule onAttribute(String attributeName, boolean across) {
    return new AlertRule(
        id,
        kind,
        metric,
        scope,
        dimension,
        filter,
        comparison,
        threshold,
        windowMinutes,
        minRequests,
        severity,
        silenceMinutes,
        recoveryMinutes,
        slo,
        budget,
        anomaly,
        attributeName,
        across);
  }

  /** Whether the rule watches attribution cells (it names an attribute). */
  public boolean onAttribution() {
    return attribute != null;
  }

  /** How a value is compared with the threshold. */
  public enum Comparison {
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean holds(double value, double threshold) {
      return switch (this) {
        case GT -> value > threshold;
        case GE -> value >= threshold;
        case LT -> value < threshold;
        case LE -> value <= threshold;
      };
    }
  }

  /** One multi-window pair: both windows must burn faster than {@code factor}. */
  public record BurnWindow(String severity, int longMinutes, int shortMinutes, double factor)
      implements Serializable {}

  /**
   * An SLO: {@code objective} (fraction, e.g. 0.995) of requests succeed or, with {@code
   * latencyThresholdMs} > 0, finish under that latency.
   */
  public record Slo(double objective, double latencyThresholdMs, List<BurnWindow> windows)
      implements Serializable {

    /** The SRE workbook's pairs for a 30-day SLO. */
    public static List<BurnWindow> defaultWindows() {
      return List.of(
          new BurnWindow("page", 60, 5, 14.4),
          new BurnWindow("page", 360, 30, 6),
          new BurnWindow("ticket", 1440, 120, 3),
          new BurnWindow("ticket", 4320, 360, 1));
    }
  }

  /** The budget periods, in UTC. */
  public enum BudgetPeriod {
    DAY,
    WEEK,
    MONTH
  }

  /**
   * A spend budget: {@code amount} currency units per period, alerts at each of {@code
   * thresholdsPercent}, and on the forecast at the burn of the last {@code forecastWindowMinutes}.
   */
  public record Budget(
      double amount,
      BudgetPeriod period,
      List<Double> thresholdsPercent,
      boolean forecast,
      int forecastWindowMinutes)
      implements Serializable {}

  /** Which side of the baseline is anomalous. */
  public enum Direction {
    UP,
    DOWN,
    BOTH
  }

  /**
   * An EWMA baseline: mean and variance with weight {@code alpha}; anomalous when the value is more
   * than {@code deviations} standard deviations and more than {@code minChange} (relative) from the
   * mean, after {@code warmupMinutes} evaluated minutes.
   */
  public record Anomaly(
      double alpha, double deviations, double minChange, int warmupMinutes, Direction direction)
      implements Serializable {}

  /** Whether a gateway minute cell is one this rule watches (never for an attribute rule). */
  public boolean watches(MinuteCell cell) {
    return attribute == null
        && cell.scope == scope
        && cell.dimension == dimension
        && filter.matches(cell);
  }

  /** Whether an attribution cell is one this attribute rule watches. */
  public boolean watches(AttributionCell cell) {
    return attribute != null
        && attribute.equals(cell.attribute)
        && cell.cell.scope == scope
        && cell.cell.dimension == dimension
        && filter.matches(cell.cell, cell.attribute, cell.value);
  }

  /**
   * The entity of a watched attribution cell: the minute cell's entity then {@code
   * <attribute>=<value>}; across services without the {@code service=} part.
   */
  public String entityOf(AttributionCell cell) {
    String entity = entityOf(cell.cell) + "," + cell.attribute + "=" + cell.value;
    if (!acrossServices) {
      return entity;
    }
    // the service tag is always the first of a service-scope cell
    int comma = entity.indexOf(',');
    return entity.substring(comma + 1);
  }

  /** The entity of a watched cell: {@code tag=value} of its coordinates, in schema order. */
  public static String entityOf(MinuteCell cell) {
    StringBuilder sb = new StringBuilder();
    for (CellTag tag : CellTag.of(cell.scope, cell.dimension)) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(tag.storeName()).append('=').append(tag.get(cell));
    }
    return sb.toString();
  }

  /** How many minutes of history the rule's evaluation needs. */
  public int historyMinutes() {
    return switch (kind) {
      case THRESHOLD, PROVIDER_OUTAGE, ANOMALY -> windowMinutes;
      case SLO_BURN_RATE ->
          slo.windows().stream().mapToInt(BurnWindow::longMinutes).max().orElse(1);
      case BUDGET -> Math.max(budget.forecastWindowMinutes(), 60);
    };
  }
}
