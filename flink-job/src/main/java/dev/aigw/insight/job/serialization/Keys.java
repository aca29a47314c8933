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

  private Keys() {}

  static void write(String key, DataOutputView out) throws IOException {
    if (key == null) {
      out.writeByte(NULL);
    } else if (isHex128(key)) {
      out.writeByte(HEX_128);
      out.writeLong(parseHex(key, 0));
      out.writeLong(parseHex(key, 16));
    } else {
      out.writeByte(STRING);
      StringValue.writeString(key, out);
    }
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

  private static boolean isHex128(String s) {
    if (s.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      char ch = s.charAt(i);
      if (!(ch >= '0' && ch <= '9') && !(ch >= 'a' && ch <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static long parseHex(String s, int from) {
    long v = 0;
    for (int i = from; i < from + 16; i++) {
      v = (v << 4) | Character.digit(s.charAt(i), 16);
    }
    return v;
  }

  private static void formatHex(long v, char[] into, int at) {
    for (int i = 15; i >= 0; i--) {
      into[at + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
  }
}
