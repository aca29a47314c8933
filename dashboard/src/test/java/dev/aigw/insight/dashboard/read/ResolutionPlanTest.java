package dev.aigw.insight.dashboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which part of a range each kind of cell answers, by the range's length and what is stored. */
class ResolutionPlanTest {

  private static final long MIN = 60_000L;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 86_400_000L;
  private static final long D = 1_796_515_200_000L; // a UTC midnight

  /** Hours stored from 40 days back to the hour before 09:00 today, days until the day before. */
  private static final ResolutionPlan.WrittenPeriods STORED =
      (r, start, end) ->
          r == CellResolution.HOUR
              ? new long[] {D - 40 * DAY, D + 8 * HOUR}
              : new long[] {D - 40 * DAY, D - 2 * DAY};

  @Test
  void thirtyDaysReadWholeDaysThenHoursThenMinutesEachMinuteOnce() {
    long from = D - 30 * DAY + 10 * HOUR + 21 * MIN;
    long to = D + 10 * HOUR + 21 * MIN;
    ResolutionPlan plan = ResolutionPlan.of(query(from, to), 0, STORED);
    assertThat(plan.coarsest()).isEqualTo(CellResolution.DAY);
    assertThat(plan.intervals(CellResolution.DAY))
        .containsExactly(new long[] {D - 29 * DAY, D - DAY});
    assertThat(plan.intervals(CellResolution.HOUR))
        .containsExactly(
            new long[] {D - 30 * DAY + 11 * HOUR, D - 29 * DAY},
            new long[] {D - DAY, D + 9 * HOUR});
    assertThat(plan.intervals(CellResolution.MINUTE))
        .containsExactly(
            new long[] {from, D - 30 * DAY + 11 * HOUR}, new long[] {D + 9 * HOUR, to});
  }

  @Test
  void aCellCountsTheMinutesOfTheKindThePlanReadsAtItsStart() {
    long from = D - 30 * DAY + 10 * HOUR + 21 * MIN;
    long to = D + 10 * HOUR + 21 * MIN;
    // any family's range, not only a gateway query's
    ResolutionPlan plan = ResolutionPlan.of(from, to, 0, STORED);
    assertThat(plan.minutesAt(D - 10 * DAY)).isEqualTo(1_440);
    assertThat(plan.minutesAt(D - DAY + 5 * HOUR)).isEqualTo(60);
    assertThat(plan.minutesAt(D + 9 * HOUR + 5 * MIN)).isEqualTo(1);
    assertThat(plan.minutesAt(from)).isEqualTo(1);
  }

  @Test
  void stepsNotOfWholeDaysReadNoDayCellsAndShortRangesOnlyMinutes() {
    long from = D - 29 * DAY;
    long to = D + 10 * HOUR;
    assertThat(ResolutionPlan.of(query(from, to), DAY, STORED).coarsest())
        .isEqualTo(CellResolution.DAY);
    assertThat(ResolutionPlan.of(query(from, to), 3 * HOUR, STORED).coarsest())
        .isEqualTo(CellResolution.HOUR);
    assertThat(ResolutionPlan.of(query(from + MIN, to), 3 * HOUR, STORED).coarsest())
        .isEqualTo(CellResolution.MINUTE);
    assertThat(ResolutionPlan.of(query(D - 14 * DAY, D), 0, STORED).coarsest())
        .isEqualTo(CellResolution.HOUR);
    ResolutionPlan twoDays = ResolutionPlan.of(query(D - 2 * DAY, D), 0, STORED);
    assertThat(twoDays.coarsest()).isEqualTo(CellResolution.MINUTE);
    assertThat(twoDays.intervals(CellResolution.MINUTE))
        .containsExactly(new long[] {D - 2 * DAY, D});
  }

  @Test
  void theOldestStoredPeriodAndNothingStoredAreLeftToFinerCells() {
    // roll-ups began 5 days ago: that day may be partial, its hours answer it
    ResolutionPlan.WrittenPeriods recent =
        (r, start, end) -> new long[] {D - 5 * DAY, r == CellResolution.DAY ? D - DAY : D};
    ResolutionPlan plan = ResolutionPlan.of(query(D - 20 * DAY, D), 0, recent);
    assertThat(plan.intervals(CellResolution.DAY)).containsExactly(new long[] {D - 4 * DAY, D});
    assertThat(plan.intervals(CellResolution.HOUR))
        .containsExactly(new long[] {D - 5 * DAY + HOUR, D - 4 * DAY});
    assertThat(plan.intervals(CellResolution.MINUTE))
        .containsExactly(new long[] {D - 20 * DAY, D - 5 * DAY + HOUR});
    ResolutionPlan none = ResolutionPlan.of(query(D - 20 * DAY, D), 0, (r, s, e) -> null);
    assertThat(none.coarsest()).isEqualTo(CellResolution.MINUTE);
    assertThat(none.intervals(CellResolution.MINUTE)).containsExactly(new long[] {D - 20 * DAY, D});
  }

  @Test
  void minusCutsHolesOutOfParts() {
    assertThat(
            ResolutionPlan.minus(
                List.of(new long[] {0, 100}), List.of(new long[] {10, 20}, new long[] {90, 120})))
        .containsExactly(new long[] {0, 10}, new long[] {20, 90});
  }

  private static CellQuery query(long from, long to) {
    return CellQuery.of(Scope.SERVICE, Dimension.ALL, from, to);
  }
}
