package dev.aigw.insight.schema.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An application cell as an OpenSearch document (JSON-free): {@code _id} is the cell key (hashed
 * when too long), the source holds {@code window_start_ms}, {@code timestamp} (the same minute, the
 * field dashboards filter on), {@code dimension}, the three coordinates (absent ones empty) and
 * every {@link AppCellField} under its store name.
 */
public final class AppCellDocument {

  public static final String TIMESTAMP = "timestamp";
  public static final String WINDOW_START = "window_start_ms";
  public static final String DIMENSION = "dimension";

  /** OpenSearch refuses longer ids; such keys are hashed. */
  public static final int MAX_ID_BYTES = 512;

  private AppCellDocument() {}

  /** The fields indexed as keywords: the dimension and the coordinates. */
  public static List<String> keywordFields() {
    List<String> keywords = new ArrayList<>();
    keywords.add(DIMENSION);
    keywords.addAll(AppDimension.APPLICATION_MODEL.tags());
    return keywords;
  }

  /** The fields indexed as dates (epoch ms). */
  public static List<String> dateFields() {
    return List.of(TIMESTAMP, WINDOW_START);
  }

  /** The document {@code _id}: the cell key, or {@code sha256:<hex>} of it when too long. */
  public static String id(AppCell cell) {
    return id(cell.cellKey());
  }

  /** A document {@code _id} of a cell key: the key, or {@code sha256:<hex>} of it when too long. */
  public static String id(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_ID_BYTES) {
      return key;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder hex = new StringBuilder("sha256:");
      for (byte b : hash) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** The document source in a stable order (integers as Long, the rest as Double). */
  public static Map<String, Object> source(AppCell cell) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put(WINDOW_START, cell.windowStartMs);
    source.put(DIMENSION, cell.dimension.name());
    source.put(AppCell.APPLICATION, cell.application);
    source.put(AppCell.PROVIDER, cell.provider);
    source.put(AppCell.MODEL, cell.model);
    for (AppCellField f : AppCellField.values()) {
      source.put(f.storeName(), f.value(cell));
    }
    source.put(TIMESTAMP, cell.windowStartMs);
    return source;
  }
}
