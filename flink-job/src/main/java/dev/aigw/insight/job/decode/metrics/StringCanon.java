package dev.aigw.insight.job.decode.metrics;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance per distinct attribute key and value (thread-safe, bounded): every data point
 * of every request carries its own copies of the same few strings (provider, model, token type),
 * and comparing or hashing those fresh copies downstream cost more than looking each up once here.
 * Later stages then mostly compare by identity.
 */
final class StringCanon {

  /**
   * Bound of the distinct strings kept; cleared when reached (a flood of names must not grow it).
   */
  private static final int MAX_SIZE = 50_000;

  private final ConcurrentHashMap<String, String> canon = new ConcurrentHashMap<>();

  StringCanon(String... seeds) {
    for (String s : seeds) {
      canon.put(s, s);
    }
  }

  String of(String s) {
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
