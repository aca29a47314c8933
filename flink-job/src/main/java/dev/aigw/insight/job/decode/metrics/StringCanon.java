package dev.aigw.insight.job.decode.metrics;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance per distinct value (thread-safe, bounded): every data point of every request
 * carries its own copies of the same few strings (provider, model, token type), and hashing and
 * comparing those fresh copies in every later step cost more than looking each up once here; a
 * shared instance caches its hash and compares by identity first.
 */
final class StringCanon {

  /**
   * Bound of the distinct strings kept; cleared when reached (a flood of names must not grow it).
   */
  private static final int MAX_SIZE = 50_000;

  private final ConcurrentHashMap<String, String> canon = new ConcurrentHashMap<>();

  /** The shared instance equal to {@code s} (null for null). */
  String of(String s) {
    if (s == null) {
      return null;
    }
    String known = canon.get(s);
    if (known != null) {
      return known;
    }
    if (canon.size() >= MAX_SIZE) {
      canon.clear();
    }
    String raced = canon.putIfAbsent(s, s);
    return raced == null ? s : raced;
  }
}
