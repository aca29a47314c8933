package dev.aigw.insight.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The hour and day index prefixes are checked like every option, naming key, value and rule. */
class RollUpOptionsTest {

  private static final Map<String, String> OTHERS =
      Map.of("cells.index-prefix", "aigw-cells", "attribution.index-prefix", "aigw-attribution");

  @Test
  void theDefaultsMatchNoOtherIndices() {
    assertThatCode(() -> RollUpOptions.check(new Configuration(), OTHERS))
        .doesNotThrowAnyException();
  }

  @Test
  void aPrefixWhoseIndicesTheMinutePatternMatchesIsRefused() {
    Configuration conf = new Configuration();
    conf.set(RollUpOptions.HOUR_INDEX_PREFIX, "aigw-cells-hour");
    assertThatThrownBy(() -> RollUpOptions.check(conf, OTHERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid value 'aigw-cells-hour' for 'cells.hour.index-prefix': must not match the"
                + " indices of 'cells.index-prefix' (aigw-cells-*), nor they its own");
  }

  @Test
  void hourAndDayMustNotShareIndicesAndPrefixesMustBeIndexNames() {
    Configuration same = new Configuration();
    same.set(RollUpOptions.DAY_INDEX_PREFIX, "aigw-hour-cells");
    assertThatThrownBy(() -> RollUpOptions.check(same, OTHERS))
        .hasMessageContaining("'cells.day.index-prefix'")
        .hasMessageContaining("'cells.hour.index-prefix'");
    Configuration upper = new Configuration();
    upper.set(RollUpOptions.DAY_INDEX_PREFIX, "Days");
    assertThatThrownBy(() -> RollUpOptions.check(upper, OTHERS))
        .hasMessage("Invalid value 'Days' for 'cells.day.index-prefix': must be lower case");
  }

  @Test
  void theAttributionHourAndDayPrefixesAreCheckedTheSameWay() {
    Map<String, String> others =
        Map.of(
            "cells.index-prefix", "aigw-cells",
            "attribution.index-prefix", "aigw-attribution-cells",
            "cells.hour.index-prefix", "aigw-hour-cells",
            "cells.day.index-prefix", "aigw-day-cells");
    assertThatCode(
            () ->
                RollUpOptions.check(
                    new Configuration(),
                    AttributionOptions.HOUR_INDEX_PREFIX,
                    AttributionOptions.DAY_INDEX_PREFIX,
                    others))
        .doesNotThrowAnyException();
    // a minute attribution prefix of "aigw-attribution" would match the default hour indices
    assertThatThrownBy(
            () ->
                RollUpOptions.check(
                    new Configuration(),
                    AttributionOptions.HOUR_INDEX_PREFIX,
                    AttributionOptions.DAY_INDEX_PREFIX,
                    Map.of("attribution.index-prefix", "aigw-attribution")))
        .hasMessage(
            "Invalid value 'aigw-attribution-hour-cells' for 'attribution.hour.index-prefix': must"
                + " not match the indices of 'attribution.index-prefix' (aigw-attribution-*), nor"
                + " they its own");
    Configuration same = new Configuration();
    same.set(AttributionOptions.DAY_INDEX_PREFIX, "aigw-attribution-hour-cells");
    assertThatThrownBy(
            () ->
                RollUpOptions.check(
                    same,
                    AttributionOptions.HOUR_INDEX_PREFIX,
                    AttributionOptions.DAY_INDEX_PREFIX,
                    others))
        .hasMessageContaining("'attribution.day.index-prefix'")
        .hasMessageContaining("'attribution.hour.index-prefix'");
  }

  @Test
  void overlapMeansOneNameCanMatchBothPatterns() {
    assertThat(RollUpOptions.overlap("a", "a")).isTrue();
    assertThat(RollUpOptions.overlap("a", "a-b")).isTrue();
    assertThat(RollUpOptions.overlap("a-b", "a")).isTrue();
    assertThat(RollUpOptions.overlap("a", "ab")).isFalse();
    assertThat(RollUpOptions.overlap("aigw-cells", "aigw-hour-cells")).isFalse();
  }
}
