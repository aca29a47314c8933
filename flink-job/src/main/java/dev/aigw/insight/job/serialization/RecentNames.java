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
 * Both caches are bounded (two-way set-associative, {@value #SETS} sets, names up to {@value
 * #MAX_CACHED_BYTES} encoded bytes): a client sending many distinct names only makes them miss.
 */
final class RecentNames {

  /** 44 names in the span harness's default shape; the sets leave room for the collisions. */
  static final int SETS = 64;

  /** Longer names are written and read without the caches. */
  static final int MAX_CACHED_BYTES = 128;

  // Writing: slot 2 * set is the set's most recently used entry, 2 * set + 1 the other one.
  private final String[] writtenNames = new String[2 * SETS];

  /** The length prefix and the bytes of the name in the same slot of {@link #writtenNames}. */
  private final byte[][] writtenBytes = new byte[2 * SETS][];

  // Reading: the encoded bytes (without prefix) and the name read from them.
  private final byte[][] readBytes = new byte[2 * SETS][];
  private final String[] readNames = new String[2 * SETS];

  /** Where a name's bytes are read before the cache is asked. */
  private final byte[] scratch = new byte[MAX_CACHED_BYTES];

  void write(String s, DataOutputView out) throws IOException {
    if (s == null) {
      out.writeByte(0);
      return;
    }
    int slot = slot(s.hashCode());
    String[] names = writtenNames;
    // The identity test first: the deserialized and decoded calls mostly share their names.
    if (names[slot] == s || s.equals(names[slot])) {
      out.write(writtenBytes[slot]);
      return;
    }
    if (names[slot + 1] == s || s.equals(names[slot + 1])) {
      byte[] encoded = writtenBytes[slot + 1];
      swap(names, writtenBytes, slot);
      out.write(encoded);
      return;
    }
    byte[] encoded = encode(s);
    if (encoded.length <= MAX_CACHED_BYTES + 2) {
      insert(names, writtenBytes, slot, s, encoded);
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
    int slot = slot(hash(bytes, length));
    byte[][] keys = readBytes;
    if (sameBytes(keys[slot], bytes, length)) {
      return readNames[slot];
    }
    if (sameBytes(keys[slot + 1], bytes, length)) {
      String s = readNames[slot + 1];
      swap(readNames, keys, slot);
      return s;
    }
    String s = decode(bytes, length);
    insert(readNames, keys, slot, s, Arrays.copyOf(bytes, length));
    return s;
  }

  /** How many names the two caches hold (for tests: never more than {@code 4 * SETS}). */
  int cachedNames() {
    int n = 0;
    for (int i = 0; i < 2 * SETS; i++) {
      n += (writtenNames[i] != null ? 1 : 0) + (readNames[i] != null ? 1 : 0);
    }
    return n;
  }

  /**
   * The first slot of the set of a hash (its high bits mixed in: string hashes vary at the end).
   */
  private static int slot(int hash) {
    return ((hash ^ (hash >>> 16)) & (SETS - 1)) << 1;
  }

  private static int hash(byte[] bytes, int length) {
    int h = 0;
    for (int i = 0; i < length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  private static boolean sameBytes(byte[] key, byte[] bytes, int length) {
    return key != null && key.length == length && Arrays.equals(key, 0, length, bytes, 0, length);
  }

  /** Makes the set's second entry its first (least recently used goes second). */
  private static void swap(String[] names, byte[][] bytes, int slot) {
    String n = names[slot];
    names[slot] = names[slot + 1];
    names[slot + 1] = n;
    byte[] b = bytes[slot];
    bytes[slot] = bytes[slot + 1];
    bytes[slot + 1] = b;
  }

  /** The new entry goes first, the former first second, the former second out. */
  private static void insert(String[] names, byte[][] bytes, int slot, String s, byte[] b) {
    names[slot + 1] = names[slot];
    bytes[slot + 1] = bytes[slot];
    names[slot] = s;
    bytes[slot] = b;
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
