package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.schema.app.AppCellDocument;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;
import java.util.List;

/**
 * The index template of the daily application-cell indices: coordinates and dimension as keywords,
 * the minute as a date, every {@link AppCellField} as long or double by its type.
 */
public final class AppCellIndexTemplate {

  private AppCellIndexTemplate() {}

  /** The template matching {@code <prefix>-*}, named after the prefix. */
  public static OpenSearchIndexTemplate of(String prefix, int shards, int replicas) {
    return of(prefix, shards, replicas, AppCellDocument.keywordFields());
  }

  /**
   * As {@link #of(String, int, int)} with other keyword fields (the application attribution cells
   * add the attribute and the value).
   */
  public static OpenSearchIndexTemplate of(
      String prefix, int shards, int replicas, List<String> keywordFields) {
    return OpenSearchIndexTemplate.forDailyIndices(
        prefix,
        shards,
        replicas,
        mappings -> {
          ObjectNode properties = mappings.putObject("properties");
          for (String field : AppCellDocument.dateFields()) {
            properties.putObject(field).put("type", "date").put("format", "epoch_millis");
          }
          for (String field : keywordFields) {
            properties.putObject(field).put("type", "keyword");
          }
          for (AppCellField field : AppCellField.values()) {
            properties
                .putObject(field.storeName())
                .put("type", field.type() == AppCellField.Type.INTEGER ? "long" : "double");
          }
        });
  }
}
