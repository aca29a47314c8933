package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.dashboard.read.apps.AppFields;
import dev.aigw.insight.dashboard.read.apps.AppTotals;
import dev.aigw.insight.schema.app.AppCellField;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GenAI selection's summary over a range, from the summed application cells only: the exact sums
 * (calls, errors, tokens per type, picos, duration sums), and what derives from them — success
 * rate, averages per call, TTFT average, streaming share, cost in currency units — as Σ / Σ, never
 * an average of averages (null where the count is 0). Percentiles cannot be summed: {@code highest}
 * holds the highest per-minute value among the selection's cells in the range.
 */
final class AppSummary {

  private AppSummary() {}

  /** The summary of {@code t} over a range of {@code rangeMinutes} minutes. */
  static Map<String, Object> of(AppTotals t, int rangeMinutes) {
    Map<String, Object> out = new LinkedHashMap<>();
    long calls = t.sum(AppCellField.CALLS);
    for (AppCellField f : AppFields.ADDITIVE) {
      out.put(f.storeName(), t.sum(f));
    }
    out.put("minutes_with_data", t.minutes());
    out.put("calls_per_minute", (double) calls / rangeMinutes);
    out.put(
        AppCellField.SUCCESS_RATE.storeName(), ratio(calls - t.sum(AppCellField.ERRORS), calls));
    out.put(
        AppCellField.LATENCY_AVG_MS.storeName(), ratio(t.sum(AppCellField.LATENCY_SUM_MS), calls));
    for (AppCellField[] avg : AppSeries.TOKEN_AVERAGES) {
      out.put(avg[0].storeName(), ratio(t.sum(avg[1]), calls));
    }
    long picos = t.sum(AppCellField.COST_PICOS);
    out.put(AppCellField.ESTIMATED_COST.storeName(), picos / AppSeries.PICOS_PER_UNIT);
    out.put(
        AppCellField.ESTIMATED_COST_AVG.storeName(),
        calls == 0 ? null : picos / AppSeries.PICOS_PER_UNIT / calls);
    out.put("cache_savings", t.sum(AppCellField.CACHE_SAVINGS_PICOS) / AppSeries.PICOS_PER_UNIT);
    out.put(
        AppCellField.TTFT_AVG_MS.storeName(),
        ratio(t.sum(AppCellField.TTFT_SUM_MS), t.sum(AppCellField.TTFT_COUNT)));
    out.put(
        AppCellField.STREAMING_SHARE.storeName(),
        ratio(t.sum(AppCellField.STREAMING_CALLS), calls));
    Map<String, Object> highest = new LinkedHashMap<>();
    boolean ttft = t.sum(AppCellField.TTFT_COUNT) > 0;
    for (AppCellField f : AppFields.PERCENTILES) {
      boolean reported = f.storeName().startsWith("ttft") ? ttft : calls > 0;
      highest.put(f.storeName(), reported ? t.highest(f) : null);
    }
    out.put("highest", highest);
    return out;
  }

  /** {@code a / b}, null when {@code b} is 0. */
  static Double ratio(long a, long b) {
    return b == 0 ? null : (double) a / b;
  }
}
