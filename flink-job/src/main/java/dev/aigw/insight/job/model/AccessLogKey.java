package dev.aigw.insight.job.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable identity of an access log: its {@code x-request-id}, or a hash of its content when the
 * gateway sent none. The same record always gets the same key, in any JVM, so a replay after a
 * restart overwrites its document and the fraction sampling decides it the same way.
 */
public final class AccessLogKey {

  /** OpenSearch refuses {@code _id}s longer than 512 bytes; longer request ids are hashed. */
  private static final int MAX_ID_BYTES = 512;

  private AccessLogKey() {}

  /** The record's key: its request id, or {@code sha256:<hex>} of its content. */
  public static String of(AccessLogRecord record) {
    if (record.requestId != null
        && usableAsKey(record.requestId.getBytes(StandardCharsets.UTF_8).length)) {
      return record.requestId;
    }
    return "sha256:" + contentHash(record);
  }

  /** Whether a request id of this many UTF-8 bytes is used as the key itself (not hashed). */
  public static boolean usableAsKey(int requestIdUtf8Bytes) {
    return requestIdUtf8Bytes <= MAX_ID_BYTES;
  }

  /** A uniform value in [0, 1) derived from the key, for deterministic fraction sampling. */
  public static double unitInterval(String key) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    return unitInterval(utf8, 0, utf8.length);
  }

  /**
   * {@link #unitInterval(String)} of the key whose UTF-8 bytes are {@code utf8[offset, offset +
   * length)}, without decoding them.
   */
  public static double unitInterval(byte[] utf8, int offset, int length) {
    // FNV-1a spreads the bytes, the SplitMix64 finalizer mixes the high bits well
    long h = 0xcbf29ce484222325L;
    for (int i = offset, end = offset + length; i < end; i++) {
      h ^= utf8[i] & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return (h >>> 11) * 0x1.0p-53;
  }

  private static String contentHash(AccessLogRecord record) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
    StringBuilder content = new StringBuilder();
    content
        .append(record.service)
        .append('\u0000')
        .append(record.instance)
        .append('\u0000')
        .append(record.timestampMs)
        .append('\u0000')
        .append(record.body)
        .append('\u0000')
        .append(record.requestId);
    Map<String, String> sorted =
        record.attributes == null ? Map.of() : new TreeMap<>(record.attributes);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      content.append('\u0000').append(e.getKey()).append('=').append(e.getValue());
    }
    byte[] hash = digest.digest(content.toString().getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder(32);
    for (int i = 0; i < 16; i++) {
      hex.append(Character.forDigit((hash[i] >> 4) & 0xf, 16))
          .append(Character.forDigit(hash[i] & 0xf, 16));
    }
    return hex.toString();
  }
}
