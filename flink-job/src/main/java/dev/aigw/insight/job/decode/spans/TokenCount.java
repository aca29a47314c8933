package dev.aigw.insight.job.decode.spans;

import io.opentelemetry.proto.common.v1.AnyValue;

/**
 * The one reading of a token-count attribute, with the bad-input rules: an integer in [0, 10^9] is
 * taken; a decimal string is read as its number (counted); a fractional number is rounded to the
 * nearest integer (counted); a negative or absurd (above 10^9) count, or a value that is no number,
 * is ignored, i.e. 0 (counted).
 */
final class TokenCount {

  /** Larger counts are not believed: no single call uses a billion tokens. */
  static final long MAX = 1_000_000_000L;

  private TokenCount() {}

  /** The count in {@code value}; 0 when it is ignored. */
  static long read(AnyValue value, SpanCounters counters) {
    switch (value.getValueCase()) {
      case INT_VALUE:
        return checked(value.getIntValue(), counters);
      case DOUBLE_VALUE:
        return fromDouble(value.getDoubleValue(), counters);
      case STRING_VALUE:
        return fromString(value.getStringValue().trim(), counters);
      default:
        counters.inc(SpanCounters.Kind.TOKEN_UNREADABLE);
        return 0;
    }
  }

  private static long fromString(String s, SpanCounters counters) {
    try {
      long n = Long.parseLong(s);
      counters.inc(SpanCounters.Kind.TOKEN_STRING);
      return checked(n, counters);
    } catch (NumberFormatException notAnInteger) {
      try {
        double d = Double.parseDouble(s);
        counters.inc(SpanCounters.Kind.TOKEN_STRING);
        return fromDouble(d, counters);
      } catch (NumberFormatException notANumber) {
        counters.inc(SpanCounters.Kind.TOKEN_UNREADABLE);
        return 0;
      }
    }
  }

  private static long fromDouble(double d, SpanCounters counters) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      counters.inc(SpanCounters.Kind.TOKEN_UNREADABLE);
      return 0;
    }
    if (d < 0) {
      counters.inc(SpanCounters.Kind.TOKEN_NEGATIVE);
      return 0;
    }
    if (d > MAX) {
      counters.inc(SpanCounters.Kind.TOKEN_ABSURD);
      return 0;
    }
    long n = Math.round(d);
    if (n != d) {
      counters.inc(SpanCounters.Kind.TOKEN_FRACTIONAL);
    }
    return n;
  }

  private static long checked(long n, SpanCounters counters) {
    if (n < 0) {
      counters.inc(SpanCounters.Kind.TOKEN_NEGATIVE);
      return 0;
    }
    if (n > MAX) {
      counters.inc(SpanCounters.Kind.TOKEN_ABSURD);
      return 0;
    }
    return n;
  }
}
