package dev.aigw.insight.dashboard.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The minutes a query covers: {@code [fromMs, toMs)}, both on minute boundaries (the start is
 * rounded down, the end up, so the minute in progress is included). Given either as {@code
 * range=15m|1h|6h|24h|7d} (any whole number of {@code m}, {@code h} or {@code d}), ending with the
 * current minute, or as {@code from} and optional {@code to} (epoch ms or ISO-8601 instants, to
 * defaults to now); no range at all means the last hour. A range longer than the retention of the
 * cells it reads is refused, since its older part would silently read as empty: 7 days of minute
 * cells, or 2 years of day cells for the endpoints that read hour and day cells (docs/dashboard.md,
 * "Minute, hour and day cells").
 */
public record TimeRange(long fromMs, long toMs) {

  /** One minute, the cells' step. */
  public static final long MINUTE_MS = 60_000;

  /** How long the stores keep minute cells (the job's TTL of the minute group). */
  public static final Duration RETENTION = Duration.ofDays(7);

  /**
   * How long the stores keep day cells (the job's TTL of the day group and indices): the longest
   * range the endpoints reading hour and day cells answer.
   */
  public static final Duration DAY_CELLS_RETENTION = Duration.ofDays(730);

  /**
   * How long the job keeps alert events (its BanyanDB stream's TTL): the longest range of the alert
   * history (one stream or index family, no roll-ups to choose from).
   */
  public static final Duration ALERT_EVENTS_RETENTION = Duration.ofDays(90);

  /** The range when none is given. */
  public static final Duration DEFAULT = Duration.ofHours(1);

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([mhd])");

  public TimeRange {
    if (fromMs % MINUTE_MS != 0 || toMs % MINUTE_MS != 0) {
      throw new IllegalArgumentException("a range lies on minute boundaries");
    }
    if (toMs <= fromMs) {
      throw new ApiException("empty range: 'to' must be after 'from'");
    }
  }

  /**
   * Parses the query parameters ({@code range}, or {@code from} and {@code to}) at {@code nowMs}: a
   * range of at most the minute cells' {@link #RETENTION}.
   */
  public static TimeRange parse(String range, String from, String to, long nowMs) {
    return parse(range, from, to, nowMs, RETENTION);
  }

  /**
   * As {@link #parse(String, String, String, long)}, for a range of at most {@code longest} (the
   * retention of the coarsest cells the endpoint reads).
   */
  public static TimeRange parse(
      String range, String from, String to, long nowMs, Duration longest) {
    TimeRange parsed = parseAny(range, from, to, nowMs);
    if (parsed.toMs() - parsed.fromMs() > longest.toMillis()) {
      throw new ApiException(
          "range of "
              + describe(parsed.toMs() - parsed.fromMs())
              + " is longer than the "
              + (longest.equals(RETENTION)
                  ? "cells'"
                  : longest.equals(ALERT_EVENTS_RETENTION) ? "alert events'" : "day cells'")
              + " retention of "
              + describe(longest.toMillis())
              + "; choose a shorter range");
    }
    return parsed;
  }

  private static TimeRange parseAny(String range, String from, String to, long nowMs) {
    long end = ceilMinute(nowMs + 1);
    if (range != null && (from != null || to != null)) {
      throw new ApiException("give either 'range' or 'from'/'to', not both");
    }
    if (range != null) {
      return new TimeRange(end - relative(range).toMillis(), end);
    }
    if (from == null && to != null) {
      throw new ApiException("'to' needs a 'from'");
    }
    if (from == null) {
      return new TimeRange(end - DEFAULT.toMillis(), end);
    }
    long toMs = to == null ? end : ceilMinute(instant("to", to));
    return new TimeRange(floorMinute(instant("from", from)), toMs);
  }

  /** The number of minutes in the range. */
  public int minutes() {
    return (int) ((toMs - fromMs) / MINUTE_MS);
  }

  /** The index of a minute in the range's grid (0 = the first minute), or -1 outside it. */
  public int indexOf(long minuteMs) {
    if (minuteMs < fromMs || minuteMs >= toMs) {
      return -1;
    }
    return (int) ((minuteMs - fromMs) / MINUTE_MS);
  }

  /** The range's minutes, epoch ms. */
  public long[] grid() {
    long[] grid = new long[minutes()];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = fromMs + i * MINUTE_MS;
    }
    return grid;
  }

  /** The starts of the range's steps of {@code stepMs}, epoch ms (the last may end with it). */
  public long[] grid(long stepMs) {
    long[] grid = new long[(int) ((toMs - fromMs + stepMs - 1) / stepMs)];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = fromMs + i * stepMs;
    }
    return grid;
  }

  static Duration relative(String text) {
    Matcher m = RELATIVE.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ApiException("range '" + text + "' is not a duration like 15m, 1h, 6h, 24h or 7d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static long instant(String name, String text) {
    String value = text.trim();
    if (value.matches("\\d{1,15}")) {
      return Long.parseLong(value);
    }
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new ApiException(
          "'"
              + name
              + "' is neither epoch milliseconds nor an ISO-8601 instant"
              + " (e.g. 2026-12-06T10:00:00Z): "
              + value);
    }
  }

  static long floorMinute(long ms) {
    return Math.floorDiv(ms, MINUTE_MS) * MINUTE_MS;
  }

  static long ceilMinute(long ms) {
    return -Math.floorDiv(-ms, MINUTE_MS) * MINUTE_MS;
  }

  private static String describe(long ms) {
    Duration d = Duration.ofMillis(ms);
    if (d.toMinutes() % (24 * 60) == 0) {
      return d.toDays() + " d";
    }
    if (d.toMinutes() % 60 == 0) {
      return d.toHours() + " h";
    }
    return d.toMinutes() + " min";
  }
}
