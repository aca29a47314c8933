package dev.aigw.insight.job.decode.metrics;

/**
 * A fast 128-bit, non-cryptographic hash rendered as 32 hex characters, used to keep resource and
 * series identities short in keyed state (collisions are negligible at 2^-64 per pair).
 */
final class KeyHasher {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private long h1 = 0xcbf29ce484222325L;
  private long h2 = 0x9e3779b97f4a7c15L;

  /** Characters of the string being hashed; shared by copies (one thread, one request). */
  private char[] scratch = new char[64];

  /** A hasher in the same state, to continue from a common prefix (e.g. resource + metric). */
  KeyHasher copy() {
    KeyHasher c = new KeyHasher();
    c.h1 = h1;
    c.h2 = h2;
    c.scratch = scratch;
    return c;
  }

  void add(String s) {
    int n = s.length();
    if (n > scratch.length) {
      scratch = new char[Math.max(n, 2 * scratch.length)];
    }
    // one bulk copy instead of a bounds-checked charAt per character; same characters, same hash
    s.getChars(0, n, scratch, 0);
    char[] chars = scratch;
    // the state in locals for the loop (the fields would be stored every character); same steps
    long a = h1;
    long b = h2;
    for (int i = 0; i < n; i++) {
      char c = chars[i];
      a = (a ^ c) * 0x100000001b3L;
      b = (b + c) * 0xc6a4a7935bd1e995L;
      b ^= b >>> 29;
    }
    // the terminating '\u0000'
    a *= 0x100000001b3L;
    b *= 0xc6a4a7935bd1e995L;
    b ^= b >>> 29;
    h1 = a;
    h2 = b;
  }

  String hex() {
    char[] c = new char[32];
    toHex(mix(h1 ^ Long.rotateLeft(h2, 17)), c, 0);
    toHex(mix(h2 + h1), c, 16);
    return new String(c);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** 16 lowercase hex digits, zero-padded (as {@code Long.toHexString} padded to 16). */
  private static void toHex(long v, char[] into, int at) {
    for (int i = 15; i >= 0; i--) {
      into[at + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
  }
}
