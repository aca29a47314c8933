package dev.aigw.insight.job.decode.logs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the wire reading remembers of one log record: its times and where the values of the
 * attributes the sampling decision (and the status counts) read are. Reused record after record
 * within one call.
 */
final class RecordFacts {

  // Value kinds of an attribute.
  /** Not seen. */
  static final int NONE = 0;

  /** No value, or an AnyValue with nothing set: rendered as the empty string. */
  static final int EMPTY = 1;

  /** One {@code string_value}. */
  static final int STRING = 2;

  /** One {@code int_value}. */
  static final int INT = 3;

  /** Anything else (another type, several fields): only the full decode renders it exactly. */
  static final int OTHER = 4;

  // The attributes read, by index.
  static final int INPUT_TOKENS = 0;
  static final int OUTPUT_TOKENS = 1;
  static final int REASONING_TOKENS = 2;
  static final int DURATION = 3;
  static final int RESPONSE_CODE = 4;
  static final int UPSTREAM_FAILURE = 5;
  static final int REQUEST_ID = 6;

  /** The backend, read only for the status counts ({@link StatusTally}). */
  static final int PROVIDER = 7;

  private static final byte[][] NAMES = {
    utf8(AccessLogAttributes.INPUT_TOKENS),
    utf8(AccessLogAttributes.OUTPUT_TOKENS),
    utf8(AccessLogAttributes.REASONING_TOKENS),
    utf8(AccessLogAttributes.DURATION),
    utf8(AccessLogAttributes.RESPONSE_CODE),
    utf8(AccessLogAttributes.UPSTREAM_TRANSPORT_FAILURE_REASON),
    utf8(AccessLogAttributes.REQUEST_ID),
    utf8(AccessLogAttributes.PROVIDER_NAME),
  };

  /** Index of the attribute name of each byte length (-1 for none); the lengths all differ. */
  private static final int[] BY_LENGTH = new int[64];

  static {
    Arrays.fill(BY_LENGTH, -1);
    for (int i = 0; i < NAMES.length; i++) {
      if (BY_LENGTH[NAMES[i].length] != -1) {
        throw new IllegalStateException("two sampled attribute names of one length");
      }
      BY_LENGTH[NAMES[i].length] = i;
    }
  }

  long time;
  long observedTime;

  /** The record needs the full decode for its decision (an attribute the reading leaves alone). */
  boolean odd;

  final int[] kind = new int[NAMES.length];
  final int[] start = new int[NAMES.length];
  final int[] length = new int[NAMES.length];
  final long[] intValue = new long[NAMES.length];

  // The last attribute value read (scratch of the reader).
  int valueKind;
  int valueStart;
  int valueLength;
  long valueInt;

  void reset() {
    time = 0;
    observedTime = 0;
    odd = false;
    Arrays.fill(kind, NONE);
  }

  /** Remembers the last value read as attribute {@code which}'s (a later one replaces it). */
  void set(int which, int valueKind) {
    kind[which] = valueKind;
    start[which] = valueStart;
    length[which] = valueLength;
    intValue[which] = valueInt;
  }

  /** Which sampled attribute the UTF-8 name {@code bytes[start, start + length)} is, or -1. */
  static int indexOf(byte[] bytes, int start, int length) {
    if (length >= BY_LENGTH.length) {
      return -1;
    }
    int which = BY_LENGTH[length];
    if (which < 0 || !Arrays.equals(bytes, start, start + length, NAMES[which], 0, length)) {
      return -1;
    }
    return which;
  }

  private static byte[] utf8(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }
}
