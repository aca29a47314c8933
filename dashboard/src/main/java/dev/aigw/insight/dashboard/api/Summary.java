package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.schema.cell.CellField;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A range's summary as the API answers it, from the summed cells only: the additive totals as
 * stored (counts, tokens per type, exact picos), rates and averages derived from them (Σsum /
 * Σcount; never an average of averages; null when the count is 0) and the costs in currency units.
 * Percentiles are not summarised: over several minutes they exist only as a per-minute series.
 */
final class Summary {

  /** Pico currency units per currency unit. */
  static final double PICOS_PER_UNIT = 1e12;

  private Summary() {}

  /** The summary of {@code totals} over a range of {@code rangeMinutes} minutes. */
  static Map<String, Object> of(RangeTotals totals, int rangeMinutes) {
    Map<String, Object> out = new LinkedHashMap<>();
    long requests = totals.integer(CellField.REQUESTS);
    long errors = totals.integer(CellField.ERRORS);
    for (CellField f : CellField.values()) {
      if (f.isAdditive() && f.type() == CellField.Type.INTEGER) {
        out.put(f.storeName(), totals.integer(f));
      }
    }
    out.put("minutes_with_data", totals.minutes());
    out.put("requests_per_minute", (double) requests / rangeMinutes);
    out.put("error_rate", requests == 0 ? null : (double) errors / requests);
    for (CellField avg :
        new CellField[] {CellField.LATENCY_AVG_MS, CellField.TTFT_AVG_MS, CellField.TPOT_AVG_MS}) {
      CellField sum = avg.sumOf().orElseThrow();
      long count = totals.integer(avg.countOf().orElseThrow());
      out.put(sum.storeName(), totals.floating(sum));
      out.put(avg.storeName(), count == 0 ? null : totals.floating(sum) / count);
    }
    out.put(
        CellField.ESTIMATED_COST.storeName(),
        totals.integer(CellField.COST_PICOS) / PICOS_PER_UNIT);
    out.put(
        CellField.CACHE_SAVINGS.storeName(),
        totals.integer(CellField.CACHE_SAVINGS_PICOS) / PICOS_PER_UNIT);
    long input = totals.integer(CellField.INPUT_TOKENS);
    out.put(
        "cache_read_share",
        input == 0 ? null : (double) totals.integer(CellField.CACHED_INPUT_TOKENS) / input);
    return out;
  }
}
