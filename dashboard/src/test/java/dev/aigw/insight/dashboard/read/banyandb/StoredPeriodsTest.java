package dev.aigw.insight.dashboard.read.banyandb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.cell.CellResolution;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where a measure has rows, found with one-row existence queries (counted here). */
class StoredPeriodsTest {

  private static final long H = CellResolution.HOUR.periodMs();
  private static final long START = 1_796_515_200_000L - 90 * 24 * H;
  private static final long END = START + 2_000 * H;

  private final AtomicInteger queries = new AtomicInteger();

  private StoredPeriods.AnyRow rows(List<Long> starts) {
    return (from, to) -> {
      queries.incrementAndGet();
      return starts.stream().anyMatch(t -> t >= from && t < to);
    };
  }

  @Test
  void rollUpsBeforeTheRangeAndItsLastPeriodWrittenTakeTwoQueries() {
    long[] got =
        StoredPeriods.of(CellResolution.HOUR, START, END, rows(List.of(START - 5 * H, END - H)));
    assertThat(got).containsExactly(START - H, END - H);
    assertThat(queries.get()).isEqualTo(2);
  }

  @Test
  void aStartAndAnEndInsideTheRangeAreFoundByHalving() {
    long[] got =
        StoredPeriods.of(
            CellResolution.HOUR,
            START,
            END,
            rows(List.of(START + 700 * H, START + 701 * H, START + 1_234 * H)));
    assertThat(got).containsExactly(START + 700 * H, START + 1_234 * H);
    assertThat(queries.get()).isLessThan(30);
  }

  @Test
  void nothingBeforeTheEndIsNothingAndOnlyOlderRowsEndBeforeTheRange() {
    assertThat(StoredPeriods.of(CellResolution.HOUR, START, END, rows(List.of()))).isNull();
    assertThat(StoredPeriods.of(CellResolution.HOUR, START, END, rows(List.of(START - 3 * H))))
        .containsExactly(START - H, START - H);
  }
}
