package dev.aigw.insight.job.decode.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of one serialized request (UTF-8 already checked), each distinct one decoded once:
 * every data point repeats the same attribute keys and a few values, and handing out one instance
 * per value saves decoding and allocating them per point (and lets {@link RecentStrings} match by
 * identity). A small table hashed on the bytes; a value that collides is decoded again (still
 * correct). Not thread-safe: one per call.
 */
final class WireStrings {

  private static final int SLOTS = 256;

  private final byte[] bytes;
  private final int[] starts = new int[SLOTS];
  private final int[] lengths = new int[SLOTS];
  private final String[] values = new String[SLOTS];

  WireStrings(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The string of the UTF-8 bytes {@code [start, start + length)} of the request. */
  String of(int start, int length) {
    int h = length;
    int end = start + length;
    for (int i = start; i < end; i++) {
      h = 31 * h + bytes[i];
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    String s = values[slot];
    if (s != null
        && lengths[slot] == length
        && Arrays.equals(bytes, starts[slot], starts[slot] + length, bytes, start, end)) {
      return s;
    }
    s = new String(bytes, start, length, StandardCharsets.UTF_8);
    values[slot] = s;
    starts[slot] = start;
    lengths[slot] = length;
    return s;
  }
}
