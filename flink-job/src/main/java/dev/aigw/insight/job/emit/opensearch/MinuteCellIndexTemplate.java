package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.sink.opensearch.OpenSearchIndexTemplate;
import java.util.List;

/**
 * The index template of daily per-minute cell indices ({@link CellDocument}): the cell's
 * coordinates as keywords, its minute as a date, every {@link CellField} as long or double by its
 * type (OpenSearch would map fractions as float by default, losing precision on costs and
 * latencies; fields of other writers keep that rule through a dynamic template).
 */
public final class MinuteCellIndexTemplate {

  private MinuteCellIndexTemplate() {}

  /** The template matching {@code <prefix>-*}, named after the prefix. */
  public static OpenSearchIndexTemplate of(String prefix, int shards, int replicas) {
    return of(prefix, shards, replicas, CellDocument.keywordFields());
  }

  /**
   * The same mapping with other keyword fields: the attribution cells' indices (the cell's
   * keywords, the attribute and its value).
   */
  public static OpenSearchIndexTemplate of(
      String prefix, int shards, int replicas, List<String> keywordFields) {
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
          for (String field : CellDocument.dateFields()) {
            properties.putObject(field).put("type", "date").put("format", "epoch_millis");
          }
          for (String field : keywordFields) {
            properties.putObject(field).put("type", "keyword");
          }
          for (CellField field : CellField.values()) {
            properties
                .putObject(field.storeName())
                .put("type", field.type() == CellField.Type.INTEGER ? "long" : "double");
          }
        });
  }
}
