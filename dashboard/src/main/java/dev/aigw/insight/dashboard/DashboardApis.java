package dev.aigw.insight.dashboard;

import dev.aigw.insight.dashboard.api.AlertsApi;
import dev.aigw.insight.dashboard.api.AppAttributionApi;
import dev.aigw.insight.dashboard.api.AppsApi;
import dev.aigw.insight.dashboard.api.AttributionApi;
import dev.aigw.insight.dashboard.api.QueryApi;
import dev.aigw.insight.dashboard.pipeline.PipelineApi;
import dev.aigw.insight.dashboard.pipeline.PipelineReader;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.dashboard.read.alerts.AlertStore;
import dev.aigw.insight.dashboard.read.apps.AppAttributionStore;
import dev.aigw.insight.dashboard.read.apps.AppCellStore;
import dev.aigw.insight.dashboard.read.attribution.AttributionStore;
import dev.aigw.insight.dashboard.server.ApiRoutes;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every query API of the dashboard over the stores a configuration names: opened together,
 * registered on one server together, closed together. The standalone dashboard and the local runner
 * both start from here, so that an API added to the dashboard is served by both.
 */
public final class DashboardApis implements ApiRoutes, AutoCloseable {

  private final List<AutoCloseable> stores;
  private final ApiRoutes routes;

  private DashboardApis(List<AutoCloseable> stores, ApiRoutes routes) {
    this.stores = List.copyOf(stores);
    this.routes = routes;
  }

  /** Opens the stores {@code config} names (closing those already open if one fails). */
  public static DashboardApis open(DashboardConfig config) throws IOException {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      TelemetryStore cells = TelemetryStores.open(config);
      opened.add(cells);
      AppCellStore apps = TelemetryStores.openApps(config);
      opened.add(apps);
      AttributionStore attribution = AttributionStores.open(config);
      opened.add(attribution);
      AppAttributionStore appAttribution = AttributionStores.openApplications(config);
      opened.add(appAttribution);
      AlertStore alerts = AlertStores.open(config);
      opened.add(alerts);
      return new DashboardApis(
          opened,
          ApiRoutes.all(
              new QueryApi(cells),
              new AppsApi(apps),
              // the attribute names as the job is configured (--attribution.attributes team.id)
              new AttributionApi(
                  attribution,
                  AttributionStores.configured(config),
                  AttributionStores.secret(config)),
              new AppAttributionApi(
                  appAttribution,
                  AttributionStores.configured(config),
                  AttributionStores.secret(config)),
              new AlertsApi(alerts),
              new PipelineApi(pipelineReader(config))));
    } catch (IOException | RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /**
   * The reader of Flink's REST API at {@code dashboard.flink-rest} (e.g. {@code
   * http://jobmanager:8081}) for the Pipeline page; null when not given (the page says so).
   */
  public static PipelineReader pipelineReader(DashboardConfig config) {
    String address = config.get("dashboard.flink-rest");
    if (address == null) {
      return null;
    }
    return PipelineReader.of(
        URI.create(address),
        config.getDuration("dashboard.flink-rest-timeout", Duration.ofSeconds(5)));
  }

  /** The stores read, for the start-up line (no credentials). */
  @Override
  public String toString() {
    return stores.get(0).toString();
  }

  @Override
  public void register(RoutesConfig config) {
    routes.register(config);
  }

  /** Frees every store's connections. */
  @Override
  public void close() {
    RuntimeException failure = new RuntimeException("closing the dashboard's stores failed");
    closeAll(stores, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private static void closeAll(List<AutoCloseable> stores, Exception failure) {
    for (int i = stores.size() - 1; i >= 0; i--) {
      try {
        stores.get(i).close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
