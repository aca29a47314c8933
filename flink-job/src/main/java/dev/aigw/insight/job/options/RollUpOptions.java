package dev.aigw.insight.job.options;

import dev.aigw.insight.options.OptionChecks;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Options of the hour and day cells, the exact roll-ups of the minute cells (docs/analysis.md,
 * "Hour and day cells"; their BanyanDB groups are in {@code GenAiStorageOptions}).
 */
public final class RollUpOptions {

  public static final ConfigOption<Boolean> ENABLED =
      ConfigOptions.key("cells.rollups.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Also write hour and day cells (exact roll-ups of the minute cells) to the cell"
                  + " store; when false, only minute cells are written.");

  public static final ConfigOption<String> HOUR_INDEX_PREFIX =
      ConfigOptions.key("cells.hour.index-prefix")
          .stringType()
          .defaultValue(CellResolution.HOUR.defaultIndexPrefix())
          .withDescription(
              "Prefix of the monthly OpenSearch indices of the hour cells (prefix-yyyy.MM).");

  public static final ConfigOption<String> DAY_INDEX_PREFIX =
      ConfigOptions.key("cells.day.index-prefix")
          .stringType()
          .defaultValue(CellResolution.DAY.defaultIndexPrefix())
          .withDescription(
              "Prefix of the yearly OpenSearch indices of the day cells (prefix-yyyy).");

  private RollUpOptions() {}

  /**
   * Checks the hour and day index prefixes: valid index names, and matching neither each other's
   * indices nor those of {@code otherPrefixes} (option key → prefix, e.g. the minute cells'): each
   * sink installs an index template for {@code <prefix>-*}, OpenSearch refuses overlapping ones,
   * and a reader of the minute cells' pattern would count hour cells as minutes.
   *
   * @throws IllegalArgumentException naming the option, its value and what is allowed
   */
  public static void check(ReadableConfig conf, Map<String, String> otherPrefixes) {
    check(conf, HOUR_INDEX_PREFIX, DAY_INDEX_PREFIX, otherPrefixes);
  }

  /**
   * The same checks of another kind of cells' hour and day index prefixes (e.g. the attribution
   * cells' {@code attribution.hour.index-prefix} and {@code attribution.day.index-prefix}).
   *
   * @throws IllegalArgumentException naming the option, its value and what is allowed
   */
  public static void check(
      ReadableConfig conf,
      ConfigOption<String> hourPrefix,
      ConfigOption<String> dayPrefix,
      Map<String, String> otherPrefixes) {
    String hour = conf.get(hourPrefix);
    String day = conf.get(dayPrefix);
    for (ConfigOption<String> option : java.util.List.of(hourPrefix, dayPrefix)) {
      String value = conf.get(option);
      String problem = DailyIndexName.validatePrefix(value);
      if (problem != null) {
        throw OptionChecks.invalidOption(option.key(), value, problem);
      }
      for (Map.Entry<String, String> other : otherPrefixes.entrySet()) {
        checkApart(option, value, other.getKey(), other.getValue());
      }
    }
    checkApart(dayPrefix, day, hourPrefix.key(), hour);
  }

  private static void checkApart(
      ConfigOption<String> option, String value, String otherKey, String other) {
    if (overlap(value, other)) {
      throw OptionChecks.invalidOption(
          option.key(),
          value,
          "must not match the indices of '" + otherKey + "' (" + other + "-*), nor they its own");
    }
  }

  /** Whether {@code <a>-*} and {@code <b>-*} can match one index name. */
  static boolean overlap(String a, String b) {
    String x = a + "-";
    String y = b + "-";
    return x.startsWith(y) || y.startsWith(x);
  }
}
