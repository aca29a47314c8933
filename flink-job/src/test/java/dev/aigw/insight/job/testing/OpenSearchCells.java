package dev.aigw.insight.job.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionDocument;
import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the minute cells that the job wrote to OpenSearch ({@code cells.store: OPENSEARCH}) back
 * into {@link MinuteCell}s with {@link CellDocument#fromSource}, as any reader would (documents of
 * this version and of 0.2.0 alike).
 */
public final class OpenSearchCells {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI base;
  private final String indexPrefix;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Cells in the daily indices {@code <indexPrefix>-*} of the node at {@code base}. */
  public OpenSearchCells(URI base, String indexPrefix) {
    this.base = base;
    this.indexPrefix = indexPrefix;
  }

  /** Every cell document (after a refresh, so the latest writes are visible). */
  public List<MinuteCell> all() {
    String indices = "/" + indexPrefix + "-*";
    send("POST", indices + "/_refresh?allow_no_indices=true", null);
    JsonNode answer = search(indices);
    List<MinuteCell> cells = new ArrayList<>();
    for (JsonNode hit : answer.path("hits").path("hits")) {
      try {
        MinuteCell cell =
            CellDocument.fromSource(JSON.convertValue(hit.path("_source"), Map.class));
        if (!CellDocument.id(cell).equals(hit.path("_id").asText())) {
          throw new IllegalStateException(
              "Document id "
                  + hit.path("_id").asText()
                  + " is not the cell's "
                  + CellDocument.id(cell));
        }
        cells.add(cell);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Unreadable cell document " + hit, e);
      }
    }
    return cells;
  }

  /**
   * Searches every cell, waiting out the moments after a daily index is created: until its primary
   * shard has started, OpenSearch answers a search with 503 "all shards failed".
   */
  private JsonNode search(String indices) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return send(
            "POST",
            indices + "/_search?allow_no_indices=true",
            "{\"size\":10000,\"query\":{\"match_all\":{}}}");
      } catch (ShardsNotReady e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        awaitNoInitializingShards();
      }
    }
  }

  /** Lets the node start the new index's shards (a timed-out wait answers 408: look again). */
  private void awaitNoInitializingShards() {
    try {
      send("GET", "/_cluster/health?wait_for_no_initializing_shards=true&timeout=5s", null);
    } catch (IllegalStateException stillInitializing) {
      // the search is retried until the deadline either way
    }
  }

  /** A 503 answer: the shards of a new index are still starting. */
  private static final class ShardsNotReady extends IllegalStateException {
    ShardsNotReady(String message) {
      super(message);
    }
  }

  /** Every attribution cell document (written to indices of {@code <indexPrefix>-*}). */
  public List<AttributionCell> attributionCells() {
    String indices = "/" + indexPrefix + "-*";
    send("POST", indices + "/_refresh?allow_no_indices=true", null);
    JsonNode answer = search(indices);
    List<AttributionCell> cells = new ArrayList<>();
    for (JsonNode hit : answer.path("hits").path("hits")) {
      AttributionCell cell =
          AttributionDocument.fromSource(JSON.convertValue(hit.path("_source"), Map.class));
      if (!AttributionDocument.id(cell).equals(hit.path("_id").asText())) {
        throw new IllegalStateException(
            "Document id " + hit.path("_id").asText() + " is not the cell's " + cell.cellKey());
      }
      cells.add(cell);
    }
    return cells;
  }

  private JsonNode send(String method, String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 503) {
        throw new ShardsNotReady(method + " " + path + " answered 503: " + response.body());
      }
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during " + method + " " + path, e);
    }
  }
}
