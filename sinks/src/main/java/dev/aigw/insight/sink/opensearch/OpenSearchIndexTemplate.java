package dev.aigw.insight.sink.opensearch;

import java.io.Serializable;

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

  public String name() {
    return name;
  }

  public String bodyJson() {
    return bodyJson;
  }
}
