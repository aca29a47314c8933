package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.cell.CellResolution;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which cells answer which part of a range (docs/dashboard.md, "Minute, hour and day cells"): the
 * whole UTC days a long range holds from day cells, the whole hours left from hour cells, the rest
 * from minute cells, so that every minute of the range is read exactly once and totals equal the
 * minute cells' totals.
 *
 * <p>A coarse resolution is only used where the job has written it: from the period after the
 * oldest stored cell (that one may hold only the minutes after the roll-ups began, e.g. an upgrade
 * mid-hour) to the newest stored one (the job writes all cells of a period together when its
 * watermark passes the period's end, so a period at or before the newest is complete). Stores
 * answer those bounds through {@link WrittenPeriods}, asked only when the range is long enough.
 */
public final class ResolutionPlan {

  /** Ranges longer than this read hour cells where they can (two days: 48 points of an hour). */
  public static final long HOUR_CELLS_AFTER_MS = 2 * 86_400_000L;

  /**
   * Ranges longer than this read day cells where they can: a chart of day steps then has at least
   * 15 points, and a range that long cannot be read from minute cells anyway (kept 7 days).
   */
  public static final long DAY_CELLS_AFTER_MS = 14 * 86_400_000L;

  private static final long HOUR_MS = CellResolution.HOUR.periodMs();
  private static final long DAY_MS = CellResolution.DAY.periodMs();

  /** The oldest and newest stored period start of a resolution's cells, or null when none. */
  @FunctionalInterface
  public interface WrittenPeriods {
    /**
     * {@code {oldest, newest}} period starts (epoch ms) of the resolution's stored cells, or null
     * when none is stored. Only how they compare with the whole periods {@code [start, end)} of the
     * range matters, so a store may answer any start before {@code start} for "an older one is
     * stored" and {@code end - period} for "one at or after it is stored".
     */
    long[] of(CellResolution resolution, long start, long end);
  }

  private final Map<CellResolution, List<long[]>> intervals;
  private final CellResolution coarsest;

  private ResolutionPlan(Map<CellResolution, List<long[]>> intervals, CellResolution coarsest) {
    this.intervals = intervals;
    this.coarsest = coarsest;
  }

  /** A plan reading only minute cells over {@code [fromMs, toMs)}. */
  public static ResolutionPlan minutes(long fromMs, long toMs) {
    Map<CellResolution, List<long[]>> map = new EnumMap<>(CellResolution.class);
    map.put(CellResolution.MINUTE, List.of(new long[] {fromMs, toMs}));
    map.put(CellResolution.HOUR, List.of());
    map.put(CellResolution.DAY, List.of());
    return new ResolutionPlan(map, CellResolution.MINUTE);
  }

  /**
   * The plan of the query's range for totals ({@code stepMs} 0) or steps of {@code stepMs} from the
   * range's start (a coarse cell is only read when every step is made of whole cells of it).
   */
  public static ResolutionPlan of(CellQuery query, long stepMs, WrittenPeriods written) {
    return of(query.fromMs(), query.toMs(), stepMs, written);
  }

  /**
   * The plan of {@code [from, to)} for totals ({@code stepMs} 0) or steps of {@code stepMs} from
   * {@code from}: the same rule for every cell family (gateway, attribution, application cells).
   */
  public static ResolutionPlan of(long from, long to, long stepMs, WrittenPeriods written) {
    long[] days =
        to - from > DAY_CELLS_AFTER_MS && aligned(from, stepMs, DAY_MS)
            ? span(from, to, CellResolution.DAY, written)
            : null;
    long[] hours =
        to - from > HOUR_CELLS_AFTER_MS && aligned(from, stepMs, HOUR_MS)
            ? span(from, to, CellResolution.HOUR, written)
            : null;
    Map<CellResolution, List<long[]>> map = new EnumMap<>(CellResolution.class);
    List<long[]> dayParts = days == null ? List.of() : List.of(days);
    List<long[]> hourParts = hours == null ? List.of() : minus(List.of(hours), dayParts);
    List<long[]> covered = new ArrayList<>(dayParts);
    covered.addAll(hourParts);
    map.put(CellResolution.DAY, dayParts);
    map.put(CellResolution.HOUR, hourParts);
    map.put(CellResolution.MINUTE, minus(List.of(new long[] {from, to}), covered));
    CellResolution coarsest =
        !dayParts.isEmpty()
            ? CellResolution.DAY
            : !hourParts.isEmpty() ? CellResolution.HOUR : CellResolution.MINUTE;
    return new ResolutionPlan(map, coarsest);
  }

  /** Whether steps of {@code stepMs} from {@code fromMs} are whole periods (totals: always). */
  private static boolean aligned(long fromMs, long stepMs, long periodMs) {
    return stepMs == 0 || (stepMs % periodMs == 0 && Math.floorMod(fromMs, periodMs) == 0);
  }

  /** The whole periods of {@code [from, to)} the resolution's stored cells answer, or null. */
  private static long[] span(long from, long to, CellResolution r, WrittenPeriods written) {
    long p = r.periodMs();
    long start = -Math.floorDiv(-from, p) * p;
    long end = Math.floorDiv(to, p) * p;
    if (end <= start) {
      return null;
    }
    long[] stored = written.of(r, start, end);
    if (stored == null) {
      return null;
    }
    start = Math.max(start, stored[0] + p); // the oldest may be partial: its finer cells answer it
    end = Math.min(end, stored[1] + p);
    return end > start ? new long[] {start, end} : null;
  }

  /** {@code parts} without {@code holes} (all half-open, sorted, disjoint), in order. */
  static List<long[]> minus(List<long[]> parts, List<long[]> holes) {
    List<long[]> out = new ArrayList<>(parts);
    for (long[] hole : holes) {
      List<long[]> next = new ArrayList<>();
      for (long[] part : out) {
        if (hole[1] <= part[0] || hole[0] >= part[1]) {
          next.add(part);
          continue;
        }
        if (part[0] < hole[0]) {
          next.add(new long[] {part[0], hole[0]});
        }
        if (hole[1] < part[1]) {
          next.add(new long[] {hole[1], part[1]});
        }
      }
      out = next;
    }
    out.sort((a, b) -> Long.compare(a[0], b[0]));
    return out;
  }

  /** The half-open intervals {@code [from, to)} read from cells of {@code resolution}, in order. */
  public List<long[]> intervals(CellResolution resolution) {
    return intervals.get(resolution);
  }

  /** Whether any part of the range is read from cells of {@code resolution}. */
  public boolean reads(CellResolution resolution) {
    return !intervals.get(resolution).isEmpty();
  }

  /** The coarsest resolution read ({@code minute} when only minute cells answer). */
  public CellResolution coarsest() {
    return coarsest;
  }

  /**
   * How many minutes a cell starting at {@code startMs} counts for in {@code minutes_with_data}:
   * that of the resolution the plan reads there (the kinds' intervals never overlap).
   */
  public long minutesAt(long startMs) {
    for (CellResolution r : List.of(CellResolution.DAY, CellResolution.HOUR)) {
      for (long[] interval : intervals.get(r)) {
        if (startMs >= interval[0] && startMs < interval[1]) {
          return minutesOf(r);
        }
      }
    }
    return 1;
  }

  /** How many minutes one cell of {@code resolution} counts for in {@code minutes_with_data}. */
  public static long minutesOf(CellResolution resolution) {
    return resolution.periodMs() / CellResolution.MINUTE.periodMs();
  }
}
