package dev.aigw.insight.job.serialization;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes the job's identity keys: a key of 32 lowercase hex characters (a hashed resource or series
 * identity, see the metrics decoder) as its 16 bytes, anything else as a string. Keys are written
 * for every point and every series of every state access, so their size and speed matter.
 */
final class Keys {

  private static final int NULL = 0;
  private static final int STRING = 1;
  private static final int HEX_128 = 2;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Value of each ASCII character as a lowercase hex digit, -1 if it is none. */
  private static final int[] DIGIT = new int[128];

  /**
   * Marks a half that is not hex. A real half can have this value too; such a key is then simply
   * written as a string, which is always correct.
   */
  private static final long NOT_HEX = Long.MIN_VALUE;

  static {
    java.util.Arrays.fill(DIGIT, -1);
    for (int i = 0; i < 16; i++) {
      DIGIT[HEX[i]] = i;
    }
  }

  private Keys() {}

  static void write(String key, DataOutputView out) throws IOException {
    if (key == null) {
      out.writeByte(NULL);
      return;
    }
    if (key.length() == 32) {
      long high = parseHex(key, 0);
      long low = parseHex(key, 16);
      if (high != NOT_HEX && low != NOT_HEX) {
        out.writeByte(HEX_128);
        out.writeLong(high);
        out.writeLong(low);
        return;
      }
    }
    out.writeByte(STRING);
    StringValue.writeString(key, out);
  }

  static String read(DataInputView in) throws IOException {
    int kind = in.readUnsignedByte();
    switch (kind) {
      case NULL:
        return null;
      case HEX_128:
        char[] c = new char[32];
        formatHex(in.readLong(), c, 0);
        formatHex(in.readLong(), c, 16);
        return new String(c);
      case STRING:
        return StringValue.readString(in);
      default:
        throw new IOException("unknown key encoding " + kind);
    }
  }

  /**
   * The 16 lowercase hex digits from {@code from} as a long, or {@link #NOT_HEX}. One pass with a
   * table lookup per character: this runs for every point and every stored series.
   */
  private static long parseHex(String s, int from) {
    long v = 0;
    int invalid = 0;
    for (int i = from; i < from + 16; i++) {
      char ch = s.charAt(i);
      int d = ch < 128 ? DIGIT[ch] : -1;
      invalid |= d;
      v = (v << 4) | (d & 0xF);
    }
    return invalid < 0 ? NOT_HEX : v;
  }

  private static void formatHex(long v, char[] into, int at) {
    for (int i = 15; i >= 0; i--) {
      into[at + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
  }
}
