package dev.aigw.insight.dashboard;

import dev.aigw.insight.dashboard.read.apps.AppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.banyandb.BanyanDbAppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.opensearch.OpenSearchAppAttributionStore;
import dev.aigw.insight.dashboard.read.attribution.AttributionStore;
import dev.aigw.insight.dashboard.read.attribution.BanyanDbAttributionStore;
import dev.aigw.insight.dashboard.read.attribution.OpenSearchAttributionStore;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens the store the job writes its attribution cells to: the cells' store ({@code cells.store},
 * default {@code BANYANDB}, as {@link TelemetryStores}), with {@code attribution.index-prefix} on
 * OpenSearch; and reads the attribute names the job is configured with ({@code
 * attribution.attributes}, {@code attribution.secret-attributes}).
 */
public final class AttributionStores {

  private AttributionStores() {}

  /** The attribution reader of the configuration's cell store. */
  public static AttributionStore open(DashboardConfig config) throws IOException {
    String kind = config.get(TelemetryStores.CELLS_STORE, "BANYANDB").toUpperCase(Locale.ROOT);
    if (kind.equals("OPENSEARCH")) {
      return new OpenSearchAttributionStore(
          TelemetryStores.openSearch(config),
          config.get("attribution.index-prefix", AttributionStoreNames.DEFAULT_INDEX_PREFIX),
          config.get(
              "attribution.hour.index-prefix", AttributionStoreNames.DEFAULT_HOUR_INDEX_PREFIX),
          config.get(
              "attribution.day.index-prefix", AttributionStoreNames.DEFAULT_DAY_INDEX_PREFIX));
    }
    if (kind.equals("BANYANDB")) {
      return BanyanDbAttributionStore.open(
          config.get("banyandb.targets", "127.0.0.1:17912"),
          config.get("banyandb.genai.minute.group", CellStoreNames.DEFAULT_MINUTE_GROUP),
          config.get("banyandb.genai.hour.group", CellResolution.HOUR.defaultGroup()),
          config.get("banyandb.genai.day.group", CellResolution.DAY.defaultGroup()));
    }
    throw new IllegalArgumentException(
        TelemetryStores.CELLS_STORE + " must be OPENSEARCH or BANYANDB, not '" + kind + "'");
  }

  /**
   * The reader of the application attribution cells (from spans) in the same cell store: on
   * OpenSearch the job's fixed prefixes ({@code AppAttributionStoreNames}), on BanyanDB the same
   * groups as the gateway attribution cells.
   */
  public static AppAttributionStore openApplications(DashboardConfig config) throws IOException {
    String kind = config.get(TelemetryStores.CELLS_STORE, "BANYANDB").toUpperCase(Locale.ROOT);
    if (kind.equals("OPENSEARCH")) {
      return new OpenSearchAppAttributionStore(TelemetryStores.openSearch(config));
    }
    if (kind.equals("BANYANDB")) {
      return BanyanDbAppAttributionStore.open(
          config.get("banyandb.targets", "127.0.0.1:17912"),
          config.get("banyandb.genai.minute.group", CellStoreNames.DEFAULT_MINUTE_GROUP),
          config.get("banyandb.genai.hour.group", CellResolution.HOUR.defaultGroup()),
          config.get("banyandb.genai.day.group", CellResolution.DAY.defaultGroup()));
    }
    throw new IllegalArgumentException(
        TelemetryStores.CELLS_STORE + " must be OPENSEARCH or BANYANDB, not '" + kind + "'");
  }

  /** The configured attribute names ({@code attribution.attributes}), in their order. */
  public static List<String> configured(DashboardConfig config) {
    return names(config.get("attribution.attributes"));
  }

  /** The attributes stored only as a keyed hash ({@code attribution.secret-attributes}). */
  public static List<String> secret(DashboardConfig config) {
    return names(config.get("attribution.secret-attributes"));
  }

  private static List<String> names(String list) {
    List<String> names = new ArrayList<>();
    if (list != null) {
      // comma-separated as the job reads it; ';' as the local runner passes lists
      for (String name : list.split("[,;]")) {
        if (!name.isBlank() && !names.contains(name.trim())) {
          names.add(name.trim());
        }
      }
    }
    return names;
  }
}
