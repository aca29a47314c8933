package dev.aigw.insight.dashboard.read;

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
 */
public final class LongRangeFamilies {

  public static final String ATTRIBUTE = "team.id";
  public static final String APPLICATION = "app-long";

  public final LongRangeTraffic traffic = new LongRangeTraffic();

  /** Attribution cells by resolution: whole service and per model. */
  public final List<AttributionCell> attributionMinutes = attribution(traffic.minutes);

  public final List<AttributionCell> attributionHours = attribution(traffic.hours);
  public final List<AttributionCell> attributionDays = attribution(traffic.days);

  /** Application cells by resolution: APPLICATION_MODEL and PROVIDER. */
  public final List<AppCell> appMinutes = apps(traffic.minutes);

  public final List<AppCell> appHours = apps(traffic.hours);
  public final List<AppCell> appDays = apps(traffic.days);

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
}
