package dev.aigw.insight.job.alert.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.schema.alert.AlertDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;

/** The template of the daily alert indices: ids and names as keywords, times as dates. */
public final class AlertIndexTemplate {

  private AlertIndexTemplate() {}

  /** The template matching {@code <prefix>-*}. */
  public static OpenSearchIndexTemplate of(String prefix, int shards, int replicas) {
    return OpenSearchIndexTemplate.forDailyIndices(
        prefix,
        shards,
        replicas,
        mappings -> {
          ObjectNode properties = mappings.putObject("properties");
          for (String field : AlertDocument.dateFields()) {
            properties.putObject(field).put("type", "date").put("format", "epoch_millis");
          }
          for (String field : AlertDocument.keywordFields()) {
            properties.putObject(field).put("type", "keyword");
          }
          properties.putObject("value").put("type", "double");
          properties.putObject("threshold").put("type", "double");
          properties.putObject("message").put("type", "text");
          properties.putObject("reason").put("type", "text");
        });
  }
}
