package dev.aigw.insight.job.alert.eval;

import dev.aigw.insight.job.alert.rule.AlertMetric;
import dev.aigw.insight.job.alert.rule.AlertRule;
import dev.aigw.insight.job.alert.rule.AlertRule.Anomaly;
import dev.aigw.insight.job.alert.rule.AlertRule.BurnWindow;
import dev.aigw.insight.job.options.PercentileMethod;
import java.util.Locale;

/**
 * The conditions of the windowed rule kinds, as functions of a key's {@link MinuteRing} at one
 * minute: {@code threshold} (also provider outages), {@code slo_burn_rate} and {@code anomaly}
 * (which also moves its baseline in {@link AlertState}). Windows are the minutes up to the
 * evaluated one, so the result depends on event time only.
 */
final class Conditions {

  private static final long MINUTE = AlertEvaluator.MINUTE;

  private Conditions() {}

  /** Σ over the {@code minutes} minutes ending with {@code minute}. */
  static MinuteRing.Sums window(MinuteRing ring, long minute, int minutes) {
    return ring.sum(minute - (minutes - 1) * MINUTE, minute);
  }

  /** The metric's value over a window; NaN when it has no value (a ratio over nothing). */
  static double value(AlertMetric metric, MinuteRing.Sums sums, int minutes) {
    if (metric.aggregation() == AlertMetric.Aggregation.RATE) {
      return sums.numerator() / minutes;
    }
    return sums.denominator() == 0 ? Double.NaN : sums.numerator() / sums.denominator();
  }

  /**
   * The rule's metric over the window of {@code sums} ending with {@code minute}: a percentile
   * metric from the window's merged bucket counts ({@link WindowPercentile}, with the job's {@code
   * method}), falling back to {@link #value(AlertMetric, MinuteRing.Sums, int)} when the ring lacks
   * them; every other metric as that method.
   */
  static double value(
      AlertRule rule, MinuteRing ring, long minute, MinuteRing.Sums sums, PercentileMethod method) {
    double rank = WindowPercentile.rankOf(rule.metric());
    if (!Double.isNaN(rank)) {
      WindowPercentile.Result exact =
          WindowPercentile.of(
              ring, minute - (rule.windowMinutes() - 1) * MINUTE, minute, rank, method);
      if (exact.exact()) {
        return exact.valueMs();
      }
    }
    return value(rule.metric(), sums, rule.windowMinutes());
  }

  static Evaluation threshold(
      AlertRule rule, MinuteRing ring, long minute, PercentileMethod method) {
    MinuteRing.Sums sums = window(ring, minute, rule.windowMinutes());
    if (sums.requests() < rule.minRequests()) {
      return Evaluation.quiet(rule.severity(), rule.threshold());
    }
    double value = value(rule, ring, minute, sums, method);
    boolean breached = !Double.isNaN(value) && rule.comparison().holds(value, rule.threshold());
    String what =
        String.format(
            Locale.ROOT,
            "%s %.6g %s %.6g over %dm (%d requests)",
            rule.metric().name(),
            value,
            breached ? rule.comparison().symbol() : "within",
            rule.threshold(),
            rule.windowMinutes(),
            sums.requests());
    return new Evaluation(breached, value, rule.threshold(), rule.severity(), what);
  }

  static Evaluation burnRate(AlertRule rule, MinuteRing ring, long minute) {
    double budget = 1 - rule.slo().objective();
    Evaluation quiet = null;
    for (BurnWindow w : rule.slo().windows()) {
      MinuteRing.Sums longSums = window(ring, minute, w.longMinutes());
      MinuteRing.Sums shortSums = window(ring, minute, w.shortMinutes());
      if (shortSums.requests() < rule.minRequests()
          || longSums.denominator() == 0
          || shortSums.denominator() == 0) {
        continue;
      }
      double burnLong = longSums.numerator() / longSums.denominator() / budget;
      double burnShort = shortSums.numerator() / shortSums.denominator() / budget;
      String what =
          String.format(
              Locale.ROOT,
              "burn rate %.4g over %dm and %.4g over %dm against %.4g (SLO %.6g %%%s)",
              burnLong,
              w.longMinutes(),
              burnShort,
              w.shortMinutes(),
              w.factor(),
              rule.slo().objective() * 100,
              rule.slo().latencyThresholdMs() > 0
                  ? " under " + rule.slo().latencyThresholdMs() + " ms"
                  : " available");
      if (burnLong > w.factor() && burnShort > w.factor()) {
        return new Evaluation(true, burnLong, w.factor(), w.severity(), what);
      }
      if (quiet == null) {
        quiet = new Evaluation(false, burnLong, w.factor(), w.severity(), what);
      }
    }
    return quiet != null ? quiet : Evaluation.quiet(rule.severity(), 0);
  }

  static Evaluation anomaly(
      AlertRule rule, AlertState st, MinuteRing ring, long minute, PercentileMethod method) {
    Anomaly a = rule.anomaly();
    MinuteRing.Sums sums = window(ring, minute, rule.windowMinutes());
    double value = value(rule, ring, minute, sums, method);
    if (sums.requests() < rule.minRequests() || Double.isNaN(value)) {
      return Evaluation.quiet(rule.severity(), st.mean);
    }
    double deviation = value - st.mean;
    double allowed =
        Math.max(a.deviations() * Math.sqrt(st.variance), a.minChange() * Math.abs(st.mean));
    boolean far =
        switch (a.direction()) {
          case UP -> deviation > allowed;
          case DOWN -> -deviation > allowed;
          case BOTH -> Math.abs(deviation) > allowed;
        };
    boolean breached = st.samples >= a.warmupMinutes() && far;
    String what =
        String.format(
            Locale.ROOT,
            "%s %.6g against a baseline of %.6g ± %.4g (EWMA, alpha %.3g) over %dm",
            rule.metric().name(),
            value,
            st.mean,
            Math.sqrt(st.variance),
            a.alpha(),
            rule.windowMinutes());
    double baseline = st.mean;
    // the baseline learns every evaluated value (a lasting change becomes the new normal)
    if (st.samples == 0) {
      st.mean = value;
      st.variance = 0;
    } else {
      double increment = a.alpha() * deviation;
      st.mean += increment;
      st.variance = (1 - a.alpha()) * (st.variance + deviation * increment);
    }
    st.samples++;
    return new Evaluation(breached, value, baseline, rule.severity(), what);
  }
}
