package dev.aigw.insight.schema.attribution;

import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An attribution cell as an OpenSearch document: the minute cell's source ({@link CellDocument}:
 * minute, scope, dimension, coordinates, every value) plus {@value AttributionStoreNames#ATTRIBUTE}
 * and {@value AttributionStoreNames#VALUE}; {@code _id} the cell key ({@link
 * AttributionCell#cellKey()}), hashed when too long.
 */
public final class AttributionDocument {

  private AttributionDocument() {}

  /** The fields indexed as keywords: the cell's, the attribute and the value. */
  public static List<String> keywordFields() {
    List<String> keywords = new ArrayList<>(CellDocument.keywordFields());
    keywords.add(AttributionStoreNames.ATTRIBUTE);
    keywords.add(AttributionStoreNames.VALUE);
    return keywords;
  }

  /** The document {@code _id}: the cell key, or {@code sha256:<hex>} of it when too long. */
  public static String id(AttributionCell cell) {
    return CellDocument.id(cell.cellKey());
  }

  /** The document source, in a stable order. */
  public static Map<String, Object> source(AttributionCell cell) {
    Map<String, Object> source = new LinkedHashMap<>(CellDocument.source(cell.cell));
    source.put(AttributionStoreNames.ATTRIBUTE, cell.attribute);
    source.put(AttributionStoreNames.VALUE, cell.value);
    return source;
  }

  /** The attribution cell of a document source. */
  public static AttributionCell fromSource(Map<String, ?> source) {
    MinuteCell cell = CellDocument.fromSource(source);
    return new AttributionCell(
        (String) source.get(AttributionStoreNames.ATTRIBUTE),
        (String) source.get(AttributionStoreNames.VALUE),
        cell);
  }
}
