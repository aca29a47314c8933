package dev.aigw.insight.schema.cell;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The time resolution of a gateway cell: the minute cells and their exact hour and day roll-ups. A
 * cell of every resolution has the same coordinates and {@link CellField}s; its {@code
 * windowStartMs} is the start of its UTC minute, hour or day. Each resolution has its own BanyanDB
 * group and measures and its own OpenSearch indices (docs/storage.md).
 */
public enum CellResolution {
  MINUTE("minute", 60_000L, CellStoreNames.DEFAULT_MINUTE_GROUP, "aigw-cells", "yyyy.MM.dd"),
  HOUR("hour", 3_600_000L, "genai_hour", "aigw-hour-cells", "yyyy.MM"),
  DAY("day", 86_400_000L, "genai_day", "aigw-day-cells", "yyyy");

  private final String storeName;
  private final long periodMs;
  private final String defaultGroup;
  private final String defaultIndexPrefix;
  private final DateTimeFormatter indexSuffix;

  CellResolution(
      String storeName,
      long periodMs,
      String defaultGroup,
      String defaultIndexPrefix,
      String indexSuffix) {
    this.storeName = storeName;
    this.periodMs = periodMs;
    this.defaultGroup = defaultGroup;
    this.defaultIndexPrefix = defaultIndexPrefix;
    this.indexSuffix = DateTimeFormatter.ofPattern(indexSuffix).withZone(ZoneOffset.UTC);
  }

  /** The last part of the measure names: {@code minute}, {@code hour}, {@code day}. */
  public String storeName() {
    return storeName;
  }

  /** The length of one cell, in ms. */
  public long periodMs() {
    return periodMs;
  }

  /** The default BanyanDB measure group of these cells. */
  public String defaultGroup() {
    return defaultGroup;
  }

  /**
   * The default OpenSearch index prefix of these cells. The hour and day prefixes are not {@code
   * aigw-cells-hour}: the minute cells' pattern {@code aigw-cells-*} would match them, and
   * OpenSearch refuses index templates with overlapping patterns.
   */
  public String defaultIndexPrefix() {
    return defaultIndexPrefix;
  }

  /**
   * The OpenSearch index of a cell starting at {@code windowStartMs}: daily for minutes ({@code
   * <prefix>-yyyy.MM.dd}), monthly for hours ({@code <prefix>-yyyy.MM}), yearly for days ({@code
   * <prefix>-yyyy}), so that each kind keeps a handful of indices over its retention (7 days, 90
   * days, 2 years) and retention stays "delete the indices older than N".
   */
  public String indexName(String prefix, long windowStartMs) {
    return prefix + "-" + indexSuffix.format(Instant.ofEpochMilli(windowStartMs));
  }

  /** The start of the cell of this resolution that holds {@code epochMs} (UTC). */
  public long startOf(long epochMs) {
    return Math.floorDiv(epochMs, periodMs) * periodMs;
  }
}
