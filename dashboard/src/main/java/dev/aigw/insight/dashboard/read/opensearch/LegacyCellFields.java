package dev.aigw.insight.dashboard.read.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.schema.cell.CellField;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether any cell index still maps a field under its 0.1.0 name (cells written before the fields
 * were renamed; a day index of an upgrade holds both names until its retention ends).
 *
 * <p>Every aggregation over such a field needs a twin under the old name, which doubles the
 * aggregations of a query and the size of its answer (most of a series' time). Once no index maps
 * an old name the twins are left out. The answer is asked again every minute, so that an index
 * written by a 0.1.0 job that still runs during an upgrade is seen within a minute.
 */
final class LegacyCellFields {

  private static final long RECHECK_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final OpenSearchSearchClient client;
  private final String indexPattern;
  private final List<String> legacyNames = new ArrayList<>();
  private volatile boolean present = true;
  private volatile long checkedAtNanos;
  private volatile boolean checked;

  LegacyCellFields(OpenSearchSearchClient client, String indexPattern) {
    this.client = client;
    this.indexPattern = indexPattern;
    for (CellField f : CellField.values()) {
      if (!f.legacyName().equals(f.storeName())) {
        legacyNames.add(f.legacyName());
      }
    }
  }

  /** True when some cell index maps an old field name (or when that cannot be told). */
  boolean present() {
    long now = System.nanoTime();
    if (checked && now - checkedAtNanos < RECHECK_NANOS) {
      return present;
    }
    if (legacyNames.isEmpty()) {
      return false;
    }
    try {
      boolean any = false;
      for (JsonNode index : client.fieldMappings(indexPattern, legacyNames)) {
        any |= !index.path("mappings").isEmpty();
      }
      present = any;
      checkedAtNanos = now;
      checked = true;
      return any;
    } catch (StoreUnavailableException e) {
      // the query that asked will meet the same store and say why; until then assume old cells
      return true;
    }
  }
}
