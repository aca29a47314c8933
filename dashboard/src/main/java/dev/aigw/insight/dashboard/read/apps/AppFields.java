package dev.aigw.insight.dashboard.read.apps;

import dev.aigw.insight.schema.app.AppCellField;
import java.util.EnumSet;
import java.util.Set;

/**
 * How the dashboard reads the stored {@link AppCellField}s: the whole-number values that add up
 * across cells and minutes (counts, tokens, picos, duration sums), and the percentiles, which never
 * add up (a step or range shows the highest value among its cells). Every other stored value (an
 * average, a share, a rate) is derived from the sums by the API, never averaged.
 */
public final class AppFields {

  /** Summed across cells (exact 64-bit integers). */
  public static final Set<AppCellField> ADDITIVE =
      EnumSet.of(
          AppCellField.CALLS,
          AppCellField.ERRORS,
          AppCellField.LATENCY_SUM_MS,
          AppCellField.INPUT_TOKENS,
          AppCellField.OUTPUT_TOKENS,
          AppCellField.CACHE_READ_TOKENS,
          AppCellField.CACHE_CREATION_TOKENS,
          AppCellField.REASONING_TOKENS,
          AppCellField.COST_PICOS,
          AppCellField.CACHE_SAVINGS_PICOS,
          AppCellField.UNPRICED_TOKENS,
          AppCellField.TTFT_COUNT,
          AppCellField.TTFT_SUM_MS,
          AppCellField.STREAMING_CALLS);

  /** The highest value among the cells (percentiles cannot be merged). */
  public static final Set<AppCellField> PERCENTILES =
      EnumSet.of(
          AppCellField.LATENCY_P50_MS,
          AppCellField.LATENCY_P75_MS,
          AppCellField.LATENCY_P90_MS,
          AppCellField.LATENCY_P95_MS,
          AppCellField.LATENCY_P99_MS,
          AppCellField.TTFT_P50_MS,
          AppCellField.TTFT_P75_MS,
          AppCellField.TTFT_P90_MS,
          AppCellField.TTFT_P95_MS,
          AppCellField.TTFT_P99_MS);

  private AppFields() {}
}
