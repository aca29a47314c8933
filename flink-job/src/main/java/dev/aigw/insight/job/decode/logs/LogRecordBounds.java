package dev.aigw.insight.job.decode.logs;

import dev.aigw.insight.job.decode.Dimensions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds what one access-log record stores, so that no document the job writes can exceed the
 * store's record limit (1 MiB for the OpenSearch sink) however hostile the record:
 *
 * <ul>
 *   <li>the body and every attribute value: at most {@code maxFieldBytes}, else cut to a prefix
 *       followed by {@value #TRUNCATED};
 *   <li>the attributes: at most {@code maxAttributes}, with keys of at most {@value #MAX_KEY_BYTES}
 *       bytes, and body plus attributes at most {@code maxRecordBytes}; attributes beyond are
 *       dropped. The attributes the job reads ({@link #READ}) are always kept (truncated if need
 *       be), so the sampling decision and the derived fields do not depend on the bounds; the
 *       others are kept in key order while they fit;
 *   <li>service, instance, provider and model: the dimension bound of {@link Dimensions}.
 * </ul>
 *
 * <p>Sizes are "stored sizes": UTF-8 bytes, with the characters JSON must escape counted at their
 * escaped length (6 for a control character, 2 for a quote or backslash), so the bound holds for
 * the JSON document itself. Both decoding paths (full parse and wire reading) build records through
 * this class, so they store the same thing.
 */
public final class LogRecordBounds implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Appended to a truncated body or attribute value. */
  public static final String TRUNCATED = "\u2026[truncated]";

  /** Longest attribute key kept (stored size); a longer key drops its attribute. */
  public static final int MAX_KEY_BYTES = 256;

  /** The attributes the job reads: kept whatever the bounds. */
  static final List<String> READ =
      List.of(
          AccessLogAttributes.REQUEST_ID,
          AccessLogAttributes.RESPONSE_CODE,
          AccessLogAttributes.DURATION,
          AccessLogAttributes.INPUT_TOKENS,
          AccessLogAttributes.OUTPUT_TOKENS,
          AccessLogAttributes.REASONING_TOKENS,
          AccessLogAttributes.UPSTREAM_TRANSPORT_FAILURE_REASON,
          AccessLogAttributes.PROVIDER_NAME,
          AccessLogAttributes.REQUEST_MODEL,
          AccessLogAttributes.RESPONSE_MODEL);

  /** Smallest allowed field bound: room for the marker and a readable prefix. */
  public static final int MIN_FIELD_BYTES = 64;

  private static final int TRUNCATED_SIZE = storedSize(TRUNCATED);

  /** The most stored bytes one char can take: a control character's JSON escape. */
  private static final int MAX_CHAR_SIZE = 6;

  private final int maxFieldBytes;
  private final int maxAttributes;
  private final int maxRecordBytes;
  private final int maxDimensionBytes;

  public LogRecordBounds(
      int maxFieldBytes, int maxAttributes, int maxRecordBytes, int maxDimensionBytes) {
    this.maxFieldBytes = maxFieldBytes;
    this.maxAttributes = maxAttributes;
    this.maxRecordBytes = maxRecordBytes;
    this.maxDimensionBytes = maxDimensionBytes;
  }

  /** Smallest record bound for a field bound: the body and the attributes read, all full. */
  public static long minRecordBytes(int maxFieldBytes) {
    return (long) (READ.size() + 1) * (maxFieldBytes + MAX_KEY_BYTES);
  }

  /** Smallest attribute bound: the attributes read. */
  public static int minAttributes() {
    return READ.size();
  }

  /** What bounding changed in one record (or in several, added up). Not thread-safe. */
  static final class Tally {
    long fieldsTruncated;
    long attributesDropped;
    long dimensionsShortened;
    long valuesTooDeep;

    /** Counts a value cut for its depth (see {@code AnyValues#render(AnyValue, Runnable)}). */
    final Runnable countValueTooDeep = () -> valuesTooDeep++;

    void reset() {
      fieldsTruncated = 0;
      attributesDropped = 0;
      dimensionsShortened = 0;
      valuesTooDeep = 0;
    }

    void add(Tally other) {
      fieldsTruncated += other.fieldsTruncated;
      attributesDropped += other.attributesDropped;
      dimensionsShortened += other.dimensionsShortened;
      valuesTooDeep += other.valuesTooDeep;
    }
  }

  /** A dimension value (service, instance, provider, model) within the dimension bound. */
  String dimension(String value, Tally tally) {
    String bounded = Dimensions.bound(value, maxDimensionBytes);
    if (bounded != value) {
      tally.dimensionsShortened++;
    }
    return bounded;
  }

  /** The body or an attribute value within the field bound (null stays null). */
  String field(String value, Tally tally) {
    if (value == null
        || (long) value.length() * MAX_CHAR_SIZE <= maxFieldBytes
        || storedSize(value, maxFieldBytes) <= maxFieldBytes) {
      return value;
    }
    tally.fieldsTruncated++;
    return truncate(value, maxFieldBytes);
  }

  /**
   * The attributes to store next to the (bounded) body: {@code all} itself when it is within every
   * bound (the common case: nothing allocated, and for short values not even a scan), else a
   * bounded copy.
   */
  Map<String, String> attributes(Map<String, String> all, String body, Tally tally) {
    if (all.size() <= maxAttributes && surelyWithinBounds(all, body)) {
      return all;
    }
    long budget = (long) maxRecordBytes - storedSize(body);
    if (all.size() <= maxAttributes && withinBounds(all, budget)) {
      return all;
    }
    Map<String, String> kept = new HashMap<>();
    for (String key : READ) {
      String value = all.get(key);
      if (value != null) {
        value = field(value, tally);
        kept.put(key, value);
        budget -= storedSize(key) + storedSize(value);
      }
    }
    List<String> others = new ArrayList<>(all.size());
    for (String key : all.keySet()) {
      if (!kept.containsKey(key)) {
        others.add(key);
      }
    }
    others.sort(null);
    for (String key : others) {
      if (kept.size() >= maxAttributes || storedSize(key, MAX_KEY_BYTES) > MAX_KEY_BYTES) {
        tally.attributesDropped++;
        continue;
      }
      String value = all.get(key);
      String bounded =
          storedSize(value, maxFieldBytes) <= maxFieldBytes
              ? value
              : truncate(value, maxFieldBytes);
      long size = storedSize(key) + storedSize(bounded);
      if (size > budget) {
        tally.attributesDropped++;
        continue;
      }
      if (bounded != value) {
        tally.fieldsTruncated++;
      }
      kept.put(key, bounded);
      budget -= size;
    }
    return kept;
  }

  /**
   * Whether the attributes and body are within the bounds even if every char took the most a char
   * can take ({@value #MAX_CHAR_SIZE} bytes): only lengths are read.
   */
  private boolean surelyWithinBounds(Map<String, String> all, String body) {
    long total = (long) body.length() * MAX_CHAR_SIZE;
    for (Map.Entry<String, String> e : all.entrySet()) {
      long key = (long) e.getKey().length() * MAX_CHAR_SIZE;
      long value = (long) e.getValue().length() * MAX_CHAR_SIZE;
      if (key > MAX_KEY_BYTES || value > maxFieldBytes) {
        return false;
      }
      total += key + value;
    }
    return total <= maxRecordBytes;
  }

  private boolean withinBounds(Map<String, String> all, long budget) {
    long total = 0;
    for (Map.Entry<String, String> e : all.entrySet()) {
      int key = storedSize(e.getKey(), MAX_KEY_BYTES);
      int value = storedSize(e.getValue(), maxFieldBytes);
      if (key > MAX_KEY_BYTES || value > maxFieldBytes) {
        return false;
      }
      total += key + value;
    }
    return total <= budget;
  }

  /**
   * The longest prefix (whole characters) that fits {@code max} with the marker, and the marker.
   */
  static String truncate(String value, int max) {
    int budget = max - TRUNCATED_SIZE;
    int size = 0;
    int end = 0;
    while (end < value.length()) {
      char c = value.charAt(end);
      int chars =
          Character.isHighSurrogate(c)
                  && end + 1 < value.length()
                  && Character.isLowSurrogate(value.charAt(end + 1))
              ? 2
              : 1;
      int width = chars == 2 ? 4 : width(c);
      if (size + width > budget) {
        break;
      }
      size += width;
      end += chars;
    }
    return value.substring(0, end) + TRUNCATED;
  }

  /** The stored size of {@code value}. */
  static int storedSize(String value) {
    return storedSize(value, Integer.MAX_VALUE);
  }

  /**
   * The stored size of {@code value}, or any number above {@code limit} once it is known to exceed
   * it (so that a huge value is not measured in full).
   */
  static int storedSize(String value, int limit) {
    int n = value.length();
    int size = 0;
    for (int i = 0; i < n; i++) {
      size += width(value.charAt(i));
      if (size > limit) {
        return size;
      }
    }
    return size;
  }

  /**
   * Stored size of one char: JSON's escapes ({@code \\uXXXX} for control characters, a backslash
   * before a quote or backslash), else its UTF-8 length (a surrogate counts 2, a pair 4).
   */
  private static int width(char c) {
    if (c < 0x20) {
      return 6;
    }
    if (c == '"' || c == '\\') {
      return 2;
    }
    if (c < 0x80) {
      return 1;
    }
    if (c < 0x800 || Character.isSurrogate(c)) {
      return 2;
    }
    return 3;
  }
}
