package dev.aigw.insight.bench.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One export request serialized once, whose data-point timestamps are patched in place for every
 * send: the load process then spends its CPU on the network, not on protobuf encoding, and every
 * send still carries current, distinct delta windows.
 *
 * <p>OTLP timestamps are {@code fixed64} fields, so they have a fixed width and position in the
 * encoded bytes; the factory finds those positions by encoding sentinel values.
 */
public final class PreSerializedRequest {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] template;
  private final int[] startOffsets;
  private final int[] timeOffsets;
  private final RequestTotals totals;
  private final int[] idSlotOffsets;

  /**
   * Every send's number, written into the id slots: a request is sent many times, and a store that
   * keys documents by request id (the access-log index) must see each send's records as new ones.
   */
  private static final AtomicLong SENDS = new AtomicLong();

  PreSerializedRequest(
      byte[] template, int[] startOffsets, int[] timeOffsets, RequestTotals totals) {
    this(template, startOffsets, timeOffsets, totals, new int[0]);
  }

  /**
   * @param idSlotOffsets offsets of {@link #ID_SLOT} strings, overwritten by the send's number
   */
  PreSerializedRequest(
      byte[] template,
      int[] startOffsets,
      int[] timeOffsets,
      RequestTotals totals,
      int[] idSlotOffsets) {
    this.template = template;
    this.startOffsets = startOffsets;
    this.timeOffsets = timeOffsets;
    this.totals = totals;
    this.idSlotOffsets = idSlotOffsets;
  }

  /** A placeholder of 16 ASCII characters inside string values, replaced by 16 hex digits. */
  static final String ID_SLOT = "~~~~~~~~~~~~~~~~";

  /** Offsets of every {@link #ID_SLOT} in {@code bytes}. */
  static int[] findIdSlots(byte[] bytes) {
    byte[] slot = ID_SLOT.getBytes(StandardCharsets.US_ASCII);
    int[] found = new int[8];
    int n = 0;
    for (int i = 0; i + slot.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + slot.length, slot, 0, slot.length)) {
        if (n == found.length) {
          found = Arrays.copyOf(found, n * 2);
        }
        found[n++] = i;
        i += slot.length - 1;
      }
    }
    return Arrays.copyOf(found, n);
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
    if (idSlotOffsets.length > 0) {
      long send = SENDS.incrementAndGet();
      for (int offset : idSlotOffsets) {
        for (int digit = 0; digit < 16; digit++) {
          bytes[offset + digit] = HEX[(int) (send >>> (60 - 4 * digit)) & 0xF];
        }
      }
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
