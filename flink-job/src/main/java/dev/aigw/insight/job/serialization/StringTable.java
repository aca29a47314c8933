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
 * the k-th value of the table. A new string is written by Flink's {@link StringValue}, or, for a
 * table made with {@link RecentNames} (the span path's exchange-only batches), by those.
 */
final class StringTable {

  private StringTable() {}

  /** The writing side of one record. */
  static final class Writer {
    /** Up to this many strings are found by a linear scan, identity first; then by hashing. */
    private static final int SCAN_LIMIT = 64;

    private final List<String> strings = new ArrayList<>();
    private Map<String, Integer> index;
    private final List<double[]> bounds = new ArrayList<>();
    private final RecentNames names;

    Writer() {
      this(null);
    }

    /** A table whose new strings {@code names} writes (null: {@link StringValue}). */
    Writer(RecentNames names) {
      this.names = names;
    }

    /*
     * Why a scan: the repeated strings of a batch (service, instance, resource) are mostly the same
     * objects, and the others are few (providers, models, token types). Hashing the fresh strings
     * of every point cost more than the rest of the serializer (JFR, docs/benchmarks.md).
     */
    void writeString(String s, DataOutputView out) throws IOException {
      if (s == null) {
        out.writeByte(0);
        return;
      }
      int found = find(s);
      if (found >= 0) {
        Varints.write(found + 2L, out);
        return;
      }
      if (index != null) {
        index.put(s, strings.size());
      }
      strings.add(s);
      out.writeByte(1);
      if (names != null) {
        names.write(s, out);
      } else {
        StringValue.writeString(s, out);
      }
      if (strings.size() == SCAN_LIMIT) {
        index = new HashMap<>();
        for (int i = 0; i < strings.size(); i++) {
          index.putIfAbsent(strings.get(i), i);
        }
      }
    }

    private int find(String s) {
      if (index != null) {
        Integer i = index.get(s);
        return i == null ? -1 : i;
      }
      int n = strings.size();
      for (int i = n - 1; i >= 0; i--) {
        if (strings.get(i) == s) {
          return i;
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        if (strings.get(i).equals(s)) {
          return i;
        }
      }
      return -1;
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
    private final RecentNames names;

    Reader() {
      this(null);
    }

    /** A table whose new strings {@code names} reads (null: {@link StringValue}). */
    Reader(RecentNames names) {
      this.names = names;
    }

    String readString(DataInputView in) throws IOException {
      int code = Varints.readInt(in);
      if (code == 0) {
        return null;
      }
      if (code == 1) {
        String s = names != null ? names.read(in) : StringValue.readString(in);
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
