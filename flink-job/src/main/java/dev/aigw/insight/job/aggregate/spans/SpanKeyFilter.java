package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.serialization.SpanKey;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * An in-memory negative filter in front of the deduplication's RocksDB state: it answers "this span
 * key was certainly not written within the TTL" without a RocksDB lookup, which is the answer for
 * almost every span (a new span), and "maybe" otherwise, after which the state decides. It never
 * answers "no" for a key the state may still hold, so the deduplication stays exact whatever the
 * filter's fill; a fuller filter only answers "maybe" more often (more RocksDB lookups).
 *
 * <p>Bloom filters with one 512-bit block per key (one cache line per probe), in generations of
 * processing time: keys are added to the current generation, a new one starts every {@code ttl /}
 * {@value #GENERATIONS} (at least every {@value #SAFETY_MS} ms), and a generation is dropped once
 * every key added to it has expired from the state ({@code last add + ttl + }{@value #SAFETY_MS}
 * ms: the state stamps its entries with the same wall clock a few microseconds later). At most
 * {@value #GENERATIONS} + 2 generations are alive (the current one, the ones of the last TTL and
 * the restored one), each of {@code bitsPerGeneration} bits: memory is bounded whatever the rate.
 *
 * <p>A generation holding more keys than half its bits ({@link Generation#saturated}) answers
 * "maybe" to nearly every key (a blocked filter at two bits per key): it is no longer probed, and a
 * lookup that meets one goes straight to the state. So at rates beyond the filter's budget (many
 * new spans over a long TTL) it costs one comparison per generation, never a probe that cannot pay.
 *
 * <p>Each probe reads one random cache line of a multi-megabyte array: a cache and TLB miss. Probed
 * one span at a time, between the rest of a span's work, every miss is waited for in turn; {@link
 * #mightContain(long[], int, long, boolean[])} probes a group of keys and first reads the first
 * long of every key's block, so that the CPU waits for those misses together (in a micro-benchmark
 * of 7 MB generations, groups of 32 to 64 keys cost about half as much per key as single probes).
 *
 * <p>Not checkpointed: after a restore the keys the state holds are added with {@link #addRestored}
 * (stamped with the restore time, the latest they can have been written).
 */
final class SpanKeyFilter {

  /** Generations per TTL. */
  static final int GENERATIONS = 4;

  /** Slack between the filter's clock reads and the state's TTL stamps. */
  static final long SAFETY_MS = 60_000;

  private static final int LONGS_PER_BLOCK = 8;

  /** Odd multipliers that pick one bit in each long of a block from the key's hash. */
  private static final long[] SALT = {
    0x47B6137B44974D91L, 0x8824AD5BA2B7289DL, 0x705495C72DF1424BL, 0x9EFC49475C6BFB31L,
    0x2F9C1A3B5D7E8F01L, 0x5C6D7E8F9A0B1C2DL, 0x3A4B5C6D7E8F9A0BL, 0x6F7E8D9CABBACBDFL
  };

  private final long ttlMs;
  private final long generationMs;
  private final int blocksPerGeneration;
  private final ArrayDeque<Generation> generations = new ArrayDeque<>();
  private Generation current;
  private Generation restored;
  private long nextDropCheck = Long.MIN_VALUE;
  // scratch of the group probe: each key's block and the block's first long
  private int[] bases = new int[0];
  private long[] firsts = new long[0];

  /**
   * @param ttlMs the state's TTL in milliseconds
   * @param bitsPerGeneration memory of one generation (rounded down to whole 512-bit blocks, at
   *     least one)
   */
  SpanKeyFilter(long ttlMs, long bitsPerGeneration) {
    this.ttlMs = ttlMs;
    // never shorter than the slack, so that at most GENERATIONS + 2 regular generations are alive
    this.generationMs = Math.max(SAFETY_MS, ttlMs / GENERATIONS);
    this.blocksPerGeneration =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE / LONGS_PER_BLOCK, bitsPerGeneration / 512));
  }

  /** False only if {@code key} was certainly not added within the TTL before {@code now}. */
  boolean mightContain(SpanKey key, long now) {
    dropExpired(now);
    long hash = key.hash64();
    for (Generation g : generations) {
      if (g.saturated() || g.mightContain(hash)) {
        return true;
      }
    }
    return false;
  }

  /**
   * For each of the first {@code count} hashes ({@link SpanKey#hash64()}), sets {@code maybe[i]} to
   * what {@link #mightContain(SpanKey, long)} answers for its key: the same answers, the misses of
   * the group's probes overlapped.
   */
  void mightContain(long[] hashes, int count, long now, boolean[] maybe) {
    dropExpired(now);
    Arrays.fill(maybe, 0, count, false);
    if (firsts.length < count) {
      firsts = new long[count];
      bases = new int[count];
    }
    for (Generation g : generations) {
      if (g.saturated()) {
        Arrays.fill(maybe, 0, count, true);
        return;
      }
      // the loads of the blocks' first longs do not depend on one another: their misses overlap
      long[] bits = g.bits;
      for (int i = 0; i < count; i++) {
        int base = g.block(hashes[i]);
        bases[i] = base;
        firsts[i] = bits[base];
      }
      for (int i = 0; i < count; i++) {
        maybe[i] = maybe[i] || g.mightContain(hashes[i], bases[i], firsts[i]);
      }
    }
  }

  /** Records that the state wrote {@code key} at about {@code now}. */
  void add(SpanKey key, long now) {
    add(key.hash64(), now);
  }

  /**
   * Records that the state wrote the key of {@code hash} ({@link SpanKey#hash64()}) at {@code now}.
   */
  void add(long hash, long now) {
    if (current == null || now >= current.start + generationMs) {
      current = new Generation(now, blocksPerGeneration);
      generations.addLast(current);
    }
    current.add(hash, now);
  }

  /** Records a key the restored state holds, written at the latest at {@code restoreTime}. */
  void addRestored(SpanKey key, long restoreTime) {
    if (restored == null) {
      restored = new Generation(restoreTime, blocksPerGeneration);
      generations.addFirst(restored);
    }
    restored.add(key.hash64(), restoreTime);
  }

  /** Generations alive (for tests). */
  int generations() {
    return generations.size();
  }

  private void dropExpired(long now) {
    // at most once a second: a generation kept a little longer only costs lookups
    if (now < nextDropCheck && now >= nextDropCheck - 1_000) {
      return;
    }
    nextDropCheck = now + 1_000;
    Iterator<Generation> it = generations.iterator();
    while (it.hasNext()) {
      Generation g = it.next();
      if (g.lastAdd + ttlMs + SAFETY_MS <= now) {
        it.remove();
        if (g == current) {
          current = null;
        }
        if (g == restored) {
          restored = null;
        }
      }
    }
  }

  /** One generation: a blocked Bloom filter and the time of its latest add. */
  private static final class Generation {
    final long start;
    final long[] bits;
    final int blocks;
    long lastAdd;
    long adds;

    Generation(long start, int blocks) {
      this.start = start;
      this.blocks = blocks;
      this.bits = new long[blocks * LONGS_PER_BLOCK];
      this.lastAdd = start;
    }

    void add(long hash, long now) {
      int base = block(hash);
      int h = (int) hash;
      for (int i = 0; i < LONGS_PER_BLOCK; i++) {
        bits[base + i] |= 1L << ((h * SALT[i]) >>> 58);
      }
      lastAdd = Math.max(lastAdd, now);
      adds++;
    }

    /** Whether it holds more keys than half its bits: its "no" has become too rare to look for. */
    boolean saturated() {
      return adds > (long) bits.length * Long.SIZE / 2;
    }

    boolean mightContain(long hash) {
      int base = block(hash);
      return mightContain(hash, base, bits[base]);
    }

    /**
     * The probe of {@code hash} whose block starts at {@code base}, the block's first long read.
     */
    boolean mightContain(long hash, int base, long first) {
      int h = (int) hash;
      if ((first & (1L << ((h * SALT[0]) >>> 58))) == 0) {
        return false;
      }
      for (int i = 1; i < LONGS_PER_BLOCK; i++) {
        if ((bits[base + i] & (1L << ((h * SALT[i]) >>> 58))) == 0) {
          return false;
        }
      }
      return true;
    }

    /** The first long of the key's block, from the hash's upper half (the bits use the lower). */
    private int block(long hash) {
      return (int) (((hash >>> 32) * blocks) >>> 32) * LONGS_PER_BLOCK;
    }
  }
}
