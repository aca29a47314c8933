package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;

/**
 * The access-log document fields and the index template of the daily access-log indices.
 *
 * <p>The searchable fields are mapped explicitly (keyword, date, long, double); the body is text;
 * every attribute under {@code attributes.*} is mapped dynamically as keyword (exact search on any
 * attribute, e.g. {@code attributes.upstream_host}).
 */
public final class AccessLogIndexTemplate {

  public static final String TIMESTAMP = "timestamp";
  public static final String SERVICE = "service";
  public static final String INSTANCE = "instance";
  public static final String STATUS_CODE = "status_code";
  public static final String PROVIDER = "provider";
  public static final String MODEL = "model";
  public static final String REQUEST_MODEL = "request_model";
  public static final String RESPONSE_MODEL = "response_model";
  public static final String REQUEST_ID = "request_id";
  public static final String INPUT_TOKENS = "input_tokens";
  public static final String OUTPUT_TOKENS = "output_tokens";
  public static final String REASONING_TOKENS = "reasoning_tokens";
  public static final String DURATION_MS = "duration_ms";
  public static final String ESTIMATED_COST = "estimated_cost";
  public static final String UPSTREAM_FAILURE = "upstream_failure";
  public static final String KEEP_REASON = "keep_reason";
  public static final String BODY = "body";
  public static final String ATTRIBUTES = "attributes";

  private static final String[] KEYWORDS = {
    SERVICE,
    INSTANCE,
    PROVIDER,
    MODEL,
    REQUEST_MODEL,
    RESPONSE_MODEL,
    REQUEST_ID,
    UPSTREAM_FAILURE,
    KEEP_REASON
  };
  private static final String[] LONGS = {
    STATUS_CODE, INPUT_TOKENS, OUTPUT_TOKENS, REASONING_TOKENS, DURATION_MS
  };

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
          attributesAsKeywords.put("path_match", ATTRIBUTES + ".*");
          attributesAsKeywords.put("match_mapping_type", "string");
          attributesAsKeywords
              .putObject("mapping")
              .put("type", "keyword")
              .put("ignore_above", 2048);
          ObjectNode properties = mappings.putObject("properties");
          properties.putObject(TIMESTAMP).put("type", "date").put("format", "epoch_millis");
          for (String field : KEYWORDS) {
            properties.putObject(field).put("type", "keyword");
          }
          for (String field : LONGS) {
            properties.putObject(field).put("type", "long");
          }
          properties.putObject(ESTIMATED_COST).put("type", "double");
          properties.putObject(BODY).put("type", "text");
          properties.putObject(ATTRIBUTES).put("type", "object").put("dynamic", true);
        });
  }
}
