package dev.aigw.insight.dashboard.read.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchReadOptions;
import dev.aigw.insight.dashboard.read.opensearch.OpenSearchSearchClient;
import dev.aigw.insight.schema.alert.AlertEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads alert events from the job's daily OpenSearch indices {@code <prefix>-yyyy.MM.dd} (option
 * {@code alerts.index-prefix}), with the same hosts, credentials and CA as the cells' reader. One
 * {@code _search} per call, filtered and sorted by the store ({@code event_time_ms} is a date,
 * {@code service} and {@code idempotency_key} keywords in the job's index template).
 */
public final class OpenSearchAlertStore implements AlertStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenSearchSearchClient client;
  private final String indexPattern;

  public OpenSearchAlertStore(OpenSearchReadOptions options, String indexPrefix) {
    this.client = new OpenSearchSearchClient(options, JSON);
    this.indexPattern = indexPrefix + "-*";
  }

  @Override
  public List<AlertEvent> events(long fromMs, long toMs, String service, int limit) {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", limit);
    body.put("track_total_hits", false);
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter
        .addObject()
        .putObject("range")
        .putObject("event_time_ms")
        .put("gte", fromMs)
        .put("lt", toMs)
        .put("format", "epoch_millis");
    if (service != null) {
      filter.addObject().putObject("term").put("service", service);
    }
    ArrayNode sort = body.putArray("sort");
    sort.addObject().put("event_time_ms", "desc");
    sort.addObject().put("idempotency_key", "asc");
    JsonNode answer = client.search(indexPattern, body);
    List<AlertEvent> events = new ArrayList<>();
    for (JsonNode hit : answer.path("hits").path("hits")) {
      events.add(AlertJson.event(hit.path("_source")));
    }
    return events;
  }

  @Override
  public void close() {
    // the JDK client holds no connection worth closing
  }

  @Override
  public String toString() {
    return "OpenSearch alerts " + indexPattern;
  }
}
