package dev.aigw.insight.job.aggregate.spans.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One slice's table: every entry found with its content, full at three quarters, doubled. */
class SeenSpanTableTest {

  @Test
  void holdsEveryEntryUntilThreeQuartersFullAndTheDoubledTableHoldsThemToo() {
    SeenSpanTable table = new SeenSpanTable(1024);
    Random random = new Random(5);
    Map<Long, Integer> expected = new HashMap<>();
    while (!table.isFull()) {
      long hash = random.nextLong() | 1;
      int content = random.nextInt();
      assertThat(table.putIfAbsent(hash, content)).isTrue();
      expected.put(hash, content);
    }
    assertThat(table.size()).isEqualTo(768).isEqualTo(expected.size());
    assertThat(table.putIfAbsent(2, 2)).as("full").isFalse();
    assertThat(table.putIfAbsent(expected.keySet().iterator().next(), 0))
        .as("present: kept as it was")
        .isTrue();

    SeenSpanTable doubled = table.doubled();
    assertThat(doubled.capacity()).isEqualTo(2048);
    assertThat(doubled.bytes()).isEqualTo(2048L * 12);
    for (Map.Entry<Long, Integer> e : expected.entrySet()) {
      assertThat(table.get(e.getKey())).isEqualTo(Integer.toUnsignedLong(e.getValue()));
      assertThat(doubled.get(e.getKey())).isEqualTo(Integer.toUnsignedLong(e.getValue()));
    }
    for (int i = 0; i < 1_000; i++) {
      long other = random.nextLong() | 1;
      if (!expected.containsKey(other)) {
        assertThat(doubled.get(other)).isEqualTo(SeenSpanTable.ABSENT);
      }
    }
  }

  @Test
  void keysOfOneSlotProbeOnAcrossTheEnd() {
    SeenSpanTable table = new SeenSpanTable(8);
    // all in the last slot: they wrap around to the first slots
    for (long k = 1; k <= 6; k++) {
      assertThat(table.putIfAbsent((k << 32) | 7, (int) k)).isTrue();
    }
    for (long k = 1; k <= 6; k++) {
      assertThat(table.get((k << 32) | 7)).isEqualTo(k);
    }
    assertThat(table.get((7L << 32) | 7)).isEqualTo(SeenSpanTable.ABSENT);
  }

  @Test
  void capacityIsAPowerOfTwo() {
    assertThatThrownBy(() -> new SeenSpanTable(1000)).isInstanceOf(IllegalArgumentException.class);
  }
}
