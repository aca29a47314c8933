package dev.aigw.insight.schema.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The application-cell field table: types of values, unique names, and the cell key. */
class AppCellFieldTest {

  @Test
  void integerFieldsGiveLongsAndTheOthersDoubles() {
    AppCell cell = AppCell.at(60_000, AppDimension.PROVIDER, "app", "openai", "gpt-4o");
    cell.calls = 3;
    cell.successRate = 0.5;
    for (AppCellField field : AppCellField.values()) {
      assertThat(field.value(cell))
          .as(field.storeName())
          .isInstanceOf(field.type() == AppCellField.Type.INTEGER ? Long.class : Double.class);
    }
    assertThat(AppCellField.CALLS.value(cell)).isEqualTo(3L);
  }

  @Test
  void storeNamesAreUniqueSnakeCase() {
    Set<String> names = new HashSet<>();
    for (AppCellField field : AppCellField.values()) {
      assertThat(field.storeName()).matches("[a-z0-9_]+");
      assertThat(names.add(field.storeName())).as(field.storeName()).isTrue();
    }
  }

  @Test
  void aCellHasOnlyTheCoordinatesOfItsDimension() {
    AppCell provider = AppCell.at(60_000, AppDimension.PROVIDER, "app", "openai", "gpt-4o");
    assertThat(provider.application).isEmpty();
    assertThat(provider.model).isEmpty();
    assertThat(provider.cellKey()).isEqualTo("60000|PROVIDER|openai");
    AppCell model = AppCell.at(60_000, AppDimension.APPLICATION_MODEL, "a|b", "openai", "gpt-4o");
    assertThat(model.cellKey()).isEqualTo("60000|APPLICATION_MODEL|a\\|b|openai|gpt-4o");
    assertThat(AppCellStoreNames.measureName(AppDimension.PROVIDER_MODEL))
        .isEqualTo("genai_apps_provider_model_minute");
  }
}
