package dev.aigw.insight.dashboard;

import dev.aigw.insight.dashboard.read.SplitTelemetryStore;
import dev.aigw.insight.dashboard.read.TelemetryStore;
import dev.aigw.insight.dashboard.read.apps.AppCellStore;
import dev.aigw.insight.dashboard.read.apps.banyandb.BanyanDbAppCellStore;
import dev.aigw.insight.dashboard.read.apps.opensearch.OpenSearchAppCellStore;
import dev.aigw.insight.dashboard.read.banyandb.BanyanDbTelemetryStore;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchTelemetryStore;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.log.AccessLogStoreNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens the store(s) the job writes to, chosen by the job's keys: {@code cells.store} and {@code
 * logs.store} ({@code OPENSEARCH} or {@code BANYANDB}, the job's defaults {@code BANYANDB} and
 * {@code OPENSEARCH}), with the job's OpenSearch and BanyanDB keys.
 */
public final class TelemetryStores {

  static final String CELLS_STORE = "cells.store";
  static final String LOGS_STORE = "logs.store";

  private TelemetryStores() {}

  /** The store of the configuration; cells and logs from two stores when the job splits them. */
  public static TelemetryStore open(DashboardConfig config) throws IOException {
    String cells = kind(config, CELLS_STORE, "BANYANDB");
    String logs = kind(config, LOGS_STORE, "OPENSEARCH");
    if (cells.equals(logs)) {
      return open(config, cells, CELLS_STORE);
    }
    return new SplitTelemetryStore(
        open(config, cells, CELLS_STORE), open(config, logs, LOGS_STORE));
  }

  /**
   * The GenAI application cells' store (issue 17): the job writes them where it writes the gateway
   * cells ({@code cells.store}), in BanyanDB's minute group or the {@code aigw-app-cells-*}
   * indices, their hour and day cells in the hour and day groups or the {@code
   * aigw-app-hour-cells-*} and {@code aigw-app-day-cells-*} indices.
   */
  public static AppCellStore openApps(DashboardConfig config) throws IOException {
    if (kind(config, CELLS_STORE, "BANYANDB").equals("OPENSEARCH")) {
      return new OpenSearchAppCellStore(openSearch(config));
    }
    return BanyanDbAppCellStore.open(
        config.get("banyandb.targets", "127.0.0.1:17912"),
        config.get("banyandb.genai.minute.group", CellStoreNames.DEFAULT_MINUTE_GROUP),
        config.get("banyandb.genai.hour.group", CellResolution.HOUR.defaultGroup()),
        config.get("banyandb.genai.day.group", CellResolution.DAY.defaultGroup()));
  }

  private static TelemetryStore open(DashboardConfig config, String kind, String key)
      throws IOException {
    if (kind.equals("OPENSEARCH")) {
      // the job's key for the hour cells' indices, read on long ranges (docs/dashboard.md, Ranges)
      return new OpenSearchTelemetryStore(
          openSearch(config),
          config.get("cells.hour.index-prefix", CellResolution.HOUR.defaultIndexPrefix()),
          config.get("cells.day.index-prefix", CellResolution.DAY.defaultIndexPrefix()));
    }
    return banyanDb(config);
  }

  /**
   * The BanyanDB reader from the job's keys: {@code banyandb.targets} (the first is read), {@code
   * banyandb.genai.minute.group}, {@code .hour.group}, {@code .day.group}, {@code
   * banyandb.genai.logs.group}, with the job's defaults.
   */
  static BanyanDbTelemetryStore banyanDb(DashboardConfig config) {
    return BanyanDbTelemetryStore.open(
        config.get("banyandb.targets", "127.0.0.1:17912"),
        config.get("banyandb.genai.minute.group", CellStoreNames.DEFAULT_MINUTE_GROUP),
        config.get("banyandb.genai.hour.group", CellResolution.HOUR.defaultGroup()),
        config.get("banyandb.genai.day.group", CellResolution.DAY.defaultGroup()),
        config.get("banyandb.genai.logs.group", AccessLogStoreNames.DEFAULT_STREAM_GROUP));
  }

  /** The OpenSearch read options from the job's keys. */
  static OpenSearchReadOptions openSearch(DashboardConfig config) throws IOException {
    List<URI> hosts = new ArrayList<>();
    for (String host : config.get("opensearch.hosts", "http://127.0.0.1:9200").split(";")) {
      if (!host.isBlank()) {
        hosts.add(URI.create(host.trim()));
      }
    }
    String user = config.secret("opensearch.username");
    String password = config.secret("opensearch.password");
    String caFile = config.get("opensearch.tls.ca-file");
    return new OpenSearchReadOptions(
        hosts,
        config.get("cells.index-prefix", CellStoreNames.DEFAULT_INDEX_PREFIX),
        config.get("logs.index-prefix", AccessLogStoreNames.DEFAULT_INDEX_PREFIX),
        user,
        password,
        caFile == null ? null : Path.of(caFile),
        config.getDuration("opensearch.request-timeout", Duration.ofSeconds(10)));
  }

  private static String kind(DashboardConfig config, String key, String fallback) {
    String kind = config.get(key, fallback).toUpperCase(Locale.ROOT);
    if (!kind.equals("OPENSEARCH") && !kind.equals("BANYANDB")) {
      throw new IllegalArgumentException(
          key + " must be OPENSEARCH or BANYANDB, not '" + kind + "'");
    }
    return kind;
  }
}
