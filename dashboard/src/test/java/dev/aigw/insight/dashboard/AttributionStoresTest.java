package dev.aigw.insight.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.dashboard.read.attribution.AttributionStore;
import dev.aigw.insight.dashboard.read.attribution.BanyanDbAttributionStore;
import dev.aigw.insight.dashboard.read.attribution.OpenSearchAttributionStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attribution reader and the attribute names come from the job's own keys. */
class AttributionStoresTest {

  @Test
  void theCellStoreDecidesWhereAttributionCellsAreRead() throws Exception {
    try (AttributionStore store =
        AttributionStores.open(
            config(
                Map.of(
                    "cells.store", "opensearch",
                    "opensearch.hosts", "http://127.0.0.1:9200",
                    "attribution.index-prefix", "my-attribution")))) {
      assertThat(store).isInstanceOf(OpenSearchAttributionStore.class);
      assertThat(store.toString()).contains("my-attribution-*");
    }
    // the job's default cell store
    try (AttributionStore store =
        AttributionStores.open(config(Map.of("banyandb.targets", "127.0.0.1:1")))) {
      assertThat(store).isInstanceOf(BanyanDbAttributionStore.class);
      assertThat(store.toString()).contains("127.0.0.1:1").contains("genai_minute");
    }
    assertThatThrownBy(() -> AttributionStores.open(config(Map.of("cells.store", "kafka"))))
        .hasMessageContaining("cells.store must be OPENSEARCH or BANYANDB, not 'KAFKA'");
  }

  @Test
  void attributeNamesAreTheJobsListsWithEitherSeparator() {
    DashboardConfig config =
        config(
            Map.of(
                "attribution.attributes", " team.id, tenant.id;api.key,team.id",
                "attribution.secret-attributes", "api.key"));
    assertThat(AttributionStores.configured(config))
        .containsExactly("team.id", "tenant.id", "api.key");
    assertThat(AttributionStores.secret(config)).containsExactly("api.key");
    assertThat(AttributionStores.configured(config(Map.of()))).isEmpty();
  }

  private static DashboardConfig config(Map<String, String> values) {
    return DashboardConfig.of(values, name -> null);
  }
}
