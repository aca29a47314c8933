package dev.aigw.insight.job.decode.logs;

import java.nio.charset.StandardCharsets;
import org.apache.flink.metrics.Counter;

/**
 * Parses a numeric attribute from its UTF-8 bytes exactly as {@link AccessLogDecoder} parses the
 * decoded string ({@code -} or empty: missing; trimmed; a whole number at least 0; anything else
 * counted as unparsable), without decoding the common case of plain ASCII digits.
 */
final class Numbers {

  /** More digits may overflow a long: left to {@link Long#parseLong}. */
  private static final int MAX_FAST_DIGITS = 18;

  private Numbers() {}

  /**
   * The number in {@code bytes[start, start + length)}, or {@code absent} when missing or not a
   * number (the latter counted in {@code unparsable}).
   */
  static long parse(byte[] bytes, int start, int length, Counter unparsable, long absent) {
    if (length == 0 || (length == 1 && bytes[start] == '-')) {
      return absent; // AccessLogRecord.attribute: missing, not counted
    }
    int from = start;
    int to = start + length;
    // String.trim() removes the characters up to U+0020, which are exactly these single bytes
    while (from < to && (bytes[from] & 0xff) <= ' ') {
      from++;
    }
    while (to > from && (bytes[to - 1] & 0xff) <= ' ') {
      to--;
    }
    boolean negative = false;
    int digits = from;
    if (digits < to && (bytes[digits] == '-' || bytes[digits] == '+')) {
      negative = bytes[digits] == '-';
      digits++;
    }
    if (to - digits >= 1 && to - digits <= MAX_FAST_DIGITS) {
      long value = 0;
      int i = digits;
      while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
        value = value * 10 + (bytes[i] - '0');
        i++;
      }
      if (i == to) {
        if (negative && value != 0) {
          unparsable.inc();
          return absent;
        }
        return value;
      }
    }
    // anything else (other characters, Unicode digits, long numbers): the decoder's own rule
    Long parsed =
        AccessLogDecoder.number(
            new String(bytes, start, length, StandardCharsets.UTF_8), unparsable);
    return parsed == null ? absent : parsed;
  }
}
