package dev.aigw.insight.bench.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Finds the positions of sentinel {@code fixed64} values in an encoded protobuf message. */
final class Sentinels {

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Sentinels() {}

  /**
   * Offsets of every {@code sentinel} preceded by the field tag {@code tag}; fails unless exactly
   * {@code expected} are found, so an accidental match in other bytes cannot go unnoticed.
   */
  static int[] find(byte[] bytes, long sentinel, byte tag, int expected) {
    int[] offsets = new int[expected];
    int found = 0;
    for (int i = 1; i + 8 <= bytes.length; i++) {
      if (bytes[i - 1] == tag && (long) LONG_LE.get(bytes, i) == sentinel) {
        if (found == expected) {
          throw new IllegalStateException("More than " + expected + " sentinel timestamps found");
        }
        offsets[found++] = i;
        i += 7;
      }
    }
    if (found != expected) {
      throw new IllegalStateException(
          "Found "
              + found
              + " sentinel timestamps, expected "
              + expected
              + ": "
              + Arrays.toString(Arrays.copyOf(offsets, found)));
    }
    return offsets;
  }
}
