package dev.aigw.insight.bench.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One trace export request serialized once, patched in place for every send: each span's trace id
 * starts with the send's sequence number (so that no two sends share a (trace id, span id) and the
 * job's deduplication keeps them all), and its start and end times are moved to just before now.
 * Trace ids and {@code fixed64} times have fixed widths, so patching costs no encoding.
 */
public final class SpanRequest {

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] template;
  private final int[] traceOffsets;
  private final int[] startOffsets;
  private final int[] endOffsets;
  private final long[] endBackNanos;
  private final long[] durationNanos;
  private final RequestTotals totals;

  SpanRequest(
      byte[] template,
      int[] traceOffsets,
      int[] startOffsets,
      int[] endOffsets,
      long[] endBackNanos,
      long[] durationNanos,
      RequestTotals totals) {
    this.template = template;
    this.traceOffsets = traceOffsets;
    this.startOffsets = startOffsets;
    this.endOffsets = endOffsets;
    this.endBackNanos = endBackNanos;
    this.durationNanos = durationNanos;
    this.totals = totals;
  }

  /**
   * A fresh copy whose spans end just before {@code nowNanos} and whose trace ids start with {@code
   * sequence} (non-zero; distinct per send).
   */
  public byte[] stamp(long sequence, long nowNanos) {
    byte[] bytes = template.clone();
    for (int i = 0; i < traceOffsets.length; i++) {
      LONG_BE.set(bytes, traceOffsets[i], sequence);
      long end = nowNanos - endBackNanos[i];
      LONG_LE.set(bytes, endOffsets[i], end);
      LONG_LE.set(bytes, startOffsets[i], end - durationNanos[i]);
    }
    return bytes;
  }

  /** Encoded size in bytes. */
  public int size() {
    return template.length;
  }

  /** What this request carries (calls as requests and records). */
  public RequestTotals totals() {
    return totals;
  }
}
