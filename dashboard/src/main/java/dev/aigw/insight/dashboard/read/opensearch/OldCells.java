package dev.aigw.insight.dashboard.read.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.schema.cell.CellField;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the cell indices still hold of earlier versions: fields under their 0.1.0 names (a day index
 * of an upgrade holds both names until its retention ends), and cells written before the duration
 * sums existed (whose averages over several minutes can only be their highest per-minute average).
 *
 * <p>Each costs a series an extra aggregation per field and step: a twin under the old name for
 * every sum and max, a max beside every Σ sum / Σ count average. Together they doubled the
 * aggregations of a query and the size of its answer, which was most of a series' time. Once no
 * index holds them they are left out. Both answers are asked again every minute, so that cells a
 * 0.1.0 job still writes during an upgrade are seen within a minute.
 */
final class OldCells {

  private static final long RECHECK_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final OpenSearchSearchClient client;
  private final String indexPattern;
  private final List<String> legacyNames = new ArrayList<>();
  private final Probe oldNames = new Probe(this::mapsAnOldName);
  private final Probe withoutSums = new Probe(this::holdsACellWithoutSums);

  OldCells(OpenSearchSearchClient client, String indexPattern) {
    this.client = client;
    this.indexPattern = indexPattern;
    for (CellField f : CellField.values()) {
      if (!f.legacyName().equals(f.storeName())) {
        legacyNames.add(f.legacyName());
      }
    }
  }

  /** True when some cell index maps an old field name (or when that cannot be told). */
  boolean oldNames() {
    return oldNames.answer();
  }

  /** True when some cell index holds a cell without duration sums (or that cannot be told). */
  boolean withoutSums() {
    return withoutSums.answer();
  }

  private boolean mapsAnOldName() {
    if (legacyNames.isEmpty()) {
      return false;
    }
    boolean any = false;
    for (JsonNode index : client.fieldMappings(indexPattern, legacyNames)) {
      any |= !index.path("mappings").isEmpty();
    }
    return any;
  }

  private boolean holdsACellWithoutSums() {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 0).put("terminate_after", 1).put("track_total_hits", 1);
    body.putObject("query")
        .putObject("bool")
        .putObject("must_not")
        .putObject("exists")
        .put("field", CellField.LATENCY_SUM_MS.storeName());
    return client.search(indexPattern, body).path("hits").path("total").path("value").asLong() > 0;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One question to the store, its answer kept for a minute; "yes" while it cannot be asked. */
  private static final class Probe {
    private final BooleanSupplier ask;
    private volatile boolean answer = true;
    private volatile long askedAtNanos;
    private volatile boolean asked;

    Probe(BooleanSupplier ask) {
      this.ask = ask;
    }

    boolean answer() {
      long now = System.nanoTime();
      if (asked && now - askedAtNanos < RECHECK_NANOS) {
        return answer;
      }
      try {
        answer = ask.getAsBoolean();
        askedAtNanos = now;
        asked = true;
        return answer;
      } catch (StoreUnavailableException e) {
        // the query that asked will meet the same store and say why; until then assume old cells
        return true;
      }
    }
  }
}
