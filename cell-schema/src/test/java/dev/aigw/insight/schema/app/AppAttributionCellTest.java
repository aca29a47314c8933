package dev.aigw.insight.schema.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The identity and document of the application attribution cells. */
class AppAttributionCellTest {

  @Test
  void cellKeysTellTheDimensionsAndValuesApartWithSeparatorsEscaped() {
    AppCell perModel =
        AppCell.at(60_000, AppDimension.APPLICATION_MODEL, "shop", "openai", "gpt|4o");
    AppCell whole = AppCell.at(60_000, AppDimension.APPLICATION_MODEL, "shop", "", "");
    assertThat(new AppAttributionCell("team.id", "red", true, perModel).cellKey())
        .isEqualTo("60000|APPLICATION_MODEL|shop|openai|gpt\\|4o|team.id|red");
    assertThat(new AppAttributionCell("team.id", "a|b", false, whole).cellKey())
        .isEqualTo("60000|APPLICATION|shop|team.id|a\\|b");
  }

  @Test
  void theDocumentIsTheApplicationCellsWithItsDimensionAttributeAndValue() {
    AppCell whole = AppCell.at(60_000, AppDimension.APPLICATION_MODEL, "shop", "", "");
    whole.calls = 3;
    AppAttributionCell cell = new AppAttributionCell("api.key", "0af3", false, whole);
    Map<String, Object> source = AppAttributionDocument.source(cell);
    assertThat(source)
        .containsEntry(AppCellDocument.DIMENSION, AppAttributionStoreNames.APPLICATION)
        .containsEntry(AppCell.APPLICATION, "shop")
        .containsEntry(AppCell.PROVIDER, "")
        .containsEntry(AppAttributionStoreNames.ATTRIBUTE, "api.key")
        .containsEntry(AppAttributionStoreNames.VALUE, "0af3")
        .containsEntry(AppCellField.CALLS.storeName(), 3L);
    assertThat(AppAttributionDocument.id(cell)).isEqualTo(cell.cellKey());
    assertThat(AppAttributionDocument.keywordFields())
        .contains(
            AppCellDocument.DIMENSION,
            AppCell.APPLICATION,
            AppAttributionStoreNames.ATTRIBUTE,
            AppAttributionStoreNames.VALUE);
    assertThat(AppAttributionStoreNames.entityTags(true))
        .containsExactly("application", "attribute", "value", "provider", "model");
  }
}
