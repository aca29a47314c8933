package dev.aigw.insight.job.decode.metrics;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;

/**
 * The attributes of one data point as rendered strings, sorted by key (a later duplicate key
 * replaces an earlier one, as in a map). A point has a handful of attributes, so two small arrays
 * and linear scans beat building a hash map per point, which the decoder did before.
 */
final class PointAttributes {

  private final String[] keys;
  private final String[] values;
  private int size;

  /** Room for {@code capacity} attributes, filled with {@link #put} (the wire-format reader). */
  PointAttributes(int capacity) {
    keys = new String[capacity];
    values = new String[capacity];
  }

  /** The first {@code max} attributes of the point; further ones are ignored and counted. */
  static PointAttributes of(HistogramDataPoint dp, int max, GenAiMetricDecoder.Counters c) {
    int n = dp.getAttributesCount();
    if (n > max) {
      c.attributesIgnored.inc(n - max);
      n = max;
    }
    PointAttributes a = new PointAttributes(n);
    for (int i = 0; i < n; i++) {
      KeyValue kv = dp.getAttributes(i);
      a.put(kv.getKey(), GenAiMetricDecoder.render(kv.getValue(), c));
    }
    return a;
  }

  /** Insertion into the sorted arrays; an existing key gets the new value. */
  void put(String key, String value) {
    int i = size - 1;
    while (i >= 0 && keys[i].compareTo(key) > 0) {
      i--;
    }
    if (i >= 0 && keys[i].equals(key)) {
      values[i] = value;
      return;
    }
    System.arraycopy(keys, i + 1, keys, i + 2, size - i - 1);
    System.arraycopy(values, i + 1, values, i + 2, size - i - 1);
    keys[i + 1] = key;
    values[i + 1] = value;
    size++;
  }

  /** The value of {@code key}, or null. */
  String get(String key) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  /** The first non-empty of two attributes, else {@link GenAiAttributes#UNKNOWN}. */
  String firstNonEmpty(String first, String second) {
    String v = get(first);
    if (v == null || v.isEmpty()) {
      v = get(second);
    }
    return v == null || v.isEmpty() ? GenAiAttributes.UNKNOWN : v;
  }

  /** Adds every (key, value) in key order: the attribute part of a series identity. */
  void hashInto(KeyHasher h) {
    for (int i = 0; i < size; i++) {
      h.add(keys[i]);
      h.add(values[i]);
    }
  }
}
