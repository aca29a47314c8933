package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LongRangeTraffic}'s forty days as the other cell families the dashboard reads: attribution
 * cells (attribute {@link #ATTRIBUTE}, the value {@link #team} of each provider's traffic, whole
 * service and per model) and application cells (application {@link #APPLICATION} calling both
 * providers' model {@link #model}), with the same minutes, hours and days stored, so that every
 * exact sum is {@link LongRangeTraffic#sum} of the provider. Each roll-up cell carries the gateway
 * roll-up's own p99, as the job's merged percentiles would be.
 *
 * <p>Application attribution cells: the application's calls by the same values as the attribution
 * cells (whole application and per model), plus {@link #SECOND_APPLICATION}'s two minutes of {@link
 * #SECOND_MINUTES} under the value {@link #MARKUP_VALUE} (minute cells only: the last ended hour
 * and the running one have no hour cell yet), whose sums are {@link #SECOND_CALLS} and so on.
 */
public final class LongRangeFamilies {

  public static final String ATTRIBUTE = "team.id";
  public static final String APPLICATION = "app-long";

  /** An application with minute cells in the last hour only, under {@link #MARKUP_VALUE}. */
  public static final String SECOND_APPLICATION = "app-second";

  /** A value that is markup: the page must show it as text. */
  public static final String MARKUP_VALUE = "<img src=x onerror=alert(1)>";

  /** The second application's minutes: 09:40 and 10:05 of today (NOW is 10:20:30). */
  public static final List<Long> SECOND_MINUTES =
      List.of(
          LongRangeTraffic.TODAY + 9 * LongRangeTraffic.HOUR + 40 * LongRangeTraffic.MINUTE,
          LongRangeTraffic.TODAY + 10 * LongRangeTraffic.HOUR + 5 * LongRangeTraffic.MINUTE);

  /** The second application's calls, errors, input tokens and cost (picos) per minute. */
  public static final long[][] SECOND_VALUES = {
    {3, 1, 30, 2_000_000_000_000L}, {4, 0, 40, 500_000_000_000L}
  };

  public static final long SECOND_CALLS = 7;
  public static final long SECOND_ERRORS = 1;
  public static final long SECOND_INPUT_TOKENS = 70;
  public static final long SECOND_COST_PICOS = 2_500_000_000_000L;

  /** The second application's (provider, model). */
  public static final String SECOND_PROVIDER = "openai";

  public static final String SECOND_MODEL = "gpt-second";

  public final LongRangeTraffic traffic = new LongRangeTraffic();

  /** Attribution cells by resolution: whole service and per model. */
  public final List<AttributionCell> attributionMinutes = attribution(traffic.minutes);

  public final List<AttributionCell> attributionHours = attribution(traffic.hours);
  public final List<AttributionCell> attributionDays = attribution(traffic.days);

  /** Application cells by resolution: APPLICATION_MODEL and PROVIDER. */
  public final List<AppCell> appMinutes = apps(traffic.minutes);

  public final List<AppCell> appHours = apps(traffic.hours);
  public final List<AppCell> appDays = apps(traffic.days);

  /**
   * The second application's own application cells (not in {@link #appMinutes}, which the
   * application checks count): for a page of it, whose section of values needs its calls.
   */
  public final List<AppCell> secondAppMinutes = secondApplication();

  /** Application attribution cells by resolution: whole application and per model. */
  public final List<AppAttributionCell> appAttributionMinutes = appAttribution(appMinutes, true);

  public final List<AppAttributionCell> appAttributionHours = appAttribution(appHours, false);
  public final List<AppAttributionCell> appAttributionDays = appAttribution(appDays, false);

  /** The attribute's value of a provider's traffic. */
  public static String team(String provider) {
    return "team-" + provider;
  }

  /** The model of a provider's traffic. */
  public static String model(String provider) {
    return "model-" + provider;
  }

  private static List<AttributionCell> attribution(List<MinuteCell> cells) {
    List<AttributionCell> out = new ArrayList<>();
    for (MinuteCell c : cells) {
      if (c.dimension != Dimension.PROVIDER) {
        continue;
      }
      out.add(new AttributionCell(ATTRIBUTE, team(c.provider), copy(c, Dimension.ALL, "", "")));
      out.add(
          new AttributionCell(
              ATTRIBUTE,
              team(c.provider),
              copy(c, Dimension.MODEL, c.provider, model(c.provider))));
    }
    return out;
  }

  private static MinuteCell copy(MinuteCell c, Dimension dimension, String provider, String model) {
    MinuteCell out =
        MinuteCell.at(c.windowStartMs, Scope.SERVICE, dimension, c.service, "", provider, model);
    for (CellField f : CellField.values()) {
      f.set(out, f.value(c));
    }
    return out;
  }

  private static List<AppCell> apps(List<MinuteCell> cells) {
    List<AppCell> out = new ArrayList<>();
    for (MinuteCell c : cells) {
      if (c.dimension != Dimension.PROVIDER) {
        continue;
      }
      for (AppDimension d : List.of(AppDimension.APPLICATION_MODEL, AppDimension.PROVIDER)) {
        AppCell a = AppCell.at(c.windowStartMs, d, APPLICATION, c.provider, model(c.provider));
        a.calls = c.requests;
        a.errors = c.errors;
        a.inputTokens = c.inputTokens;
        a.outputTokens = c.outputTokens;
        a.costPicos = c.costPicos;
        a.estimatedCost = c.costPicos / 1e12;
        a.latencySumMs = (long) c.latencySumMs;
        a.latencyAvgMs = c.requests == 0 ? 0 : c.latencySumMs / c.requests;
        a.latencyP99Ms = c.latencyP99Ms;
        out.add(a);
      }
    }
    return out;
  }

  /**
   * The application cells (APPLICATION_MODEL) by the value of their provider, whole and per model;
   * with the second application's minutes when {@code second}.
   */
  private static List<AppAttributionCell> appAttribution(List<AppCell> cells, boolean second) {
    List<AppAttributionCell> out = new ArrayList<>();
    for (AppCell c : cells) {
      if (c.dimension != AppDimension.APPLICATION_MODEL) {
        continue;
      }
      String value = team(c.provider);
      out.add(new AppAttributionCell(ATTRIBUTE, value, false, copy(c, "", "")));
      out.add(new AppAttributionCell(ATTRIBUTE, value, true, copy(c, c.provider, c.model)));
    }
    if (second) {
      for (AppCell c : secondApplication()) {
        out.add(new AppAttributionCell(ATTRIBUTE, MARKUP_VALUE, false, copy(c, "", "")));
        out.add(new AppAttributionCell(ATTRIBUTE, MARKUP_VALUE, true, c));
      }
    }
    return out;
  }

  /** The second application's minute cells (APPLICATION_MODEL). */
  private static List<AppCell> secondApplication() {
    List<AppCell> out = new ArrayList<>();
    for (int i = 0; i < SECOND_MINUTES.size(); i++) {
      long[] v = SECOND_VALUES[i];
      AppCell c =
          AppCell.at(
              SECOND_MINUTES.get(i),
              AppDimension.APPLICATION_MODEL,
              SECOND_APPLICATION,
              SECOND_PROVIDER,
              SECOND_MODEL);
      c.calls = v[0];
      c.errors = v[1];
      c.inputTokens = v[2];
      c.costPicos = v[3];
      c.estimatedCost = v[3] / 1e12;
      out.add(c);
    }
    return out;
  }

  /** An application cell with other provider and model (whole-application cells: both empty). */
  private static AppCell copy(AppCell c, String provider, String model) {
    AppCell out =
        AppCell.at(c.windowStartMs, AppDimension.APPLICATION_MODEL, c.application, provider, model);
    out.calls = c.calls;
    out.errors = c.errors;
    out.inputTokens = c.inputTokens;
    out.outputTokens = c.outputTokens;
    out.costPicos = c.costPicos;
    out.estimatedCost = c.estimatedCost;
    out.latencySumMs = c.latencySumMs;
    out.latencyAvgMs = c.latencyAvgMs;
    out.latencyP99Ms = c.latencyP99Ms;
    return out;
  }
}
