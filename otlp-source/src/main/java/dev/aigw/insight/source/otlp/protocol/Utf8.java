package dev.aigw.insight.source.otlp.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks bytes for well-formed UTF-8 without decoding them: the check protobuf's parse applies to
 * proto3 {@code string} fields (no overlong forms, no surrogates, nothing above U+10FFFF).
 */
public final class Utf8 {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /** Whether {@code bytes[start, start + length)} is well-formed UTF-8. */
  public static boolean isValid(byte[] bytes, int start, int length) {
    int i = start;
    int end = start + length;
    // ASCII, eight bytes at a time: access-log strings are nearly always ASCII
    while (i + 8 <= end && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
      i += 8;
    }
    while (i < end) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xff;
      if (b < 0xC2) {
        return false; // a continuation byte, or an overlong two-byte form
      }
      if (b < 0xE0) {
        if (i + 1 >= end || !continuation(bytes[i + 1])) {
          return false;
        }
        i += 2;
      } else if (b < 0xF0) {
        if (i + 2 >= end) {
          return false;
        }
        int b1 = bytes[i + 1] & 0xff;
        if (!continuation(bytes[i + 1])
            || !continuation(bytes[i + 2])
            || (b == 0xE0 && b1 < 0xA0) // overlong
            || (b == 0xED && b1 >= 0xA0)) { // surrogate
          return false;
        }
        i += 3;
      } else if (b < 0xF5) {
        if (i + 3 >= end) {
          return false;
        }
        int b1 = bytes[i + 1] & 0xff;
        if (!continuation(bytes[i + 1])
            || !continuation(bytes[i + 2])
            || !continuation(bytes[i + 3])
            || (b == 0xF0 && b1 < 0x90) // overlong
            || (b == 0xF4 && b1 >= 0x90)) { // above U+10FFFF
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
