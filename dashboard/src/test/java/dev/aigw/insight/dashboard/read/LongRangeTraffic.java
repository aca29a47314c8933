package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forty days of one service's traffic (two providers) as a job with the default retention would
 * have stored it at {@link #NOW}: minute cells of the last 7 days only, hour cells of every hour
 * that ended at least an hour ago (the last ended hour is not written yet), day cells of every day
 * until the day before yesterday (yesterday's is not written yet), all with known values, so that a
 * 30-day range's exact sums are known and its every edge is read from another kind of cell: the
 * partial first day from hour cells, yesterday from hour cells, today's written hours from hour
 * cells, the last ended hour and the running one from minute cells.
 *
 * <p>Requests fall at minutes 5 and 15 of every third hour, and at minute 50 of the hour before
 * {@link #NOW}'s; none fall in the range's partial first hour (older than the minute cells), so the
 * whole range is readable. Every roll-up cell carries a p99 of its own (percentiles are never
 * derived from finer cells).
 */
public final class LongRangeTraffic {

  public static final long MINUTE = 60_000L;
  public static final long HOUR = 3_600_000L;
  public static final long DAY = 86_400_000L;

  /** Today, a UTC midnight (2026-12-06). */
  public static final long TODAY = 1_796_515_200_000L;

  /** The clock of the test: 10:20:30 UTC today. */
  public static final long NOW = TODAY + 10 * HOUR + 20 * MINUTE + 30_000;

  public static final String SERVICE = "gw-long";
  public static final List<String> PROVIDERS = List.of("openai", "anthropic");

  /** The minute cells by provider (Dimension.PROVIDER) and for the service (Dimension.ALL). */
  public final List<MinuteCell> minutes = new ArrayList<>();

  public final List<MinuteCell> hours = new ArrayList<>();
  public final List<MinuteCell> days = new ArrayList<>();

  /** Every minute with traffic, as the minute cells would hold it (also those not kept). */
  private final List<MinuteCell> traffic = new ArrayList<>();

  public LongRangeTraffic() {
    long start = TODAY - 40 * DAY;
    for (long hour = start; hour < NOW; hour += HOUR) {
      boolean busy = Math.floorMod((hour - start) / HOUR, 3) == 0;
      boolean lastEnded = hour == CellResolution.HOUR.startOf(NOW) - HOUR;
      for (int m : new int[] {5, 15, 50}) {
        long minute = hour + m * MINUTE;
        if (minute >= NOW || (m == 50 ? !lastEnded : !busy)) {
          continue;
        }
        long n = (hour - start) / HOUR + m;
        traffic.add(cell(minute, "openai", 3 * n + 1));
        traffic.add(cell(minute, "anthropic", n % 7 + 1));
      }
    }
    // the service's cells: the providers' summed per minute
    Map<Long, MinuteCell> all = new LinkedHashMap<>();
    for (MinuteCell c : List.copyOf(traffic)) {
      add(all.computeIfAbsent(c.windowStartMs, t -> empty(t, Dimension.ALL, "")), c);
    }
    traffic.addAll(all.values());
    long keptFrom = NOW - 7 * DAY;
    long writtenHours = CellResolution.HOUR.startOf(NOW) - HOUR; // the last ended hour: not yet
    long writtenDays = TODAY - DAY; // yesterday: not yet
    Map<String, MinuteCell> hourCells = new LinkedHashMap<>();
    Map<String, MinuteCell> dayCells = new LinkedHashMap<>();
    for (MinuteCell c : traffic) {
      if (c.windowStartMs >= keptFrom) {
        minutes.add(c);
      }
      long hour = CellResolution.HOUR.startOf(c.windowStartMs);
      if (hour < writtenHours) {
        add(hourCells.computeIfAbsent(hour + c.provider, k -> rollUp(hour, c, 10_000)), c);
      }
      long day = CellResolution.DAY.startOf(c.windowStartMs);
      if (day < writtenDays) {
        add(dayCells.computeIfAbsent(day + c.provider, k -> rollUp(day, c, 20_000)), c);
      }
    }
    hours.addAll(hourCells.values());
    days.addAll(dayCells.values());
  }

  /**
   * The exact sum of an integer field over the service's (provider null) or a provider's traffic in
   * {@code [fromMs, toMs)}.
   */
  public long sum(CellField field, String provider, long fromMs, long toMs) {
    long sum = 0;
    for (MinuteCell c : traffic) {
      boolean mine = provider == null ? c.dimension == Dimension.ALL : provider.equals(c.provider);
      if (mine && c.windowStartMs >= fromMs && c.windowStartMs < toMs) {
        sum += field.value(c).longValue();
      }
    }
    return sum;
  }

  /** The p99 a day cell of {@code day} carries (unlike any minute's or hour's). */
  public static double dayP99(long day) {
    return 20_000.0 + (day - TODAY) / DAY;
  }

  private static MinuteCell rollUp(long start, MinuteCell like, double p99Base) {
    MinuteCell c = empty(start, like.dimension, like.provider);
    c.latencyP99Ms = p99Base + (start - TODAY) / (p99Base == 20_000 ? DAY : HOUR);
    return c;
  }

  private static MinuteCell empty(long start, Dimension dimension, String provider) {
    return MinuteCell.at(start, Scope.SERVICE, dimension, SERVICE, "", provider, "");
  }

  private static MinuteCell cell(long minute, String provider, long requests) {
    MinuteCell c = empty(minute, Dimension.PROVIDER, provider);
    c.requests = requests;
    c.errors = requests / 5;
    c.inputTokens = 100 * requests;
    c.outputTokens = 7 * requests + 1;
    c.costPicos = 1_000_000_007L * requests;
    c.latencySumMs = 250.0 * requests + 3;
    c.latencyAvgMs = c.latencySumMs / requests;
    c.latencyP99Ms = 400.0 + requests;
    return c;
  }

  /** Adds the additive values of {@code part} to {@code sum} (whose percentiles stay its own). */
  private static void add(MinuteCell sum, MinuteCell part) {
    for (CellField f : CellField.values()) {
      if (!f.isAdditive()) {
        continue;
      }
      if (f.type() == CellField.Type.INTEGER) {
        f.set(sum, f.value(sum).longValue() + f.value(part).longValue());
      } else {
        f.set(sum, f.doubleValue(sum) + f.doubleValue(part));
      }
    }
    sum.latencyAvgMs = sum.requests == 0 ? 0 : sum.latencySumMs / sum.requests;
    sum.estimatedCost = sum.costPicos / 1e12;
    if (sum.dimension == Dimension.ALL && sum.windowStartMs == part.windowStartMs) {
      sum.latencyP99Ms = Math.max(sum.latencyP99Ms, part.latencyP99Ms);
    }
  }
}
