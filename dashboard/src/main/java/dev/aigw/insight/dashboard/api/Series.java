package dev.aigw.insight.dashboard.api;

import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-minute series on a range's minute grid, one array per field. A minute without a cell had no
 * traffic: additive fields (counts, tokens, costs) read 0 there, the others (averages, percentiles)
 * null, since an average of nothing is not 0.
 */
final class Series {

  private Series() {}

  /** Field name → values per minute of {@code range}, from the cells of one series. */
  static Map<String, Object[]> values(
      TimeRange range, List<MinuteCell> cells, List<CellField> fields) {
    Map<String, Object[]> out = new LinkedHashMap<>();
    int n = range.minutes();
    for (CellField f : fields) {
      Object[] values = new Object[n];
      if (f.isAdditive() || f == CellField.ESTIMATED_COST || f == CellField.CACHE_SAVINGS) {
        Number zero = f.type() == CellField.Type.INTEGER ? (Number) 0L : (Number) 0.0;
        java.util.Arrays.fill(values, zero);
      }
      out.put(f.storeName(), values);
    }
    for (MinuteCell cell : cells) {
      int i = range.indexOf(cell.windowStartMs);
      if (i < 0) {
        continue;
      }
      for (CellField f : fields) {
        out.get(f.storeName())[i] = f.value(cell);
      }
    }
    return out;
  }
}
