package dev.aigw.insight.job.alert.eval;

import dev.aigw.insight.job.alert.rule.AlertRule.BudgetPeriod;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The UTC budget periods: a day from 00:00, an ISO week from Monday 00:00, a calendar month from
 * the 1st 00:00. A minute belongs to the period its start falls in, so a minute is counted in
 * exactly one period.
 */
final class BudgetPeriods {

  private BudgetPeriods() {}

  /** Start of the period holding {@code epochMs}, epoch ms. */
  static long start(BudgetPeriod period, long epochMs) {
    LocalDate day = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate first =
        switch (period) {
          case DAY -> day;
          case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case MONTH -> day.withDayOfMonth(1);
        };
    return first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Start of the period after the one starting at {@code periodStartMs}. */
  static long next(BudgetPeriod period, long periodStartMs) {
    LocalDate first = Instant.ofEpochMilli(periodStartMs).atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate next =
        switch (period) {
          case DAY -> first.plusDays(1);
          case WEEK -> first.plusWeeks(1);
          case MONTH -> first.plusMonths(1);
        };
    return next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
