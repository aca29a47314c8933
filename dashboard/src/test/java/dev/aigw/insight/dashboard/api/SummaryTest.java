package dev.aigw.insight.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.dashboard.read.CellQuery;
import dev.aigw.insight.dashboard.read.GroupSteps;
import dev.aigw.insight.dashboard.read.RangeTotals;
import dev.aigw.insight.dashboard.read.StepFold;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void averagesAreSumsOverCountsAndRatesAreOverTheWholeRange() {
    RangeTotals totals =
        new RangeTotals(
            "gw",
            2,
            Map.of(
                CellField.REQUESTS, 4L,
                CellField.ERRORS, 1L,
                CellField.TTFT_COUNT, 0L,
                CellField.INPUT_TOKENS, 1_000L,
                CellField.CACHED_INPUT_TOKENS, 250L,
                CellField.COST_PICOS, 9_007_199_254_740_993L,
                CellField.CACHE_SAVINGS_PICOS, 500_000_000_000L),
            Map.of(CellField.LATENCY_SUM_MS, 1_000.0, CellField.TTFT_SUM_MS, 0.0));
    Map<String, Object> s = Summary.of(totals, 10);
    assertThat(s)
        .containsEntry("requests", 4L)
        .containsEntry("errors", 1L)
        .containsEntry("error_rate", 0.25)
        .containsEntry("requests_per_minute", 0.4)
        .containsEntry("minutes_with_data", 2L)
        .containsEntry("latency_sum_ms", 1_000.0)
        .containsEntry("latency_avg_ms", 250.0)
        .containsEntry("ttft_avg_ms", null)
        .containsEntry("cost_picos", 9_007_199_254_740_993L)
        .containsEntry("estimated_cost", 9_007_199_254_740_993L / 1e12)
        .containsEntry("cache_savings", 0.5)
        .containsEntry("cache_read_share", 0.25);
    assertThat(s).doesNotContainKeys("latency_p99_ms", "latency_p50_ms");
  }

  @Test
  void noRequestsGivesNoRatioRatherThanZero() {
    Map<String, Object> s = Summary.of(new RangeTotals("gw", 0, Map.of(), Map.of()), 60);
    assertThat(s).containsEntry("error_rate", null).containsEntry("latency_avg_ms", null);
    assertThat(s).containsEntry("requests", 0L).containsEntry("cache_read_share", null);
  }

  @Test
  void seriesPutEachCellOnItsMinuteWithZeroOrNullForMissingMinutes() {
    TimeRange range = new TimeRange(0, 180_000);
    MinuteCell cell = MinuteCell.at(60_000, Scope.SERVICE, Dimension.ALL, "gw", "", "", "");
    cell.requests = 3;
    cell.latencyP99Ms = 12.5;
    List<CellField> fields = List.of(CellField.REQUESTS, CellField.LATENCY_P99_MS);
    Map<String, Object[]> values = Series.values(range, 60_000, fold(range, 60_000, cell), fields);
    assertThat(values.get("requests")).containsExactly(0L, 3L, 0L);
    assertThat(values.get("latency_p99_ms")).containsExactly(null, 12.5, null);
  }

  @Test
  void longerStepsKeepCountsPerMinuteAveragesFromSumsAndTheHighestPercentile() {
    TimeRange range = new TimeRange(0, 300_000); // 5 minutes in steps of 3: the last one has 2
    MinuteCell a = MinuteCell.at(0, Scope.SERVICE, Dimension.ALL, "gw", "", "", "");
    a.requests = 2;
    a.latencySumMs = 200.0;
    a.latencyAvgMs = 100.0;
    a.latencyP99Ms = 150.0;
    MinuteCell b = MinuteCell.at(60_000, Scope.SERVICE, Dimension.ALL, "gw", "", "", "");
    b.requests = 1;
    b.latencySumMs = 400.0;
    b.latencyAvgMs = 400.0;
    b.latencyP99Ms = 400.0;
    MinuteCell c = MinuteCell.at(240_000, Scope.SERVICE, Dimension.ALL, "gw", "", "", "");
    c.requests = 4;
    c.latencySumMs = 40.0;
    c.latencyAvgMs = 10.0;
    c.latencyP99Ms = 20.0;
    List<CellField> fields =
        List.of(CellField.REQUESTS, CellField.LATENCY_AVG_MS, CellField.LATENCY_P99_MS);
    Map<String, Object[]> values =
        Series.values(range, 180_000, fold(range, 180_000, a, b, c), fields);
    assertThat(values.get("requests")).containsExactly(1.0, 2.0);
    assertThat(values.get("latency_avg_ms")).containsExactly(200.0, 10.0);
    assertThat(values.get("latency_p99_ms")).containsExactly(400.0, 20.0);
  }

  private static GroupSteps fold(TimeRange range, long stepMs, MinuteCell... cells) {
    CellQuery query = CellQuery.of(Scope.SERVICE, Dimension.ALL, range.fromMs(), range.toMs());
    return StepFold.fold(
            List.of(cells), query, List.of(CellTag.SERVICE), List.of(CellField.values()), stepMs, 1)
        .get(0);
  }

  @Test
  void fieldsAreStoreNamesAndUnknownOnesAreRefused() {
    assertThat(QueryApi.parseFields("requests, latency_p99_ms", null))
        .containsExactly(CellField.REQUESTS, CellField.LATENCY_P99_MS);
    assertThat(QueryApi.parseFields(null, QueryApi.SPARKLINE_FIELDS))
        .isEqualTo(QueryApi.SPARKLINE_FIELDS);
    assertThatThrownBy(() -> QueryApi.parseFields("requests,latencyP99Ms", null))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("unknown field 'latencyP99Ms'; known fields: requests, errors,");
    assertThatThrownBy(() -> QueryApi.parseFields(" ", null))
        .hasMessageStartingWith("fields is required");
  }

  @Test
  void theNarrowestCoordinatePicksScopeAndDimension() {
    assertThat(Selection.of("gw", null, null, null, null))
        .extracting(Selection::scope, Selection::dimension)
        .containsExactly(Scope.SERVICE, Dimension.ALL);
    assertThat(Selection.of("gw", "pod-1", "openai", null, null))
        .extracting(Selection::scope, Selection::dimension)
        .containsExactly(Scope.INSTANCE, Dimension.PROVIDER);
    assertThat(Selection.of("gw", null, null, "gpt-4o", null))
        .extracting(Selection::scope, Selection::dimension)
        .containsExactly(Scope.SERVICE, Dimension.MODEL);
    assertThat(Selection.of("gw", null, null, null, "instance"))
        .extracting(Selection::scope, Selection::dimension)
        .containsExactly(Scope.INSTANCE, Dimension.ALL);
    assertThatThrownBy(() -> Selection.of("gw", null, null, null, "region"))
        .hasMessage("by must be instance, provider or model, not 'region'");
  }
}
