package dev.aigw.insight.job.aggregate.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.serialization.SpanKey;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The filter never forgets a key within the TTL, forgets it after, and says "no" to most others.
 */
class SpanKeyFilterTest {

  private static final long TTL = 60_000;

  @Test
  void everyAddedKeyIsAMaybeUntilItsTtlHasPassed() {
    SpanKeyFilter filter = new SpanKeyFilter(TTL, 1 << 20);
    for (int i = 0; i < 20_000; i++) {
      filter.add(key(i), i * 5L); // 100 s of adds: several generations
    }
    long last = 19_999 * 5L;
    for (int i = 0; i < 20_000; i++) {
      if (i * 5L + TTL + SpanKeyFilter.SAFETY_MS > last) {
        assertThat(filter.mightContain(key(i), last)).as("key %d", i).isTrue();
      }
    }
    assertThat(filter.generations()).isLessThanOrEqualTo(SpanKeyFilter.GENERATIONS + 3);
  }

  @Test
  void mostKeysNeverAddedAreANo() {
    SpanKeyFilter filter = new SpanKeyFilter(TTL, 1 << 20);
    for (int i = 0; i < 50_000; i++) {
      filter.add(key(i), 0);
    }
    int maybes = 0;
    for (int i = 50_000; i < 150_000; i++) {
      maybes += filter.mightContain(key(i), 0) ? 1 : 0;
    }
    assertThat(maybes).isLessThan(2_000); // ~20 bits per key: well under 2 % false "maybe"
  }

  @Test
  void generationsAreDroppedOnceTheirKeysHaveExpired() {
    SpanKeyFilter filter = new SpanKeyFilter(TTL, 1 << 16);
    filter.add(key(1), 0);
    long later = TTL + SpanKeyFilter.SAFETY_MS;
    assertThat(filter.mightContain(key(1), later - 1)).isTrue();
    // expired generations are looked for at most once a second: dropped a second late at most
    assertThat(filter.mightContain(key(1), later + 1_000)).isFalse();
    assertThat(filter.generations()).isZero();
  }

  @Test
  void restoredKeysAreMaybesForATtlAfterTheRestore() {
    SpanKeyFilter filter = new SpanKeyFilter(TTL, 1 << 16);
    filter.addRestored(SpanKey.of("t", "not-hex"), 1_000);
    assertThat(filter.mightContain(SpanKey.of("t", "not-hex"), 1_000 + TTL)).isTrue();
    assertThat(
            filter.mightContain(SpanKey.of("t", "not-hex"), 1_000 + TTL + SpanKeyFilter.SAFETY_MS))
        .isFalse();
  }

  @Test
  void aSaturatedGenerationAnswersMaybeWithoutAProbe() {
    // one 512-bit block: saturated beyond 256 keys
    SpanKeyFilter filter = new SpanKeyFilter(TTL, 512);
    for (int i = 0; i < 256; i++) {
      filter.add(key(i), 0);
    }
    int maybes = 0;
    for (int i = 1_000; i < 1_100; i++) {
      maybes += filter.mightContain(key(i), 0) ? 1 : 0;
    }
    assertThat(maybes).as("not yet saturated: some keys are still a no").isLessThan(100);
    filter.add(key(256), 0);
    for (int i = 1_000; i < 1_100; i++) {
      assertThat(filter.mightContain(key(i), 0)).isTrue();
    }
  }

  @Test
  void theGroupProbeAnswersAsTheSingleProbesDo() {
    // small generations over several TTL quarters: many maybes, several generations, and a drop
    SpanKeyFilter filter = new SpanKeyFilter(TTL, 1 << 14);
    SplittableRandom random = new SplittableRandom(17);
    long[] added = new long[5_000];
    for (int i = 0; i < added.length; i++) {
      added[i] = random.nextLong();
      filter.add(binaryKey(added[i]), i * 30L);
    }
    long now = added.length * 30L;
    long[] hashes = new long[SpanDeduplicator.GROUP];
    boolean[] maybe = new boolean[SpanDeduplicator.GROUP];
    int maybes = 0;
    int nos = 0;
    for (int round = 0; round < 200; round++) {
      int count = 1 + random.nextInt(SpanDeduplicator.GROUP);
      SpanKey[] keys = new SpanKey[count];
      for (int i = 0; i < count; i++) {
        long id = random.nextBoolean() ? added[random.nextInt(added.length)] : random.nextLong();
        keys[i] = binaryKey(id);
        hashes[i] = keys[i].hash64();
      }
      filter.mightContain(hashes, count, now, maybe);
      for (int i = 0; i < count; i++) {
        assertThat(maybe[i]).as("key %s", keys[i]).isEqualTo(filter.mightContain(keys[i], now));
        maybes += maybe[i] ? 1 : 0;
        nos += maybe[i] ? 0 : 1;
      }
    }
    assertThat(maybes).as("both answers are compared").isPositive();
    assertThat(nos).isPositive();
  }

  @Test
  void theGroupProbeOfASaturatedFilterIsAllMaybes() {
    SpanKeyFilter filter = new SpanKeyFilter(TTL, 512);
    for (int i = 0; i <= 256; i++) {
      filter.add(key(i), 0);
    }
    long[] hashes = new long[10];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = key(1_000 + i).hash64();
    }
    boolean[] maybe = new boolean[10];
    filter.mightContain(hashes, 10, 0, maybe);
    assertThat(maybe).containsOnly(true);
  }

  private static SpanKey binaryKey(long id) {
    return SpanKey.of(id, ~id, id * 31);
  }

  private static SpanKey key(int i) {
    return SpanKey.of(String.format("%032x", i * 7919L), String.format("%016x", i + 1L));
  }
}
