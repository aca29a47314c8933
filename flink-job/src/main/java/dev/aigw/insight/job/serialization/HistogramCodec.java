package dev.aigw.insight.job.serialization;

import dev.aigw.insight.job.aggregate.HistogramAccumulator;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes and reads a {@link HistogramAccumulator} compactly: an empty one is one byte; bounds that
 * equal one of the {@link #FROZEN_BOUNDS} are one byte; counts are variable-length.
 *
 * <p>Layout: flags (bit 0 present, bit 1 min known, bit 2 max known); when present: the bounds code
 * (0 none, 1 inline: length then doubles, k + 2 the k-th frozen bounds), the counts (length + 1, 0
 * for none, then zig-zag varints), the sum, the count (zig-zag varint), min and max when known
 * (their raw doubles are kept even when unknown only if not NaN, so a round trip is exact).
 */
public final class HistogramCodec {

  private static final int PRESENT = 1;
  private static final int MIN_KNOWN = 2;
  private static final int MAX_KNOWN = 4;
  private static final int HAS_MIN = 8;
  private static final int HAS_MAX = 16;

  /**
   * Bounds written as a one-byte code: the gateway contract's request duration, time to first token
   * and time per output token buckets, and the span cells' millisecond buckets, as they were when
   * this format was defined. Frozen: the codes are in state, so this list may only grow at its end;
   * bounds not listed (a contract change, another exporter) are written inline.
   */
  static final double[][] FROZEN_BOUNDS = {
    {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92},
    {
      0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
      15.0, 20.0, 30.0, 45.0, 60.0
    },
    {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5},
    {10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000}
  };

  private HistogramCodec() {}

  /** Writes {@code h} (null is written as an empty accumulator). */
  public static void write(HistogramAccumulator h, DataOutputView out) throws IOException {
    if (h == null || isEmpty(h)) {
      out.writeByte(0);
      return;
    }
    boolean hasMin = !Double.isNaN(h.min);
    boolean hasMax = !Double.isNaN(h.max);
    out.writeByte(
        PRESENT
            | (h.minKnown ? MIN_KNOWN : 0)
            | (h.maxKnown ? MAX_KNOWN : 0)
            | (hasMin ? HAS_MIN : 0)
            | (hasMax ? HAS_MAX : 0));
    writeBounds(h.bounds, out);
    if (h.counts == null) {
      out.writeByte(0);
    } else {
      Varints.write(h.counts.length + 1L, out);
      for (long c : h.counts) {
        Varints.writeSigned(c, out);
      }
    }
    out.writeDouble(h.sum);
    Varints.writeSigned(h.count, out);
    if (hasMin) {
      out.writeDouble(h.min);
    }
    if (hasMax) {
      out.writeDouble(h.max);
    }
  }

  /** Reads what {@link #write} wrote; frozen bounds are shared, never modified by the job. */
  public static HistogramAccumulator read(DataInputView in) throws IOException {
    HistogramAccumulator h = new HistogramAccumulator();
    int flags = in.readUnsignedByte();
    if ((flags & PRESENT) == 0) {
      return h;
    }
    h.minKnown = (flags & MIN_KNOWN) != 0;
    h.maxKnown = (flags & MAX_KNOWN) != 0;
    h.bounds = readBounds(in);
    int counts = Varints.readInt(in) - 1;
    if (counts >= 0) {
      h.counts = new long[counts];
      for (int i = 0; i < counts; i++) {
        h.counts[i] = Varints.readSigned(in);
      }
    }
    h.sum = in.readDouble();
    h.count = Varints.readSigned(in);
    h.min = (flags & HAS_MIN) != 0 ? in.readDouble() : Double.NaN;
    h.max = (flags & HAS_MAX) != 0 ? in.readDouble() : Double.NaN;
    return h;
  }

  /** A deep copy (bounds are shared: the job never modifies them in place). */
  public static HistogramAccumulator copy(HistogramAccumulator from) {
    HistogramAccumulator c = new HistogramAccumulator();
    if (from == null) {
      return c;
    }
    c.bounds = from.bounds;
    c.counts = from.counts == null ? null : from.counts.clone();
    c.sum = from.sum;
    c.count = from.count;
    c.min = from.min;
    c.max = from.max;
    c.minKnown = from.minKnown;
    c.maxKnown = from.maxKnown;
    return c;
  }

  /** The state of a new accumulator: what one byte stands for. */
  private static boolean isEmpty(HistogramAccumulator h) {
    return h.bounds == null
        && h.counts == null
        && h.count == 0
        && Double.doubleToRawLongBits(h.sum) == 0L
        && Double.isNaN(h.min)
        && Double.isNaN(h.max)
        && !h.minKnown
        && !h.maxKnown;
  }

  private static void writeBounds(double[] b, DataOutputView out) throws IOException {
    if (b == null) {
      out.writeByte(0);
      return;
    }
    for (int i = 0; i < FROZEN_BOUNDS.length; i++) {
      if (FROZEN_BOUNDS[i] == b || Arrays.equals(FROZEN_BOUNDS[i], b)) {
        Varints.write(i + 2L, out);
        return;
      }
    }
    out.writeByte(1);
    Varints.write(b.length, out);
    for (double v : b) {
      out.writeDouble(v);
    }
  }

  private static double[] readBounds(DataInputView in) throws IOException {
    int code = Varints.readInt(in);
    if (code == 0) {
      return null;
    }
    if (code == 1) {
      double[] b = new double[Varints.readInt(in)];
      for (int i = 0; i < b.length; i++) {
        b[i] = in.readDouble();
      }
      return b;
    }
    int frozen = code - 2;
    if (frozen >= FROZEN_BOUNDS.length) {
      throw new IOException("unknown histogram bounds code " + code);
    }
    return FROZEN_BOUNDS[frozen];
  }
}
