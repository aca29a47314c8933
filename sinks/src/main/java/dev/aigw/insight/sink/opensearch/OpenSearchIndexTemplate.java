package dev.aigw.insight.sink.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * A composable index template ({@code PUT _index_template/<name>}) that the sink installs when it
 * starts, so that daily indices get their mapping the moment they are created.
 */
public final class OpenSearchIndexTemplate implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final String bodyJson;

  /**
   * @param name the template name
   * @param bodyJson the request body: {@code index_patterns}, {@code template.settings}, {@code
   *     template.mappings}, {@code priority}
   */
  public OpenSearchIndexTemplate(String name, String bodyJson) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("OpenSearchIndexTemplate.name must not be blank");
    }
    if (bodyJson == null || bodyJson.isBlank()) {
      throw new IllegalArgumentException("OpenSearchIndexTemplate.bodyJson must not be blank");
    }
    this.name = name;
    this.bodyJson = bodyJson;
  }

  /**
   * A template named after {@code prefix} for its daily indices ({@link DailyIndexName}), with the
   * given shard and replica counts; {@code mappings} fills in the {@code template.mappings} object.
   */
  public static OpenSearchIndexTemplate forDailyIndices(
      String prefix, int shards, int replicas, Consumer<ObjectNode> mappings) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode();
    body.putArray("index_patterns").add(DailyIndexName.pattern(prefix));
    // above the priority of catch-all templates a cluster may have
    body.put("priority", 200);
    ObjectNode template = body.putObject("template");
    template
        .putObject("settings")
        .put("index.number_of_shards", shards)
        .put("index.number_of_replicas", replicas);
    mappings.accept(template.putObject("mappings"));
    try {
      return new OpenSearchIndexTemplate(prefix, json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public String bodyJson() {
    return bodyJson;
  }
}
