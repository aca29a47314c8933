package dev.aigw.insight.sink.opensearch;

import java.io.Serializable;
import java.util.Objects;

/**
 * One document to index: the target index, its {@code _id} and its JSON source.
 *
 * <p>The id is what makes delivery idempotent: a replay after a restart indexes the same id again
 * and overwrites the earlier copy instead of adding a duplicate.
 */
public final class OpenSearchDocument implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String index;
  private final String id;
  private final String sourceJson;

  /**
   * @param index the index name (lower case, as OpenSearch requires)
   * @param id the document id; equal ids overwrite each other
   * @param sourceJson the document as one JSON object
   */
  public OpenSearchDocument(String index, String id, String sourceJson) {
    this.index = requireNonBlank(index, "index");
    this.id = requireNonBlank(id, "id");
    this.sourceJson = requireNonBlank(sourceJson, "sourceJson");
  }

  private static String requireNonBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("OpenSearchDocument." + name + " must not be blank");
    }
    return value;
  }

  public String index() {
    return index;
  }

  public String id() {
    return id;
  }

  public String sourceJson() {
    return sourceJson;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OpenSearchDocument)) {
      return false;
    }
    OpenSearchDocument that = (OpenSearchDocument) o;
    return index.equals(that.index) && id.equals(that.id) && sourceJson.equals(that.sourceJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, id, sourceJson);
  }

  @Override
  public String toString() {
    return "OpenSearchDocument{index=" + index + ", id=" + id + "}";
  }
}
