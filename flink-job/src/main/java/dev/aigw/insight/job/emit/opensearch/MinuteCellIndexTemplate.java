package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;
import java.io.UncheckedIOException;

/**
 * The index template of the daily minute-cell indices: the identifying fields are keywords, the
 * window start is a date, and every value (counts, milliseconds, tokens, cost) is mapped
 * dynamically as a number.
 */
public final class MinuteCellIndexTemplate {

  public static final String WINDOW_START = "window_start";
  public static final String SCOPE = "scope";
  public static final String DIMENSION = "dimension";
  public static final String SERVICE = "service";
  public static final String INSTANCE = "instance";
  public static final String PROVIDER = "provider";
  public static final String MODEL = "model";

  private static final String[] KEYWORDS = {SCOPE, DIMENSION, SERVICE, INSTANCE, PROVIDER, MODEL};

  private MinuteCellIndexTemplate() {}

  /** The template matching {@code <prefix>-*}. */
  public static OpenSearchIndexTemplate of(String prefix, int shards, int replicas) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode();
    body.putArray("index_patterns").add(DailyIndexName.pattern(prefix));
    body.put("priority", 200);
    ObjectNode template = body.putObject("template");
    template
        .putObject("settings")
        .put("index.number_of_shards", shards)
        .put("index.number_of_replicas", replicas);
    ObjectNode mappings = template.putObject("mappings");
    // Values are numbers; a whole-number double such as 0.0 must not make the field a long.
    mappings
        .putArray("dynamic_templates")
        .addObject()
        .putObject("values_as_doubles")
        .put("match_mapping_type", "double")
        .putObject("mapping")
        .put("type", "double");
    ObjectNode properties = mappings.putObject("properties");
    properties.putObject(WINDOW_START).put("type", "date").put("format", "epoch_millis");
    for (String field : KEYWORDS) {
      properties.putObject(field).put("type", "keyword");
    }
    try {
      return new OpenSearchIndexTemplate(prefix, json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
