package dev.aigw.insight.job.aggregate.spans.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.spans.dedup.SeenSpans.Seen;
import dev.aigw.insight.job.serialization.SpanKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The spans seen, in slices of time: exact, TTL'd, bounded, written and restored in chunks. */
class SeenSpansTest {

  private static final long TTL = 400_000;
  private static final long SLICE = TTL / SeenSpans.SLICES_PER_TTL;
  private static final int GROUPS = 8;
  private static final long BIG = 64L << 20;

  private final MapStore store = new MapStore();

  @Test
  void aSpanIsNewOnceThenADuplicateOrAConflict() throws Exception {
    SeenSpans seen = new SeenSpans(TTL, BIG, 0, GROUPS, store);

    assertThat(seen.check(11, 5, 1, 0)).isEqualTo(Seen.NEW);
    assertThat(seen.check(11, 5, 1, 0)).isEqualTo(Seen.DUPLICATE);
    assertThat(seen.check(11, 6, 1, 0)).isEqualTo(Seen.CONFLICT);
    assertThat(seen.check(12, -1, 2, 0)).isEqualTo(Seen.NEW);
    assertThat(seen.check(12, -1, 2, 0)).as("negative fingerprints").isEqualTo(Seen.DUPLICATE);
    assertThat(seen.remembered()).isEqualTo(2);
  }

  @Test
  void aSpanIsRememberedForTheTtlAndForgottenASliceLaterAtMost() throws Exception {
    SeenSpans seen = new SeenSpans(TTL, BIG, 0, GROUPS, store);
    seen.check(1, 1, 0, 1_000);
    seen.persist();
    assertThat(store.slices()).containsExactly(0L);

    // a span added later in the same slice keeps the slice alive
    seen.check(2, 1, 0, 1_000 + SLICE - 1);
    seen.expire(1_000 + TTL);
    assertThat(seen.check(1, 1, 0, 1_000 + TTL)).isEqualTo(Seen.DUPLICATE);

    long lastAdd = 1_000 + SLICE - 1;
    seen.expire(lastAdd + TTL);
    assertThat(seen.slices()).as("the slice dropped with its store entries").isZero();
    assertThat(store.slices()).isEmpty();
    assertThat(seen.check(1, 1, 0, lastAdd + TTL)).isEqualTo(Seen.NEW);
    assertThat(seen.check(2, 1, 0, lastAdd + TTL)).isEqualTo(Seen.NEW);
  }

  @Test
  void aNewSliceStartsEveryQuarterOfTheTtl() throws Exception {
    SeenSpans seen = new SeenSpans(TTL, BIG, 0, GROUPS, store);
    for (int i = 0; i < 10; i++) {
      seen.check(100 + i, 1, 0, i * SLICE);
    }
    assertThat(seen.slices()).isEqualTo(10);
    seen.expire(9 * SLICE);
    assertThat(seen.slices()).as("slices whose spans are older than the TTL").isEqualTo(4);
    for (int i = 0; i < 10; i++) {
      assertThat(seen.check(100 + i, 1, 0, 9 * SLICE))
          .isEqualTo(i >= 6 ? Seen.DUPLICATE : Seen.NEW);
    }
  }

  @Test
  void theJournalGoesToTheStoreAsOneChunkPerKeyGroupWithExactlyItsEntries() throws Exception {
    SeenSpans seen = new SeenSpans(TTL, BIG, 16, GROUPS, store, 100);
    Random random = new Random(7);
    Map<Integer, Set<Long>> byGroup = new TreeMap<>();
    for (int i = 0; i < 250; i++) {
      long hash = SeenSpans.keyHash(random.nextLong());
      int group = 16 + random.nextInt(GROUPS);
      byGroup.computeIfAbsent(group, g -> new HashSet<>()).add(hash);
      assertThat(seen.check(hash, (int) hash, group, 5)).isEqualTo(Seen.NEW);
    }
    assertThat(store.chunkCount()).as("two full journals written").isEqualTo(2 * GROUPS);
    seen.persist();
    seen.persist();

    assertThat(store.chunkCount()).isEqualTo(3 * GROUPS);
    for (int group = 16; group < 16 + GROUPS; group++) {
      Set<Long> written = new HashSet<>();
      for (byte[] chunk : store.chunks(0, group)) {
        ByteBuffer in = ByteBuffer.wrap(chunk);
        assertThat(in.get()).isEqualTo(SeenSpans.CHUNK_VERSION);
        assertThat(in.getLong()).as("the slice's last add").isEqualTo(5);
        while (in.hasRemaining()) {
          long hash = in.getLong();
          assertThat(in.getInt()).isEqualTo((int) hash);
          assertThat(written.add(hash)).isTrue();
        }
      }
      assertThat(written).isEqualTo(byGroup.get(group));
    }
  }

