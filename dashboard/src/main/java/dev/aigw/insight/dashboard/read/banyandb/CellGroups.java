package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.schema.cell.CellResolution;
import java.util.EnumMap;
import java.util.Map;

/**
 * The connection and the minute, hour and day groups a BanyanDB reader of a cell family with
 * roll-ups opens with: the first of the job's {@code banyandb.targets} and its {@code
 * banyandb.genai.<minute|hour|day>.group}.
 */
public final class CellGroups {

  private CellGroups() {}

  /** A client of the first of {@code targets} (comma- or semicolon-separated host:port). */
  public static BanyanDbQueryClient connect(String targets) {
    String target = targets.split("[,;]")[0].trim();
    if (target.isEmpty()) {
      throw new IllegalArgumentException("No BanyanDB target given (host:port)");
    }
    return BanyanDbQueryClient.open(target);
  }

  /** The group of each resolution. */
  public static Map<CellResolution, String> of(String minute, String hour, String day) {
    Map<CellResolution, String> groups = new EnumMap<>(CellResolution.class);
    groups.put(CellResolution.MINUTE, minute);
    groups.put(CellResolution.HOUR, hour);
    groups.put(CellResolution.DAY, day);
    return groups;
  }
}
