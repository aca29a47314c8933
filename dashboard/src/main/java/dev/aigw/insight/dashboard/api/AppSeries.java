package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.dashboard.read.apps.AppFields;
import dev.aigw.insight.dashboard.read.apps.AppFold;
import dev.aigw.insight.dashboard.read.apps.AppSteps;
import dev.aigw.insight.schema.app.AppCellField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GenAI selection's series on a range's grid of steps, one array per {@link AppCellField}, by the
 * rules of the gateway series ({@link Series}): counts, tokens and costs per minute whatever the
 * step (the step's sum divided by its minutes; 0 where a step has no cell); averages, rates and
 * shares the step's Σ / Σ (null without a count); percentiles the highest value among the step's
 * cells (null without a cell, or, for TTFT, without a call that reported it). A selection of
 * several cells per minute (an application's models) therefore shows for a percentile the highest
 * of its cells' values: an upper bound of the selection's own percentile, never below it.
 */
final class AppSeries {

  /** Pico currency units per currency unit. */
  static final double PICOS_PER_UNIT = 1e12;

  /** (per-call average, the token sum it divides by calls). */
  static final AppCellField[][] TOKEN_AVERAGES = {
    {AppCellField.INPUT_TOKENS_AVG, AppCellField.INPUT_TOKENS},
    {AppCellField.OUTPUT_TOKENS_AVG, AppCellField.OUTPUT_TOKENS},
    {AppCellField.CACHE_READ_TOKENS_AVG, AppCellField.CACHE_READ_TOKENS},
    {AppCellField.CACHE_CREATION_TOKENS_AVG, AppCellField.CACHE_CREATION_TOKENS},
    {AppCellField.REASONING_TOKENS_AVG, AppCellField.REASONING_TOKENS},
  };

  private AppSeries() {}

  /** The {@code fields} parameter: comma-separated store names, every field when absent. */
  static List<AppCellField> parseFields(String text) {
    if (text == null || text.isBlank()) {
      return List.of(AppCellField.values());
    }
    List<AppCellField> fields = new ArrayList<>();
    for (String name : text.split(",")) {
      String trimmed = name.trim();
      AppCellField field =
          Arrays.stream(AppCellField.values())
              .filter(f -> f.storeName().equals(trimmed))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ApiException(
                          "unknown field '"
                              + trimmed
                              + "'; known fields: "
                              + String.join(
                                  ", ",
                                  Arrays.stream(AppCellField.values())
                                      .map(AppCellField::storeName)
                                      .toList())));
      fields.add(field);
    }
    return fields;
  }

  /** Field name → value per step of {@code range}. */
  static Map<String, Object[]> values(
      TimeRange range, long stepMs, AppSteps steps, List<AppCellField> fields) {
    int n = AppFold.stepCount(range.fromMs(), range.toMs(), stepMs);
    boolean minute = stepMs == TimeRange.MINUTE_MS;
    Map<String, Object[]> out = new LinkedHashMap<>();
    for (AppCellField f : fields) {
      Object[] values = new Object[n];
      for (int i = 0; i < n; i++) {
        long start = range.fromMs() + i * stepMs;
        long minutes = (Math.min(start + stepMs, range.toMs()) - start) / TimeRange.MINUTE_MS;
        values[i] = value(f, steps, i, minute, minutes);
      }
      out.put(f.storeName(), values);
    }
    return out;
  }

  private static Object value(AppCellField f, AppSteps steps, int i, boolean minute, long minutes) {
    boolean cell = steps.of(AppCellField.CALLS)[i] != null;
    if (AppFields.ADDITIVE.contains(f)) {
      long sum = cell ? steps.of(f)[i].longValue() : 0L;
      return minute ? (Object) sum : (Object) Series.round((double) sum / minutes);
    }
    if (f == AppCellField.ESTIMATED_COST) {
      double cost = cell ? steps.of(AppCellField.COST_PICOS)[i].longValue() / PICOS_PER_UNIT : 0.0;
      return minute ? cost : Series.round(cost / minutes);
    }
    if (!cell) {
      return null;
    }
    long calls = sum(steps, AppCellField.CALLS, i);
    Double v;
    if (AppFields.PERCENTILES.contains(f)) {
      boolean reported =
          f.storeName().startsWith("ttft") ? sum(steps, AppCellField.TTFT_COUNT, i) > 0 : true;
      v = reported ? steps.of(f)[i].doubleValue() : null;
    } else {
      v = derived(f, steps, i, calls);
    }
    return v == null || minute ? v : (Object) Series.round(v);
  }

  /** A value derived from the step's sums (Σ / Σ). */
  private static Double derived(AppCellField f, AppSteps steps, int i, long calls) {
    for (AppCellField[] avg : TOKEN_AVERAGES) {
      if (avg[0] == f) {
        return AppSummary.ratio(sum(steps, avg[1], i), calls);
      }
    }
    return switch (f) {
      case SUCCESS_RATE -> AppSummary.ratio(calls - sum(steps, AppCellField.ERRORS, i), calls);
      case LATENCY_AVG_MS -> AppSummary.ratio(sum(steps, AppCellField.LATENCY_SUM_MS, i), calls);
      case ESTIMATED_COST_AVG ->
          calls == 0 ? null : sum(steps, AppCellField.COST_PICOS, i) / PICOS_PER_UNIT / calls;
      case TTFT_AVG_MS ->
          AppSummary.ratio(
              sum(steps, AppCellField.TTFT_SUM_MS, i), sum(steps, AppCellField.TTFT_COUNT, i));
      case STREAMING_SHARE -> AppSummary.ratio(sum(steps, AppCellField.STREAMING_CALLS, i), calls);
      default -> throw new IllegalStateException("no rule for " + f);
    };
  }

  private static long sum(AppSteps steps, AppCellField f, int i) {
    Number v = steps.of(f)[i];
    return v == null ? 0L : v.longValue();
  }
}