  @Test
  void aRestoreRemembersWhatTheStoreHoldsForItsKeyGroupsOnly() throws Exception {
    SeenSpans before = new SeenSpans(TTL, BIG, 0, GROUPS, store, 64);
    List<long[]> spans = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 5_000; i++) {
      long hash = SeenSpans.keyHash(random.nextLong());
      int group = random.nextInt(GROUPS);
      long now = i * (TTL / 10_000); // across two slices
      spans.add(new long[] {hash, group});
      before.check(hash, (int) (hash >>> 7), group, now);
    }
    before.persist();
    long now = TTL / 2;

    // as after a rescale: a subtask of key groups 2..5 reads the chunks of those
    SeenSpans after = new SeenSpans(TTL, BIG, 2, 4, store);
    store.forEachChunk(
        (slice, group, chunk) -> {
          if (group >= 2 && group < 6) {
            after.restore(slice, chunk);
          }
        });
    after.restoreDone(now);

    int restored = 0;
    for (long[] span : spans) {
      if (span[1] >= 2 && span[1] < 6) {
        restored++;
        assertThat(after.check(span[0], (int) (span[0] >>> 7), (int) span[1], now))
            .isEqualTo(Seen.DUPLICATE);
        assertThat(after.check(span[0], 0, (int) span[1], now)).isEqualTo(Seen.CONFLICT);
      }
    }
    assertThat(after.remembered()).isEqualTo(restored);
    assertThat(after.check(SeenSpans.keyHash(random.nextLong()), 1, 3, now)).isEqualTo(Seen.NEW);
    assertThat(after.slices()).as("two restored slices and a new one").isEqualTo(3);
  }

  @Test
  void aRestoreDropsTheSlicesThatExpiredMeanwhile() throws Exception {
    SeenSpans before = new SeenSpans(TTL, BIG, 0, GROUPS, store);
    before.check(1, 1, 0, 0);
    before.check(2, 1, 0, 2 * SLICE);
    before.persist();

    SeenSpans after = new SeenSpans(TTL, BIG, 0, GROUPS, store);
    store.forEachChunk((slice, group, chunk) -> after.restore(slice, chunk));
    after.restoreDone(TTL + SLICE);

    assertThat(store.slices()).containsExactly(1L);
    assertThat(after.check(1, 1, 0, TTL + SLICE)).isEqualTo(Seen.NEW);
    assertThat(after.check(2, 1, 0, TTL + SLICE)).isEqualTo(Seen.DUPLICATE);
  }

  @Test
  void beyondTheBudgetTheOldestSlicesAreForgottenEarlyAndCounted() throws Exception {
    int journal = 1_000;
    long budget = SeenSpans.minimumMemory(journal) + (1L << 20);
    SeenSpans seen = new SeenSpans(TTL, budget, 0, GROUPS, store, journal);
    int spans = 400_000;
    for (int i = 1; i <= spans; i++) {
      seen.check(SeenSpans.keyHash(i * 0x9E3779B97F4A7C15L), i, i % GROUPS, 0);
      assertThat(seen.memory()).isLessThanOrEqualTo(budget);
    }

    assertThat(seen.forgottenEarly()).isPositive();
    assertThat(seen.remembered() + seen.forgottenEarly()).isEqualTo(spans);
    // the newest are still known, the oldest count again
    long newest = SeenSpans.keyHash(spans * 0x9E3779B97F4A7C15L);
    assertThat(seen.check(newest, spans, spans % GROUPS, 0)).isEqualTo(Seen.DUPLICATE);
    assertThat(seen.check(SeenSpans.keyHash(0x9E3779B97F4A7C15L), 1, 1, 0)).isEqualTo(Seen.NEW);
    seen.persist();
    assertThat(store.slices())
        .as("forgotten slices are dropped from the store")
        .hasSize(seen.slices());
  }

  @Test
  void aRestoreBeyondTheBudgetRemembersWhatFitsAndCountsTheRest() throws Exception {
    int journal = 1_000;
    long budget = SeenSpans.minimumMemory(journal) + (1L << 20);
    SeenSpans seen = new SeenSpans(TTL, budget, 0, GROUPS, store, journal);
    int spans = 300_000;
    for (int i = 1; i <= spans; i++) {
      seen.restore(-1, 0, SeenSpans.keyHash(i * 0x9E3779B97F4A7C15L), i);
    }
    seen.restoreDone(0);

    assertThat(seen.memory()).isLessThanOrEqualTo(budget);
    assertThat(seen.remembered()).isPositive();
    assertThat(seen.remembered() + seen.forgottenEarly()).isEqualTo(spans);
    assertThat(seen.check(SeenSpans.keyHash(0x9E3779B97F4A7C15L), 1, 0, 0))
        .as("the first read is remembered")
        .isEqualTo(Seen.DUPLICATE);
  }

  @Test
  void aSliceGrowsItsTableAndKeepsEveryEntry() throws Exception {
    SeenSpans seen = new SeenSpans(TTL, BIG, 0, GROUPS, store);
    Random random = new Random(11);
    long[] hashes = new long[200_000];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = SeenSpans.keyHash(random.nextLong());
      assertThat(seen.check(hashes[i], i, 0, 0)).isEqualTo(Seen.NEW);
    }
    for (int i = 0; i < hashes.length; i++) {
      assertThat(seen.check(hashes[i], i, 0, 0)).isEqualTo(Seen.DUPLICATE);
    }
    assertThat(seen.slices()).isEqualTo(1);
    assertThat(seen.remembered()).isEqualTo(hashes.length);
  }

  @Test
  void theKeyHashOfASpanNeverChangesBecauseCheckpointsHoldIt() {
    // a restored chunk is looked up by this function's values: changing it would make every
    // re-sent span of a restored job count again
    assertThat(SpanKey.of(0x0123456789abcdefL, 0xfedcba9876543210L, 0x1122334455667788L).hash64())
        .isEqualTo(0x6a0f061a33127190L);
    assertThat(SpanKey.of("t", "a").hash64()).isEqualTo(0xf140bfe8a052f42aL);
  }

  /** The store as a map: (slice, key group) to the chunks appended, in order. */
  private static final class MapStore implements SeenSpans.SliceStore {
    private final Map<Long, Map<Integer, List<byte[]>>> slices = new TreeMap<>();

    @Override
    public void append(long slice, int keyGroup, byte[] chunk) {
      slices
          .computeIfAbsent(slice, s -> new TreeMap<>())
          .computeIfAbsent(keyGroup, g -> new ArrayList<>())
          .add(chunk);
    }

    @Override
    public void drop(long slice) {
      slices.remove(slice);
    }

    Set<Long> slices() {
      return slices.keySet();
    }

    List<byte[]> chunks(long slice, int group) {
      return slices.getOrDefault(slice, Map.of()).getOrDefault(group, List.of());
    }

    int chunkCount() {
      return slices.values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).sum();
    }

    void forEachChunk(ChunkConsumer consumer) throws Exception {
      for (Map.Entry<Long, Map<Integer, List<byte[]>>> slice : slices.entrySet()) {
        for (Map.Entry<Integer, List<byte[]>> group : slice.getValue().entrySet()) {
          for (byte[] chunk : group.getValue()) {
            consumer.accept(slice.getKey(), group.getKey(), chunk);
          }
        }
      }
    }
  }

  private interface ChunkConsumer {
    void accept(long slice, int group, byte[] chunk) throws Exception;
  }
}
