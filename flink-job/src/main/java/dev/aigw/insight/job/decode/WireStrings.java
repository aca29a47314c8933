package dev.aigw.insight.job.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of one serialized request (UTF-8 already checked), each distinct one decoded once,
 * and its string-valued attributes, each distinct one read once: every data point (or span) repeats
 * the same few attributes, and handing out one instance per value saves decoding, checking and
 * allocating them per point (and lets later stages match them by identity and reuse their cached
 * hash). Used by both wire decoders (metrics and spans). Small tables hashed on the bytes; a value
 * that collides is read again (still correct). Not thread-safe: one per call.
 */
public final class WireStrings {

  private static final int SLOTS = 256;
  private static final int PAIR_SLOTS = 128;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;
  private final int[] starts = new int[SLOTS];
  private final int[] lengths = new int[SLOTS];
  private final String[] values = new String[SLOTS];

  // attributes (KeyValue messages) whose value is a string or empty, by their bytes
  private final int[] pairStarts = new int[PAIR_SLOTS];
  private final int[] pairLengths = new int[PAIR_SLOTS];
  private final String[] pairKeys = new String[PAIR_SLOTS];
  private final String[] pairValues = new String[PAIR_SLOTS];

  public WireStrings(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The string of the UTF-8 bytes {@code [start, start + length)} of the request. */
  public String of(int start, int length) {
    int slot = hash(start, length) & (SLOTS - 1);
    String s = values[slot];
    if (s != null && same(starts[slot], lengths[slot], start, length)) {
      return s;
    }
    s = new String(bytes, start, length, StandardCharsets.UTF_8);
    values[slot] = s;
    starts[slot] = start;
    lengths[slot] = length;
    return s;
  }

  /**
   * The slot of an attribute seen before with exactly the bytes {@code [start, start + length)}
   * (its key is {@link #pairKey}, its value {@link #pairValue}), or -1.
   */
  public int pair(int start, int length) {
    int slot = hash(start, length) & (PAIR_SLOTS - 1);
    return pairKeys[slot] != null && same(pairStarts[slot], pairLengths[slot], start, length)
        ? slot
        : -1;
  }

  public String pairKey(int slot) {
    return pairKeys[slot];
  }

  public String pairValue(int slot) {
    return pairValues[slot];
  }

  /** Remembers the attribute of these bytes: its key and its value as rendered. */
  public void putPair(int start, int length, String key, String value) {
    int slot = hash(start, length) & (PAIR_SLOTS - 1);
    pairStarts[slot] = start;
    pairLengths[slot] = length;
    pairKeys[slot] = key;
    pairValues[slot] = value;
  }

  private boolean same(int start, int length, int otherStart, int otherLength) {
    return length == otherLength
        && Arrays.equals(bytes, start, start + length, bytes, otherStart, otherStart + length);
  }

  /** A hash of the bytes, eight at a time (attributes differ anywhere: key, value, or both). */
  private int hash(int start, int length) {
    long h = length;
    int i = start;
    int end = start + length;
    for (; i + 8 <= end; i += 8) {
      h = (h + (long) LONGS.get(bytes, i)) * 0x9e3779b97f4a7c15L;
      h ^= h >>> 29;
    }
    for (; i < end; i++) {
      h = (h + bytes[i]) * 0xbf58476d1ce4e5b9L;
    }
    h ^= h >>> 32;
    return (int) (h ^ (h >>> 17));
  }
}
