package dev.aigw.insight.job.aggregate.spans.dedup;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans one deduplication subtask has seen within the TTL, held in memory, exactly: for each
 * span its key hash and the content fingerprint of its first copy, in {@link SeenSpanTable}s, one
 * per <b>slice</b> of processing time. A new slice starts every {@code ttl / 4} (at least every
 * second) or when the current one's table is at its largest; a slice is dropped once its last span
 * is older than the TTL, so every span is remembered for at least the TTL and at most a slice
 * longer. Flink-free; the operator gives it the clock and a {@link SliceStore}.
 *
 * <p><b>Durable in bulk.</b> Each new entry is also kept in a journal, which goes to the store as
 * one chunk per key group (the operator appends it to a keyed list state, a RocksDB merge: no read)
 * when it holds {@code journalLimit} entries, before a slice is closed, and before every checkpoint
 * barrier ({@link #persist}). So the state receives 12 bytes per span in large appends instead of a
 * RocksDB write per span, and a restore reads it back ({@link #restore}) into the same slices;
 * chunks are kept per key group so that a rescaled job gives each subtask the spans of its key
 * groups.
 *
 * <p><b>Bounded memory.</b> The tables and the journal never take more than {@code memoryBytes}:
 * when a table must grow or a slice start beyond it, the oldest slices are dropped before their TTL
 * (counted in {@link #forgottenEarly}), so at rates beyond the budget the deduplication remembers a
 * shorter window rather than growing. The same happens after a restore.
 *
 * <p><b>Keys are 64-bit hashes.</b> Two different spans share a key hash with probability
 * 2<sup>-64</sup>; with {@code n} spans remembered a new span is taken for a copy with probability
 * {@code n / 2^64} (10<sup>-12</sup> at 16 million). The content fingerprint is the call's 32-bit
 * {@code contentFingerprint()}, as the former state held it.
 */
final class SeenSpans {

  /** What {@link #check} found. */
  enum Seen {
    /** Not seen within the TTL: now remembered, it counts. */
    NEW,
    /** Seen with the same content: a re-sent copy. */
    DUPLICATE,
    /** Seen with other content: the same ids for another span. */
    CONFLICT
  }

  /** Where the slices' chunks are kept: the operator's keyed state. */
  interface SliceStore {
    /** Appends {@code chunk} (entries of key group {@code keyGroup}) to slice {@code slice}. */
    void append(long slice, int keyGroup, byte[] chunk) throws Exception;

    /** Forgets every chunk of slice {@code slice} in every key group of this subtask. */
    void drop(long slice) throws Exception;
  }

  /** Slots of a slice's first table. */
  static final int MIN_CAPACITY = 1 << 10;

  /** Slots of a slice's largest table (48 MiB): past it, a new slice starts. */
  static final int MAX_CAPACITY = 1 << 22;

  /** Journal entries (16 bytes each) written at once at most. */
  static final int JOURNAL_LIMIT = 1 << 16;

  /** Slices per TTL. */
  static final int SLICES_PER_TTL = 4;

  /** The chunk format's version, its first byte. */
  static final byte CHUNK_VERSION = 1;

  private static final int CHUNK_HEADER = 1 + Long.BYTES;
  private static final int JOURNAL_ENTRY_BYTES = Long.BYTES + 2 * Integer.BYTES;

  private final long ttlMs;
  private final long sliceMs;
  private final long memoryBytes;
  private final int firstKeyGroup;
  private final int keyGroups;
  private final SliceStore store;
  private final int journalLimit;

  /** Oldest first; the last one is {@link #current} when there is one. */
  private final List<Slice> slices = new ArrayList<>();

  private Slice current;
  private long nextSliceId;
  private long tableBytes;
  private long remembered;
  private long forgottenEarly;

  // the current slice's entries not yet in the store
  private final long[] journalHashes;
  private final int[] journalContents;
  private final int[] journalGroups;
  private int journalSize;

  // restored slices by id and the bytes of their tables, until restoreDone
  private Map<Long, Slice> restoring;
  private long restoringBytes;

  /**
   * @param ttlMs how long a span is remembered at least
   * @param memoryBytes the most the tables and the journal may take
   * @param firstKeyGroup the first key group of this subtask
   * @param keyGroups the number of this subtask's key groups
   */
  SeenSpans(long ttlMs, long memoryBytes, int firstKeyGroup, int keyGroups, SliceStore store) {
    this(ttlMs, memoryBytes, firstKeyGroup, keyGroups, store, JOURNAL_LIMIT);
  }

  SeenSpans(
      long ttlMs,
      long memoryBytes,
      int firstKeyGroup,
      int keyGroups,
      SliceStore store,
      int journalLimit) {
    this.ttlMs = ttlMs;
    this.sliceMs = Math.max(1_000, ttlMs / SLICES_PER_TTL);
    this.memoryBytes = memoryBytes;
    this.firstKeyGroup = firstKeyGroup;
    this.keyGroups = keyGroups;
    this.store = store;
    this.journalLimit = journalLimit;
    journalHashes = new long[journalLimit];
    journalContents = new int[journalLimit];
    journalGroups = new int[journalLimit];
  }

  /** The smallest budget: the journal and one table of each size up to a few slots. */
  static long minimumMemory(int journalLimit) {
    return (long) journalLimit * JOURNAL_ENTRY_BYTES + 3L * MIN_CAPACITY * SeenSpanTable.SLOT_BYTES;
  }

  /** The table key of a span whose {@code SpanKey.hash64()} is {@code hash64} (never 0). */
  static long keyHash(long hash64) {
    return hash64 == 0 ? 1 : hash64;
  }

  /**
   * Reads the first slot of {@code keyHash} in every slice and returns them combined: called for a
   * group of keys before {@link #check}ing them, it lets their cache misses overlap.
   */
  long touch(long keyHash) {
    long any = 0;
    for (int i = slices.size() - 1; i >= 0; i--) {
      any ^= slices.get(i).table.touch(keyHash);
    }
    return any;
  }

  /**
   * Whether the span with this key hash was seen within the TTL, and with which content; a new one
   * is remembered from now on (at {@code nowMs}, in {@code keyGroup}).
   */
  Seen check(long keyHash, int content, int keyGroup, long nowMs) throws Exception {
    for (int i = slices.size() - 1; i >= 0; i--) {
      long first = slices.get(i).table.get(keyHash);
      if (first != SeenSpanTable.ABSENT) {
        return first == Integer.toUnsignedLong(content) ? Seen.DUPLICATE : Seen.CONFLICT;
      }
    }
    add(keyHash, content, keyGroup, nowMs);
    return Seen.NEW;
  }

  private void add(long keyHash, int content, int keyGroup, long nowMs) throws Exception {
    if (current == null || current.startMs + sliceMs <= nowMs) {
      startSlice(nowMs);
    }
    if (current.table.isFull()) {
      growOrStartSlice(nowMs);
    }
    current.table.putIfAbsent(keyHash, content);
    current.lastMs = Math.max(current.lastMs, nowMs);
    remembered++;
    journalHashes[journalSize] = keyHash;
    journalContents[journalSize] = content;
    journalGroups[journalSize] = keyGroup;
    if (++journalSize == journalLimit) {
      persist();
    }
  }

  private void growOrStartSlice(long nowMs) throws Exception {
    SeenSpanTable table = current.table;
    if (table.capacity() < MAX_CAPACITY) {
      // the doubled table exists beside the old one while it is filled
      makeRoom(2 * table.bytes());
      if (memory() + 2 * table.bytes() <= memoryBytes) {
        SeenSpanTable doubled = table.doubled();
        current.table = doubled;
        tableBytes += doubled.bytes() - table.bytes();
        return;
      }
    }
    startSlice(nowMs);
  }

  private void startSlice(long nowMs) throws Exception {
    persist();
    long bytes = (long) MIN_CAPACITY * SeenSpanTable.SLOT_BYTES;
    makeRoom(bytes);
    current = new Slice(nextSliceId++, nowMs, new SeenSpanTable(MIN_CAPACITY));
    current.lastMs = nowMs;
    slices.add(current);
    tableBytes += bytes;
  }

  /** Drops the oldest slices (never the current one) until {@code extra} more bytes fit. */
  private void makeRoom(long extra) throws Exception {
    while (memory() + extra > memoryBytes && !slices.isEmpty() && slices.get(0) != current) {
      Slice oldest = slices.get(0);
      forgottenEarly += oldest.table.size();
      drop(oldest);
    }
  }

  /** Drops the slices whose every span is older than the TTL. */
  void expire(long nowMs) throws Exception {
    while (!slices.isEmpty() && slices.get(0).lastMs + ttlMs <= nowMs) {
      drop(slices.get(0));
    }
  }

  private void drop(Slice slice) throws Exception {
    slices.remove(slice);
    tableBytes -= slice.table.bytes();
    remembered -= slice.table.size();
    if (slice == current) {
      current = null;
      journalSize = 0; // its chunks are dropped with it
    }
    store.drop(slice.id);
  }

  /** Writes the journal to the store: one chunk per key group of the current slice's entries. */
  void persist() throws Exception {
    if (journalSize == 0) {
      return;
    }
    int[] counts = new int[keyGroups];
    for (int i = 0; i < journalSize; i++) {
      counts[journalGroups[i] - firstKeyGroup]++;
    }
    ByteBuffer[] chunks = new ByteBuffer[keyGroups];
    for (int i = 0; i < journalSize; i++) {
      int group = journalGroups[i] - firstKeyGroup;
      ByteBuffer chunk = chunks[group];
      if (chunk == null) {
        chunk = ByteBuffer.allocate(CHUNK_HEADER + counts[group] * SeenSpanTable.SLOT_BYTES);
        chunk.put(CHUNK_VERSION).putLong(current.lastMs);
        chunks[group] = chunk;
      }
      chunk.putLong(journalHashes[i]).putInt(journalContents[i]);
    }
    journalSize = 0;
    for (int group = 0; group < keyGroups; group++) {
      if (chunks[group] != null) {
        store.append(current.id, firstKeyGroup + group, chunks[group].array());
      }
    }
  }

  /** Reads a chunk of slice {@code slice} back from the store (before any {@link #check}). */
  void restore(long slice, byte[] chunk) {
    ByteBuffer in = ByteBuffer.wrap(chunk);
    byte version = in.get();
    if (version != CHUNK_VERSION) {
      throw new IllegalStateException("unknown chunk version " + version + " in slice " + slice);
    }
    long lastMs = in.getLong();
    while (in.hasRemaining()) {
      long keyHash = in.getLong();
      restore(slice, lastMs, keyHash, in.getInt());
    }
  }

  /**
   * Remembers one span read back from elsewhere (before any {@link #check}) in slice {@code slice},
   * whose last span was seen at {@code lastMs}; not written to the store.
   */
  void restore(long slice, long lastMs, long keyHash, int content) {
    if (restoring == null) {
      restoring = new HashMap<>();
    }
    Slice target = restoring.get(slice);
    if (target == null) {
      target = new Slice(slice, lastMs, new SeenSpanTable(MIN_CAPACITY));
      restoring.put(slice, target);
      restoringBytes += target.table.bytes();
    }
    target.lastMs = Math.max(target.lastMs, lastMs);
    while (!target.table.putIfAbsent(keyHash, content)) {
      if (restoringBytes + target.table.bytes() > memoryBytes) {
        // more than the budget holds (a larger state, or a rescale that merged subtasks): the
        // spans read after it fills are not remembered
        forgottenEarly++;
        return;
      }
      restoringBytes += target.table.bytes();
      target.table = target.table.doubled();
    }
  }

  /**
   * Ends the restore: the restored slices, oldest first, then expiry and the memory budget as
   * always; new spans go to a new slice.
   */
  void restoreDone(long nowMs) throws Exception {
    if (restoring != null) {
      List<Slice> restored = new ArrayList<>(restoring.values());
      restored.sort(Comparator.comparingLong((Slice s) -> s.lastMs).thenComparingLong(s -> s.id));
      for (Slice slice : restored) {
        slices.add(slice);
        tableBytes += slice.table.bytes();
        remembered += slice.table.size();
        nextSliceId = Math.max(nextSliceId, slice.id + 1);
      }
      restoring = null;
      restoringBytes = 0;
    }
    expire(nowMs);
    makeRoom(0);
  }

  /** Spans remembered now. */
  long remembered() {
    return remembered;
  }

  /** Spans forgotten before their TTL to stay within the memory budget, since the start. */
  long forgottenEarly() {
    return forgottenEarly;
  }

  /** Slices alive now. */
  int slices() {
    return slices.size();
  }

  /** Heap taken by the tables and the journal. */
  long memory() {
    return tableBytes + (long) journalLimit * JOURNAL_ENTRY_BYTES;
  }

  /** The spans of one slice of time. */
  private static final class Slice {
    final long id;
    final long startMs;
    long lastMs;
    SeenSpanTable table;

    Slice(long id, long startMs, SeenSpanTable table) {
      this.id = id;
      this.startMs = startMs;
      this.table = table;
    }
  }
}
