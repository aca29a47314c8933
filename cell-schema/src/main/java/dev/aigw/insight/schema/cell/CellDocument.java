package dev.aigw.insight.schema.cell;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cell as an OpenSearch document (JSON-free: a map the writer serializes and a reader gets from
 * any JSON parser): {@code _id} is the cell key, the source holds {@code window_start_ms}, {@code
 * scope}, {@code dimension}, every {@link CellTag} (absent ones as {@link MinuteCell#ABSENT}),
 * every {@link CellField} under its store name, and {@code timestamp} (the minute again, the field
 * dashboards filter on).
 *
 * <p>Documents written before 0.2.0 carry the Java field names ({@code windowStartMs}, {@code
 * latencyP99Ms}, ...; see {@link #renames()}). {@link #fromSource} reads both, so a day index that
 * holds documents of both versions reads whole; the {@code _id} did not change, so a cell rewritten
 * after the upgrade replaces its old document rather than adding a second one.
 */
public final class CellDocument {

  /** The minute as a date field, epoch ms. */
  public static final String TIMESTAMP = "timestamp";

  /** The minute, epoch ms (the same value as {@link #TIMESTAMP}). */
  public static final String WINDOW_START = "window_start_ms";

  /** {@code SERVICE} or {@code INSTANCE}. */
  public static final String SCOPE = "scope";

  /** {@code ALL}, {@code PROVIDER} or {@code MODEL}. */
  public static final String DIMENSION = "dimension";

  /** Name of {@link #WINDOW_START} before 0.2.0. */
  private static final String LEGACY_WINDOW_START = "windowStartMs";

  /** OpenSearch refuses longer ids; such keys (very long names) are hashed. */
  public static final int MAX_ID_BYTES = 512;

  private CellDocument() {}

  /** The fields indexed as keywords: scope, dimension and the tags. */
  public static List<String> keywordFields() {
    List<String> keywords = new ArrayList<>(List.of(SCOPE, DIMENSION));
    for (CellTag tag : CellTag.values()) {
      keywords.add(tag.storeName());
    }
    return keywords;
  }

  /** The fields indexed as dates (epoch ms). */
  public static List<String> dateFields() {
    return List.of(TIMESTAMP, WINDOW_START);
  }

  /** Old name → new name of every source field renamed in 0.2.0 (for readers and reindexing). */
  public static Map<String, String> renames() {
    Map<String, String> renames = new LinkedHashMap<>();
    renames.put(LEGACY_WINDOW_START, WINDOW_START);
    for (CellField f : CellField.values()) {
      if (!f.legacyName().equals(f.storeName())) {
        renames.put(f.legacyName(), f.storeName());
      }
    }
    return Collections.unmodifiableMap(renames);
  }

  /** The document {@code _id}: the cell key, or {@code sha256:<hex>} of it when too long. */
  public static String id(MinuteCell cell) {
    return id(cell.cellKey());
  }

  /**
   * The document {@code _id} of a row key: the key, or {@code sha256:<hex>} of it when too long.
   */
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

  /** The document source, in a stable order (integers as Long, the rest as Double). */
  public static Map<String, Object> source(MinuteCell cell) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put(WINDOW_START, cell.windowStartMs);
    source.put(SCOPE, cell.scope == null ? null : cell.scope.name());
    source.put(DIMENSION, cell.dimension == null ? null : cell.dimension.name());
    for (CellTag tag : CellTag.values()) {
      source.put(tag.storeName(), tag.get(cell));
    }
    for (CellField f : CellField.values()) {
      source.put(f.storeName(), f.value(cell));
    }
    source.put(TIMESTAMP, cell.windowStartMs);
    return source;
  }

  /**
   * The cell of a document source, written by this version or before 0.2.0 (each field under its
   * new name, else its old one; a missing value reads as 0, except a missing duration sum, which
   * reads as the average times its count).
   */
  public static MinuteCell fromSource(Map<String, ?> source) {
    MinuteCell cell = new MinuteCell();
    cell.windowStartMs = number(source, WINDOW_START, LEGACY_WINDOW_START).longValue();
    cell.scope = Scope.valueOf((String) source.get(SCOPE));
    cell.dimension = Dimension.valueOf((String) source.get(DIMENSION));
    for (CellTag tag : CellTag.values()) {
      Object value = source.get(tag.storeName());
      tag.set(cell, value == null ? MinuteCell.ABSENT : value.toString());
    }
    for (CellField f : CellField.values()) {
      f.set(cell, number(source, f.storeName(), f.legacyName()));
    }
    // Documents written before the sums existed: the sum is the average times the count (as
    // exact as the stored average; an average of 0 means a count of 0)
    for (CellField f : CellField.values()) {
      if (f.sumOf().isPresent()
          && !source.containsKey(f.sumOf().get().storeName())
          && f.countOf().isPresent()) {
        f.sumOf().get().set(cell, f.doubleValue(cell) * f.countOf().get().doubleValue(cell));
      }
    }
    return cell;
  }

  private static Number number(Map<String, ?> source, String name, String legacyName) {
    Object value = source.containsKey(name) ? source.get(name) : source.get(legacyName);
    return value == null ? 0L : (Number) value;
  }
}
