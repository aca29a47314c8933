package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;

/**
 * The index template of daily per-minute cell indices: the cell's coordinates as keywords, its
 * minute as a date, whole numbers as long and every other number as double (OpenSearch would map
 * them as float by default, losing precision on costs and latencies).
 */
public final class MinuteCellIndexTemplate {

  public static final String TIMESTAMP = "timestamp";

  private static final String[] KEYWORDS = {
    "scope", "dimension", "service", "instance", "provider", "model"
  };

  private MinuteCellIndexTemplate() {}

  /** The template matching {@code <prefix>-*}, named after the prefix. */
  public static OpenSearchIndexTemplate of(String prefix, int shards, int replicas) {
    return OpenSearchIndexTemplate.forDailyIndices(
        prefix,
        shards,
        replicas,
        mappings -> {
          ArrayNode dynamicTemplates = mappings.putArray("dynamic_templates");
          dynamicTemplates
              .addObject()
              .putObject("numbers_as_double")
              .put("match_mapping_type", "double")
              .putObject("mapping")
              .put("type", "double");
          ObjectNode properties = mappings.putObject("properties");
          properties.putObject(TIMESTAMP).put("type", "date").put("format", "epoch_millis");
          properties.putObject("windowStartMs").put("type", "date").put("format", "epoch_millis");
          for (String field : KEYWORDS) {
            properties.putObject(field).put("type", "keyword");
          }
        });
  }
}
