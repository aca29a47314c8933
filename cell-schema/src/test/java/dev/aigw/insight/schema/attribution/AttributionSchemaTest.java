package dev.aigw.insight.schema.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.cell.CellDocument;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attribution cells' names, keys and documents; docs/storage.md lists the measures. */
class AttributionSchemaTest {

  @Test
  void storageDocsListBothMeasuresWithTheirEntityTags() throws Exception {
    String storage = Files.readString(Path.of("../docs/storage.md"));
    for (Dimension d : AttributionStoreNames.DIMENSIONS) {
      assertThat(storage)
          .contains(
              "| `"
                  + AttributionStoreNames.measureName(d)
                  + "` | "
                  + String.join(", ", AttributionStoreNames.entityTags(d))
                  + " |");
    }
  }

  @Test
  void hourAndDayMeasuresAndIndicesAreNamedAfterTheirResolution() throws Exception {
    assertThat(AttributionStoreNames.measureName(Dimension.ALL, CellResolution.MINUTE))
        .isEqualTo(AttributionStoreNames.SERVICE_MEASURE);
    assertThat(AttributionStoreNames.measureName(Dimension.ALL, CellResolution.HOUR))
        .isEqualTo("genai_attribution_service_hour");
    assertThat(AttributionStoreNames.measureName(Dimension.MODEL, CellResolution.DAY))
        .isEqualTo("genai_attribution_service_model_day");
    assertThat(AttributionStoreNames.defaultIndexPrefix(CellResolution.HOUR))
        .isEqualTo("aigw-attribution-hour-cells");
    // no index pattern of one resolution matches another's indices (nor the gateway cells')
    for (CellResolution a : CellResolution.values()) {
      for (CellResolution b : CellResolution.values()) {
        String x = AttributionStoreNames.defaultIndexPrefix(a) + "-";
        if (a != b) {
          assertThat(x).doesNotStartWith(AttributionStoreNames.defaultIndexPrefix(b) + "-");
        }
        assertThat(x).doesNotStartWith(b.defaultIndexPrefix() + "-");
      }
    }
    String storage = Files.readString(Path.of("../docs/storage.md"));
    for (CellResolution r : java.util.List.of(CellResolution.HOUR, CellResolution.DAY)) {
      for (Dimension d : AttributionStoreNames.DIMENSIONS) {
        assertThat(storage).contains("`" + AttributionStoreNames.measureName(d, r) + "`");
      }
      assertThat(storage).contains("`" + AttributionStoreNames.defaultIndexPrefix(r) + "-");
    }
  }

  @Test
  void theKeyAddsAttributeAndValueEscapedToTheCellKey() {
    MinuteCell cell =
        MinuteCell.at(60_000, Scope.SERVICE, Dimension.MODEL, "gw", null, "openai", "gpt-4o");
    AttributionCell a = new AttributionCell("team.id", "red|blue", cell);
    assertThat(a.cellKey()).isEqualTo(cell.cellKey() + "|team.id|red\\|blue");
    assertThat(AttributionDocument.id(a)).isEqualTo(a.cellKey());
    AttributionCell huge = new AttributionCell("team.id", "x".repeat(600), cell);
    assertThat(AttributionDocument.id(huge)).startsWith("sha256:").hasSize(7 + 64);
    assertThat(a.byModel()).isTrue();
  }

  @Test
  void aDocumentReadsBackAsTheCell() {
    MinuteCell cell = MinuteCell.at(60_000, Scope.SERVICE, Dimension.ALL, "gw", null, null, null);
    cell.requests = 7;
    cell.costPicos = 42;
    AttributionCell a = new AttributionCell("api.key", "0123abcd", cell);
    Map<String, Object> source = AttributionDocument.source(a);
    assertThat(source)
        .containsEntry(AttributionStoreNames.ATTRIBUTE, "api.key")
        .containsEntry(AttributionStoreNames.VALUE, "0123abcd")
        .containsEntry("requests", 7L);
    assertThat(AttributionDocument.fromSource(source)).isEqualTo(a);
    assertThat(AttributionDocument.keywordFields())
        .containsAll(CellDocument.keywordFields())
        .contains("attribute", "value");
  }
}
