package dev.aigw.insight.job.decode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bounds the values that become dimensions (service, instance, provider, model, token type): they
 * are stored in every minute cell and document of their entity, so a 1 MiB model name would make a
 * record the store refuses.
 *
 * <p>The stable form of a value longer than the limit (in UTF-8 bytes): its longest prefix of whole
 * characters that leaves room for {@value #ELLIPSIS} and the first 16 hex digits of the SHA-256 of
 * the whole value's UTF-8 bytes. The result is at most the limit, the same input always gives the
 * same output (on every subtask, across restarts and versions), and two long values that share a
 * prefix stay distinct.
 */
public final class Dimensions {

  /** Marks a shortened value, between the prefix and the hash. */
  public static final String ELLIPSIS = "\u2026";

  /** Hex digits of the hash kept in a shortened value. */
  static final int HASH_DIGITS = 16;

  /** UTF-8 bytes of the suffix: the ellipsis (3) and the hash. */
  static final int SUFFIX_BYTES = 3 + HASH_DIGITS;

  /** Smallest allowed limit: the suffix and a prefix worth reading. */
  public static final int MIN_MAX_BYTES = 32;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Dimensions() {}

  /**
   * {@code value} itself when it fits in {@code maxBytes} UTF-8 bytes (also for null), else its
   * stable shortened form. Allocates nothing for a value that fits.
   */
  public static String bound(String value, int maxBytes) {
    if (value == null || fits(value, maxBytes)) {
      return value;
    }
    int budget = maxBytes - SUFFIX_BYTES;
    int end = 0;
    int bytes = 0;
    while (end < value.length()) {
      char c = value.charAt(end);
      int width;
      int chars = 1;
      if (Character.isHighSurrogate(c)
          && end + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(end + 1))) {
        width = 4;
        chars = 2;
      } else {
        width = utf8Width(c);
      }
      if (bytes + width > budget) {
        break;
      }
      bytes += width;
      end += chars;
    }
    return value.substring(0, end) + ELLIPSIS + sha256Prefix(value);
  }

  /** Whether {@code value} has at most {@code maxBytes} UTF-8 bytes. */
  public static boolean fits(String value, int maxBytes) {
    int n = value.length();
    if (n * 3 <= maxBytes) {
      return true; // a char is at most 3 bytes (a surrogate pair 4 for two chars)
    }
    if (n > maxBytes) {
      return false; // every char is at least one byte
    }
    int bytes = 0;
    for (int i = 0; i < n; i++) {
      bytes += utf8Width(value.charAt(i));
      if (bytes > maxBytes) {
        return false;
      }
    }
    return true;
  }

  /**
   * UTF-8 bytes of one char; a surrogate counts 2 (a pair is 4), a lone surrogate is encoded as '?'
   * (1) by Java, so 2 over-estimates it, which only shortens the prefix.
   */
  private static int utf8Width(char c) {
    if (c < 0x80) {
      return 1;
    }
    if (c < 0x800 || Character.isSurrogate(c)) {
      return 2;
    }
    return 3;
  }

  private static String sha256Prefix(String value) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    char[] hex = new char[HASH_DIGITS];
    for (int i = 0; i < HASH_DIGITS / 2; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(hex);
  }
}
