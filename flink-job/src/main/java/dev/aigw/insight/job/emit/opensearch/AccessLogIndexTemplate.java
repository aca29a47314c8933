package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.schema.log.AccessLogField;
import dev.aigw.insight.schema.log.AccessLogField.OpenSearchType;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;

/**
 * The index template of the daily access-log indices; the fields and their types are {@link
 * AccessLogField}'s (shared with the dashboard, which reads them).
 *
 * <p>The searchable fields are mapped explicitly (keyword, date, long, double); the body is text;
 * every attribute under {@code attributes.*} is mapped dynamically as keyword (exact search on any
 * attribute, e.g. {@code attributes.upstream_host}).
 */
public final class AccessLogIndexTemplate {

  private AccessLogIndexTemplate() {}

  /** The template for the configured prefix, shards and replicas; named after the prefix. */
  public static OpenSearchIndexTemplate of(LogsConfig config) {
    return of(config.indexPrefix(), config.indexShards(), config.indexReplicas());
  }

  /** The template matching {@code <prefix>-*}. */
  public static OpenSearchIndexTemplate of(String prefix, int shards, int replicas) {
    return OpenSearchIndexTemplate.forDailyIndices(
        prefix,
        shards,
        replicas,
        mappings -> {
          ArrayNode dynamicTemplates = mappings.putArray("dynamic_templates");
          ObjectNode attributesAsKeywords =
              dynamicTemplates.addObject().putObject("attributes_as_keywords");
          attributesAsKeywords.put("path_match", AccessLogField.ATTRIBUTES.storeName() + ".*");
          attributesAsKeywords.put("match_mapping_type", "string");
          attributesAsKeywords
              .putObject("mapping")
              .put("type", "keyword")
              .put("ignore_above", 2048);
          ObjectNode properties = mappings.putObject("properties");
          for (OpenSearchType type : OpenSearchType.values()) {
            for (AccessLogField field : AccessLogField.ofOpenSearchType(type)) {
              ObjectNode mapping =
                  properties.putObject(field.storeName()).put("type", type.mapping());
              switch (type) {
                case DATE -> mapping.put("format", "epoch_millis");
                case OBJECT -> mapping.put("dynamic", true);
                default -> {}
              }
            }
          }
        });
  }
}
