package dev.aigw.insight.bench.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One export request serialized once, whose data-point timestamps are patched in place for every
 * send: the load process then spends its CPU on the network, not on protobuf encoding, and every
 * send still carries current, distinct delta windows.
 *
 * <p>OTLP timestamps are {@code fixed64} fields, so they have a fixed width and position in the
 * encoded bytes; the factory finds those positions by encoding sentinel values.
 */
public final class PreSerializedRequest {

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] template;
  private final int[] startOffsets;
  private final int[] timeOffsets;
  private final RequestTotals totals;

  PreSerializedRequest(
      byte[] template, int[] startOffsets, int[] timeOffsets, RequestTotals totals) {
    this.template = template;
    this.startOffsets = startOffsets;
    this.timeOffsets = timeOffsets;
    this.totals = totals;
  }

  /**
   * A fresh copy of the request whose points cover {@code (startNanos, timeNanos]}; a copy, because
   * the previous one may still be in flight.
   */
  public byte[] stamp(long startNanos, long timeNanos) {
    byte[] bytes = template.clone();
    for (int offset : startOffsets) {
      LONG_LE.set(bytes, offset, startNanos);
    }
    for (int offset : timeOffsets) {
      LONG_LE.set(bytes, offset, timeNanos);
    }
    return bytes;
  }

  /** The encoded request with its sentinel timestamps (for parse benchmarks). */
  public byte[] template() {
    return template.clone();
  }

  /** Encoded size in bytes. */
  public int size() {
    return template.length;
  }

  /** What this request carries. */
  public RequestTotals totals() {
    return totals;
  }
}
