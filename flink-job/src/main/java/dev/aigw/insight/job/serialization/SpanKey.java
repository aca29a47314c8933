package dev.aigw.insight.job.serialization;

/**
 * The ids of a span, its deduplication key: the trace id (16 bytes) and span id (8) as three
 * big-endian longs, 24 bytes instead of a 48-character hex string. The span decoders build it
 * straight from the ids' bytes ({@link #of(long, long, long)}); no hex is made or parsed on the
 * span path. Ids given as text ({@link #of(String, String)}) that are not lowercase hex of 32 and
 * 16 digits keep the former key, the concatenated strings, so that every span still has exactly one
 * key and two spans share a key exactly when they did before.
 *
 * <p>Its {@link #hashCode()} picks the key group, so it depends on the ids only (never on
 * identity).
 */
public final class SpanKey {

  /** Value of each ASCII character as a lowercase hex digit, -1 if it is none. */
  private static final int[] DIGIT = new int[128];

  static {
    java.util.Arrays.fill(DIGIT, -1);
    for (int i = 0; i < 10; i++) {
      DIGIT['0' + i] = i;
    }
    for (int i = 0; i < 6; i++) {
      DIGIT['a' + i] = 10 + i;
    }
  }

  final long traceHigh;
  final long traceLow;
  final long span;

  /** The concatenated ids when they are not both lowercase hex, else null. */
  final String other;

  SpanKey(long traceHigh, long traceLow, long span, String other) {
    this.traceHigh = traceHigh;
    this.traceLow = traceLow;
    this.span = span;
    this.other = other;
  }

  /** The key of a span whose trace id is {@code traceHigh, traceLow} and span id {@code span}. */
  public static SpanKey of(long traceHigh, long traceLow, long span) {
    return new SpanKey(traceHigh, traceLow, span, null);
  }

  /** The key of the span with these ids (lowercase hex, else kept as text). */
  public static SpanKey of(String traceId, String spanId) {
    if (traceId != null
        && spanId != null
        && traceId.length() == 32
        && spanId.length() == 16
        && isHex(traceId)
        && isHex(spanId)) {
      return new SpanKey(parse(traceId, 0), parse(traceId, 16), parse(spanId, 0), null);
    }
    return new SpanKey(0, 0, 0, traceId + spanId);
  }

  private static boolean isHex(String s) {
    int invalid = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      invalid |= ch < 128 ? DIGIT[ch] : -1;
    }
    return invalid >= 0;
  }

  private static long parse(String s, int from) {
    long v = 0;
    for (int i = from; i < from + 16; i++) {
      v = (v << 4) | DIGIT[s.charAt(i)];
    }
    return v;
  }

  /** The key of another span of the same trace: its span id {@code span} (binary keys only). */
  public SpanKey withSpan(long span) {
    if (other != null) {
      throw new IllegalStateException("not a binary span key: " + other);
    }
    return new SpanKey(traceHigh, traceLow, span, null);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SpanKey)) {
      return false;
    }
    SpanKey k = (SpanKey) o;
    return other == null
        ? k.other == null && traceHigh == k.traceHigh && traceLow == k.traceLow && span == k.span
        : other.equals(k.other);
  }

  @Override
  public int hashCode() {
    if (other != null) {
      return other.hashCode();
    }
    long h = traceHigh * 31 + traceLow;
    h = h * 31 + span;
    return Long.hashCode(h);
  }

  /**
   * A well-mixed 64-bit hash of the ids: the deduplication remembers spans by it (two keys share it
   * with probability 2^-64); {@link #hashCode()} stays the key-group hash. The deduplication's
   * checkpoints hold these hashes, so the function must never change.
   */
  public long hash64() {
    if (other != null) {
      long h = other.length();
      for (int i = 0; i < other.length(); i++) {
        h = mix(h ^ other.charAt(i)) + i;
      }
      return mix(h);
    }
    return mix(traceHigh ^ mix(traceLow ^ mix(span)));
  }

  /** The 64-bit finaliser of MurmurHash3: every input bit moves about half the output bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB93FE1A85B53L;
    return z ^ (z >>> 33);
  }

  @Override
  public String toString() {
    return other != null ? other : String.format("%016x%016x%016x", traceHigh, traceLow, span);
  }
}
