package dev.aigw.insight.job.aggregate.spans.dedup;

/**
 * The spans of one slice of time: an open-addressing hash table from a span's 64-bit key hash to
 * the content fingerprint of its first copy, in two primitive arrays (12 bytes a slot, no object
 * per entry). Linear probing; the hash is already well mixed ({@code SpanKey.hash64}), so its low
 * bits pick the slot. Hash 0 marks an empty slot: callers never store it ({@link
 * SeenSpans#keyHash}).
 *
 * <p>Nothing is ever removed from a table: a whole slice is dropped when it expires, which is why
 * the slices exist.
 */
final class SeenSpanTable {

  /** Bytes per slot: the key hash and the content fingerprint. */
  static final int SLOT_BYTES = Long.BYTES + Integer.BYTES;

  /** Returned by {@link #get} for a key that is not in the table. */
  static final long ABSENT = -1;

  private final long[] hashes;
  private final int[] contents;
  private final int mask;
  private final int maxSize;
  private int size;

  /** A table of {@code capacity} slots (a power of two), holding up to three quarters of them. */
  SeenSpanTable(int capacity) {
    if (Integer.bitCount(capacity) != 1 || capacity < 4) {
      throw new IllegalArgumentException("capacity must be a power of two >= 4: " + capacity);
    }
    hashes = new long[capacity];
    contents = new int[capacity];
    mask = capacity - 1;
    maxSize = capacity / 4 * 3;
  }

  /** The content fingerprint stored for {@code hash} (as an unsigned int), else {@link #ABSENT}. */
  long get(long hash) {
    int i = (int) hash & mask;
    while (true) {
      long h = hashes[i];
      if (h == hash) {
        return Integer.toUnsignedLong(contents[i]);
      }
      if (h == 0) {
        return ABSENT;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * The first slot {@code hash} probes, read and returned: reading the slots of many keys first
   * lets the CPU wait for their cache misses together ({@link SeenSpans#touch}).
   */
  long touch(long hash) {
    return hashes[(int) hash & mask];
  }

  /** Stores {@code hash} with {@code content} unless the table holds it already; false if full. */
  boolean putIfAbsent(long hash, int content) {
    int i = (int) hash & mask;
    while (true) {
      long h = hashes[i];
      if (h == hash) {
        return true;
      }
      if (h == 0) {
        break;
      }
      i = (i + 1) & mask;
    }
    if (size == maxSize) {
      return false;
    }
    hashes[i] = hash;
    contents[i] = content;
    size++;
    return true;
  }

  /** Whether no further key fits. */
  boolean isFull() {
    return size == maxSize;
  }

  /** A table of twice the capacity holding the same entries. */
  SeenSpanTable doubled() {
    SeenSpanTable bigger = new SeenSpanTable(capacity() * 2);
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != 0) {
        bigger.putIfAbsent(hashes[i], contents[i]);
      }
    }
    return bigger;
  }

  int size() {
    return size;
  }

  int capacity() {
    return hashes.length;
  }

  /** Heap taken by the two arrays. */
  long bytes() {
    return (long) hashes.length * SLOT_BYTES;
  }
}
