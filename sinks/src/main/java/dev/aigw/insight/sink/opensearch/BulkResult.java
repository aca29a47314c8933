package dev.aigw.insight.sink.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-item outcome of one {@code _bulk} answer (HTTP 200): which documents were indexed, which
 * failed in a way worth retrying (429, 5xx) and which were refused for good (other 4xx).
 */
final class BulkResult {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A document the store refused, with the store's reason. */
  static final class ItemFailure {
    final BulkOperation operation;
    final int status;
    final String type;
    final String reason;

    ItemFailure(BulkOperation operation, int status, String type, String reason) {
      this.operation = operation;
      this.status = status;
      this.type = type;
      this.reason = reason;
    }

    @Override
    public String toString() {
      return "index ["
          + operation.index()
          + "] id ["
          + operation.id()
          + "]: HTTP "
          + status
          + " "
          + type
          + ": "
          + reason;
    }
  }

  /** The documents the store acknowledged. */
  final List<BulkOperation> indexed;

  final List<ItemFailure> retryable;
  final List<ItemFailure> permanent;

  private BulkResult(
      List<BulkOperation> indexed, List<ItemFailure> retryable, List<ItemFailure> permanent) {
    this.indexed = indexed;
    this.retryable = retryable;
    this.permanent = permanent;
  }

  /** Whether a status is worth retrying: throttling (429) or a server-side failure (5xx). */
  static boolean isRetryableStatus(int status) {
    return status == 429 || status >= 500;
  }

  /**
   * Reads the answer; items come back in the order of the request.
   *
   * @throws OpenSearchSinkException if the answer is not a _bulk answer for this batch
   */
  static BulkResult parse(String body, List<BulkOperation> batch) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new OpenSearchSinkException(
          "The _bulk answer is not JSON: " + OpenSearchHttpClient.excerpt(body), e);
    }
    JsonNode items = root == null ? null : root.get("items");
    if (items == null || !items.isArray() || items.size() != batch.size()) {
      throw new OpenSearchSinkException(
          "The _bulk answer does not list one item per document ("
              + batch.size()
              + " sent): "
              + OpenSearchHttpClient.excerpt(body));
    }
    if (!root.path("errors").asBoolean(false)) {
      return new BulkResult(batch, List.of(), List.of());
    }
    List<BulkOperation> indexed = new ArrayList<>();
    List<ItemFailure> retryable = new ArrayList<>();
    List<ItemFailure> permanent = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      // each item is {"<action>": {...}}; we only send "index" actions
      JsonNode item = items.get(i).elements().next();
      int status = item.path("status").asInt(0);
      if (status / 100 == 2) {
        indexed.add(batch.get(i));
        continue;
      }
      JsonNode error = item.path("error");
      String reason = error.path("reason").asText(error.asText(""));
      JsonNode causedBy = error.path("caused_by");
      if (causedBy.has("reason")) {
        reason = reason + " (caused by " + causedBy.path("type").asText() + ": ";
        reason = reason + causedBy.path("reason").asText() + ")";
      }
      ItemFailure failure =
          new ItemFailure(batch.get(i), status, error.path("type").asText("unknown"), reason);
      (isRetryableStatus(status) ? retryable : permanent).add(failure);
    }
    return new BulkResult(indexed, retryable, permanent);
  }
}
