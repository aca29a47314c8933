package dev.aigw.insight.schema.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An application attribution cell as an OpenSearch document: the application cell's source ({@link
 * AppCellDocument}) with {@code dimension} the stored dimension ({@code APPLICATION} or {@code
 * APPLICATION_MODEL}) plus {@value AppAttributionStoreNames#ATTRIBUTE} and {@value
 * AppAttributionStoreNames#VALUE}; {@code _id} the cell key, hashed when too long.
 */
public final class AppAttributionDocument {

  private AppAttributionDocument() {}

  /** The fields indexed as keywords: the application cells', the attribute and the value. */
  public static List<String> keywordFields() {
    List<String> keywords = new ArrayList<>(AppCellDocument.keywordFields());
    keywords.add(AppAttributionStoreNames.ATTRIBUTE);
    keywords.add(AppAttributionStoreNames.VALUE);
    return keywords;
  }

  /** The document {@code _id}: the cell key, or {@code sha256:<hex>} of it when too long. */
  public static String id(AppAttributionCell cell) {
    return AppCellDocument.id(cell.cellKey());
  }

  /** The document source, in a stable order. */
  public static Map<String, Object> source(AppAttributionCell cell) {
    Map<String, Object> source = new LinkedHashMap<>(AppCellDocument.source(cell.cell));
    source.put(AppCellDocument.DIMENSION, cell.dimension());
    source.put(AppAttributionStoreNames.ATTRIBUTE, cell.attribute);
    source.put(AppAttributionStoreNames.VALUE, cell.value);
    return source;
  }
}
