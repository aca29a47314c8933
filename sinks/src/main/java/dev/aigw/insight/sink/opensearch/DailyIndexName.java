package dev.aigw.insight.sink.opensearch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names of daily indices, {@code <prefix>-yyyy.MM.dd} in UTC, so retention is "delete the indices
 * older than N days".
 */
public final class DailyIndexName {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

  private DailyIndexName() {}

  /** The index of the UTC day that contains {@code epochMillis}. */
  public static String of(String prefix, long epochMillis) {
    return prefix + "-" + DAY.format(Instant.ofEpochMilli(epochMillis));
  }

  /** The wildcard pattern that matches every daily index of {@code prefix}. */
  public static String pattern(String prefix) {
    return prefix + "-*";
  }

  /**
   * Checks a prefix against OpenSearch's index name rules (lower case, no spaces or reserved
   * characters, not starting with {@code -}, {@code _} or {@code +}).
   *
   * @return null when valid, else the reason
   */
  public static String validatePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "must not be empty";
    }
    if (!prefix.equals(prefix.toLowerCase(java.util.Locale.ROOT))) {
      return "must be lower case";
    }
    if (prefix.startsWith("-") || prefix.startsWith("_") || prefix.startsWith("+")) {
      return "must not start with '-', '_' or '+'";
    }
    for (char c : prefix.toCharArray()) {
      if ("\\/*?\"<>| ,#:".indexOf(c) >= 0) {
        return "must not contain '" + c + "'";
      }
    }
    return null;
  }
}
