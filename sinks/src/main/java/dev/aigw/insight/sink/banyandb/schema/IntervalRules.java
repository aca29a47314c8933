package dev.aigw.insight.sink.banyandb.schema;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.skywalking.banyandb.common.v1.BanyandbCommon.IntervalRule;

/** Conversions between {@link Duration} and BanyanDB's interval representations. */
public final class IntervalRules {
  private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  private IntervalRules() {}

  /** A group interval rule: whole days become UNIT_DAY, whole hours UNIT_HOUR. */
  public static IntervalRule toProto(Duration duration, String what) {
    if (duration == null || duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(what + " must be a positive duration, got " + duration);
    }
    if (duration.toMillis() % Duration.ofDays(1).toMillis() == 0) {
      return IntervalRule.newBuilder()
          .setUnit(IntervalRule.Unit.UNIT_DAY)
          .setNum((int) duration.toDays())
          .build();
    }
    if (duration.toMillis() % Duration.ofHours(1).toMillis() == 0) {
      return IntervalRule.newBuilder()
          .setUnit(IntervalRule.Unit.UNIT_HOUR)
          .setNum((int) duration.toHours())
          .build();
    }
    throw new IllegalArgumentException(
        what + " must be a whole number of hours or days, got " + duration);
  }

  /** The duration an interval rule stands for. */
  public static Duration fromProto(IntervalRule rule) {
    return switch (rule.getUnit()) {
      case UNIT_DAY -> Duration.ofDays(rule.getNum());
      case UNIT_HOUR -> Duration.ofHours(rule.getNum());
      default -> Duration.ZERO;
    };
  }

  /** A measure interval as BanyanDB stores it, a Go duration string such as {@code 1m}. */
  public static String toGoDuration(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  /** Parses a Go duration string made of h, m, s and ms parts ({@code 1m}, {@code 1h30m}). */
  public static Duration parseGoDuration(String text) {
    if (text == null || text.isEmpty()) {
      return Duration.ZERO;
    }
    Matcher matcher = GO_DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int consumed = 0;
    while (matcher.find()) {
      if (matcher.start() != consumed) {
        throw new IllegalArgumentException("Not a duration: " + text);
      }
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
              });
      consumed = matcher.end();
    }
    if (consumed != text.length()) {
      throw new IllegalArgumentException("Not a duration: " + text);
    }
    return total;
  }
}
