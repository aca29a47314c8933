package dev.aigw.insight.dashboard;

import dev.aigw.insight.dashboard.read.alerts.AlertStore;
import dev.aigw.insight.dashboard.read.alerts.BanyanDbAlertStore;
import dev.aigw.insight.dashboard.read.alerts.OpenSearchAlertStore;
import dev.aigw.insight.schema.alert.AlertStoreNames;
import java.io.IOException;
import java.util.Locale;

/**
 * Opens the store of the alert events as the job chooses it: the job writes them where it writes
 * the cells ({@code cells.store}, default {@code BANYANDB}), to the OpenSearch indices {@code
 * alerts.index-prefix} or the BanyanDB stream group {@code alerts.banyandb.group}, with the same
 * connection keys {@link TelemetryStores} reads.
 */
public final class AlertStores {

  private AlertStores() {}

  /** The alert store of the configuration. */
  public static AlertStore open(DashboardConfig config) throws IOException {
    String cells = config.get(TelemetryStores.CELLS_STORE, "BANYANDB").toUpperCase(Locale.ROOT);
    if (cells.equals("OPENSEARCH")) {
      return new OpenSearchAlertStore(
          TelemetryStores.openSearch(config),
          config.get("alerts.index-prefix", AlertStoreNames.DEFAULT_INDEX_PREFIX));
    }
    return BanyanDbAlertStore.open(
        config.get("banyandb.targets", "127.0.0.1:17912"),
        config.get("alerts.banyandb.group", AlertStoreNames.DEFAULT_GROUP));
  }
}
