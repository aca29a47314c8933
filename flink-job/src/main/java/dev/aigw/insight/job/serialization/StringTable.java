package dev.aigw.insight.job.serialization;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Per-record tables of repeated values (strings, bucket bounds): a value is written in full the
 * first time and as its table index afterwards. Codes: 0 = null, 1 = a new value follows, k + 2 =
 * the k-th value of the table.
 */
final class StringTable {

  private StringTable() {}

  /** The writing side of one record. */
  static final class Writer {
    private final Map<String, Integer> strings = new HashMap<>();
    private final List<double[]> bounds = new ArrayList<>();

    void writeString(String s, DataOutputView out) throws IOException {
      if (s == null) {
        out.writeByte(0);
        return;
      }
      Integer index = strings.get(s);
      if (index != null) {
        Varints.write(index + 2L, out);
        return;
      }
      strings.put(s, strings.size());
      out.writeByte(1);
      StringValue.writeString(s, out);
    }

    void writeBounds(double[] b, DataOutputView out) throws IOException {
      if (b == null) {
        out.writeByte(0);
        return;
      }
      for (int i = 0; i < bounds.size(); i++) {
        double[] known = bounds.get(i);
        if (known == b || Arrays.equals(known, b)) {
          Varints.write(i + 2L, out);
          return;
        }
      }
      bounds.add(b);
      out.writeByte(1);
      Varints.write(b.length, out);
      for (double v : b) {
        out.writeDouble(v);
      }
    }
  }

  /** The reading side of one record; bounds read once are shared by the points that use them. */
  static final class Reader {
    private final List<String> strings = new ArrayList<>();
    private final List<double[]> bounds = new ArrayList<>();

    String readString(DataInputView in) throws IOException {
      int code = Varints.readInt(in);
      if (code == 0) {
        return null;
      }
      if (code == 1) {
        String s = StringValue.readString(in);
        strings.add(s);
        return s;
      }
      return strings.get(code - 2);
    }

    double[] readBounds(DataInputView in) throws IOException {
      int code = Varints.readInt(in);
      if (code == 0) {
        return null;
      }
      if (code == 1) {
        double[] b = new double[Varints.readInt(in)];
        for (int i = 0; i < b.length; i++) {
          b[i] = in.readDouble();
        }
        bounds.add(b);
        return b;
      }
      return bounds.get(code - 2);
    }
  }
}
