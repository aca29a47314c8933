package dev.aigw.insight.job.serialization;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Unsigned LEB128 variable-length longs: small non-negative values take one byte. */
final class Varints {

  private Varints() {}

  static void write(long value, DataOutputView out) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  /**
   * Puts {@code value} as {@link #writeSigned} writes it at {@code p}; returns the next position.
   */
  static int putSigned(long value, byte[] bytes, int p) {
    long v = (value << 1) ^ (value >> 63);
    while ((v & ~0x7FL) != 0) {
      bytes[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[p++] = (byte) v;
    return p;
  }

  static long read(DataInputView in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IOException("malformed variable-length long");
  }

  /** Writes a signed value zig-zag encoded: small magnitudes of either sign take one byte. */
  static void writeSigned(long value, DataOutputView out) throws IOException {
    write((value << 1) ^ (value >> 63), out);
  }

  static long readSigned(DataInputView in) throws IOException {
    long v = read(in);
    return (v >>> 1) ^ -(v & 1);
  }

  static int readInt(DataInputView in) throws IOException {
    return Math.toIntExact(read(in));
  }
}
