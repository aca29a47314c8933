package dev.aigw.insight.job.decode.metrics;

/**
 * One shared instance per distinct value of one attribute within one request (not thread-safe: one
 * per decode call). Every data point carries its own copy of the same few strings (provider, model,
 * token type); sharing one instance lets the batch serializer and the combiner find them by
 * identity and hash each once. Consecutive points mostly repeat the last value, so that is checked
 * first; a hash map lookup per value cost more than the rest of the decoder (docs/benchmarks.md).
 */
final class RecentStrings {

  /** Values remembered; beyond that, new values are simply not shared (still correct). */
  private static final int CAPACITY = 32;

  private final String[] values = new String[CAPACITY];
  private int size;
  private int last;

  /** The remembered instance equal to {@code s}, else {@code s} (null for null). */
  String of(String s) {
    if (s == null) {
      return null;
    }
    if (size > 0 && values[last].equals(s)) {
      return values[last];
    }
    for (int i = 0; i < size; i++) {
      if (values[i].equals(s)) {
        last = i;
        return values[i];
      }
    }
    if (size < CAPACITY) {
      last = size;
      values[size++] = s;
    }
    return s;
  }
}
