package dev.aigw.insight.job.serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The span path's names (application, provider, model) on an exchange, with small caches of the
 * names this instance wrote and read recently: a name written again costs a lookup and a byte copy
 * instead of an encoding, and a name read again is the same {@code String} as before instead of a
 * new one (no allocation, and the batch serializer's identity scan finds it).
 *
 * <p>Format: 0 for null, else the encoded length + 1 as a variable-length int, then each UTF-16
 * char in one to three bytes (as {@link java.io.DataOutput#writeUTF} does, without its 64 KiB limit
 * and with NUL as one byte), so that every string round-trips exactly, lone surrogates included.
 * The caches are not part of the format: any instance reads what any other wrote.
 *
 * <p>Not thread-safe: one instance per serializer instance ({@code duplicate()} makes a new one).
 * Both caches are bounded ({@value #WAYS}-way set-associative, {@value #SETS} sets, least recently
 * used out, names up to {@value #MAX_CACHED_BYTES} encoded bytes): a client sending many distinct
 * names only makes them miss.
 */
final class RecentNames {

  /**
   * 44 names in the span harness's default shape: with 64 sets of two, 6 of them fell in sets of
   * three (and missed in turn); with four ways none did.
   */
  static final int SETS = 32;

  static final int WAYS = 4;

  /** log2 of {@link #SETS}. */
  private static final int SET_BITS = Integer.numberOfTrailingZeros(SETS);

  /** Longer names are written and read without the caches. */
  static final int MAX_CACHED_BYTES = 128;

  // Writing: slots WAYS * set ... WAYS * set + WAYS - 1, most recently used first.
  private final String[] writtenNames = new String[WAYS * SETS];

  /** The length prefix and the bytes of the name in the same slot of {@link #writtenNames}. */
  private final byte[][] writtenBytes = new byte[WAYS * SETS][];

  // Reading: the encoded bytes (without prefix) and the name read from them, in the same order.
  private final byte[][] readBytes = new byte[WAYS * SETS][];
  private final String[] readNames = new String[WAYS * SETS];

  /** Where a name's bytes are read before the cache is asked. */
  private final byte[] scratch = new byte[MAX_CACHED_BYTES];

  void write(String s, DataOutputView out) throws IOException {
    if (s == null) {
      out.writeByte(0);
      return;
    }
    int first = firstSlot(s.hashCode());
    String[] names = writtenNames;
    for (int slot = first; slot < first + WAYS; slot++) {
      // The identity test first: the deserialized and decoded calls mostly share their names.
      String known = names[slot];
      if (known == s || s.equals(known)) {
        byte[] encoded = writtenBytes[slot];
        if (slot != first) {
          toFront(names, writtenBytes, first, slot, known, encoded);
        }
        out.write(encoded);
        return;
      }
    }
    byte[] encoded = encode(s);
    if (encoded.length <= MAX_CACHED_BYTES + 2) {
      toFront(names, writtenBytes, first, first + WAYS - 1, s, encoded);
    }
    out.write(encoded);
  }

  String read(DataInputView in) throws IOException {
    int code = Varints.readInt(in);
    if (code == 0) {
      return null;
    }
    int length = code - 1;
    if (length > MAX_CACHED_BYTES) {
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      return decode(bytes, length);
    }
    byte[] bytes = scratch;
    in.readFully(bytes, 0, length);
    int first = firstSlot(hash(bytes, length));
    byte[][] keys = readBytes;
    for (int slot = first; slot < first + WAYS; slot++) {
      byte[] key = keys[slot];
      if (key != null && key.length == length && Arrays.equals(key, 0, length, bytes, 0, length)) {
        String s = readNames[slot];
        if (slot != first) {
          toFront(readNames, keys, first, slot, s, key);
        }
        return s;
      }
    }
    String s = decode(bytes, length);
    toFront(readNames, keys, first, first + WAYS - 1, s, Arrays.copyOf(bytes, length));
    return s;
  }

  /** How many names the two caches hold (for tests: never more than {@code 2 * WAYS * SETS}). */
  int cachedNames() {
    int n = 0;
    for (int i = 0; i < WAYS * SETS; i++) {
      n += (writtenNames[i] != null ? 1 : 0) + (readNames[i] != null ? 1 : 0);
    }
    return n;
  }

  /**
   * The first slot of the set of a hash: Fibonacci hashing, since the names differ in their last
   * chars (model-1, model-2), which a mask of the low bits spread poorly (18 of the harness's 44
   * names in overfull sets).
   */
  private static int firstSlot(int hash) {
    return ((hash * 0x9E3779B9) >>> (32 - SET_BITS)) * WAYS;
  }

  /**
   * {@link String#hashCode()}'s polynomial over the bytes (for an ASCII name the same value, and it
   * spreads names that differ in their last chars, as llm-app-1, llm-app-2, evenly), four bytes per
   * multiplication of the running hash instead of one.
   */
  static int hash(byte[] bytes, int length) {
    int h = 0;
    int i = 0;
    for (; i + 4 <= length; i += 4) {
      h = 923_521 * h + 29_791 * bytes[i] + 961 * bytes[i + 1] + 31 * bytes[i + 2] + bytes[i + 3];
    }
    for (; i < length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  /**
   * Puts the entry ({@code name}, {@code b}) first in its set, moving the entries from the first
   * slot to {@code slot} - 1 one slot back (over {@code slot}: the entry itself, or the least
   * recently used one, which leaves).
   */
  private static void toFront(
      String[] names, byte[][] bytes, int first, int slot, String name, byte[] b) {
    for (int i = slot; i > first; i--) {
      names[i] = names[i - 1];
      bytes[i] = bytes[i - 1];
    }
    names[first] = name;
    bytes[first] = b;
  }

  /** The length prefix and the chars of {@code s}. */
  static byte[] encode(String s) {
    int chars = s.length();
    int length = chars;
    for (int i = 0; i < chars; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        length += c >= 0x800 ? 2 : 1;
      }
    }
    long code = length + 1L;
    int prefix = 1;
    for (long v = code >>> 7; v != 0; v >>>= 7) {
      prefix++;
    }
    byte[] out = new byte[prefix + length];
    int p = 0;
    while ((code & ~0x7FL) != 0) {
      out[p++] = (byte) ((code & 0x7F) | 0x80);
      code >>>= 7;
    }
    out[p++] = (byte) code;
    for (int i = 0; i < chars; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xC0 | (c >> 6));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      } else {
        out[p++] = (byte) (0xE0 | (c >> 12));
        out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return out;
  }

  /** The string of {@code length} encoded bytes; ASCII (the usual name) without a char array. */
  static String decode(byte[] bytes, int length) throws IOException {
    int i = 0;
    while (i < length && bytes[i] >= 0) {
      i++;
    }
    if (i == length) {
      return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
    char[] chars = new char[length];
    int n = 0;
    for (int p = 0; p < length; ) {
      int b = bytes[p++] & 0xFF;
      if (b < 0x80) {
        chars[n++] = (char) b;
      } else if ((b & 0xE0) == 0xC0 && p < length) {
        chars[n++] = (char) (((b & 0x1F) << 6) | (bytes[p++] & 0x3F));
      } else if ((b & 0xF0) == 0xE0 && p + 1 < length) {
        chars[n++] = (char) (((b & 0x0F) << 12) | ((bytes[p] & 0x3F) << 6) | (bytes[p + 1] & 0x3F));
        p += 2;
      } else {
        throw new IOException("malformed name bytes at " + (p - 1));
      }
    }
    return new String(chars, 0, n);
  }
}
