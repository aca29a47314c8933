package dev.aigw.insight.job.aggregate.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.serialization.SpanKey;
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

  private static SpanKey key(int i) {
    return SpanKey.of(String.format("%032x", i * 7919L), String.format("%016x", i + 1L));
  }
}
