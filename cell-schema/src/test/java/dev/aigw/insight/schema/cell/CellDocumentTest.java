package dev.aigw.insight.schema.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellDocumentTest {

  @Test
  void aSourceReadsBackAsItsCell() {
    MinuteCell cell = sample();
    Map<String, Object> source = CellDocument.source(cell);
    assertThat(source.keySet())
        .startsWith("window_start_ms", "scope", "dimension", "service", "instance")
        .endsWith("tpot_sum_ms", "timestamp");
    assertThat(source).containsEntry("timestamp", 120_000L).containsEntry("requests", 3L);
    assertThat(source.get("latency_p99_ms")).isEqualTo(12.5);
    assertThat(CellDocument.fromSource(source)).isEqualTo(cell);
  }

  @Test
  void aDocumentWrittenBefore030ReadsUnderItsOldNames() {
    MinuteCell cell = sample();
    Map<String, Object> old = new LinkedHashMap<>();
    Map<String, String> back = new LinkedHashMap<>();
    CellDocument.renames().forEach((o, n) -> back.put(n, o));
    CellDocument.source(cell).forEach((k, v) -> old.put(back.getOrDefault(k, k), v));
    assertThat(old)
        .containsKeys("windowStartMs", "latencyP99Ms", "requests")
        .doesNotContainKey("latency_p99_ms");
    // JSON parsers give small whole numbers as Integer
    old.put("requests", 3);
    assertThat(CellDocument.fromSource(old)).isEqualTo(cell);
  }

  @Test
  void aDocumentWithoutDurationSumsReadsThemAsAverageTimesCount() {
    MinuteCell cell = sample();
    Map<String, Object> source = new LinkedHashMap<>(CellDocument.source(cell));
    source.remove("latency_sum_ms");
    source.remove("ttft_sum_ms");
    source.remove("tpot_sum_ms");
    MinuteCell read = CellDocument.fromSource(source);
    assertThat(read.latencySumMs).isEqualTo(cell.latencyAvgMs * cell.requests);
    assertThat(read.ttftSumMs).isEqualTo(cell.ttftAvgMs * cell.ttftCount);
    assertThat(read.tpotSumMs).isEqualTo(cell.tpotAvgMs * cell.tpotCount);
  }

  @Test
  void idIsTheCellKeyOrItsHashWhenTooLong() {
    MinuteCell cell = sample();
    assertThat(CellDocument.id(cell)).isEqualTo(cell.cellKey());
    cell.model = "m".repeat(600);
    assertThat(CellDocument.id(cell)).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void keywordsAreTheCoordinates() {
    assertThat(CellDocument.keywordFields())
        .containsExactly("scope", "dimension", "service", "instance", "provider", "model");
    assertThat(CellDocument.dateFields()).containsExactly("timestamp", "window_start_ms");
  }

  private static MinuteCell sample() {
    MinuteCell cell =
        MinuteCell.at(120_000, Scope.INSTANCE, Dimension.MODEL, "gw", "pod-1", "openai", "gpt-4o");
    cell.requests = 3;
    cell.latencyP99Ms = 12.5;
    cell.costPicos = 9_007_199_254_740_993L;
    return cell;
  }
}
