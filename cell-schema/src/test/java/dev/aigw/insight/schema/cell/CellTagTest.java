package dev.aigw.insight.schema.cell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellTagTest {

  @Test
  void eachScopeAndDimensionHasItsCoordinatesInSchemaOrder() {
    assertThat(CellTag.of(Scope.SERVICE, Dimension.ALL)).containsExactly(CellTag.SERVICE);
    assertThat(CellTag.of(Scope.SERVICE, Dimension.PROVIDER))
        .containsExactly(CellTag.SERVICE, CellTag.PROVIDER);
    assertThat(CellTag.of(Scope.SERVICE, Dimension.MODEL))
        .containsExactly(CellTag.SERVICE, CellTag.PROVIDER, CellTag.MODEL);
    assertThat(CellTag.of(Scope.INSTANCE, Dimension.ALL))
        .containsExactly(CellTag.SERVICE, CellTag.INSTANCE);
    assertThat(CellTag.of(Scope.INSTANCE, Dimension.PROVIDER))
        .containsExactly(CellTag.SERVICE, CellTag.INSTANCE, CellTag.PROVIDER);
    assertThat(CellTag.of(Scope.INSTANCE, Dimension.MODEL))
        .containsExactly(CellTag.SERVICE, CellTag.INSTANCE, CellTag.PROVIDER, CellTag.MODEL);
  }

  @Test
  void aCellAtItsCoordinatesHasAbsentTagsWhereItsScopeAndDimensionHaveNone() {
    MinuteCell c = MinuteCell.at(60_000, Scope.SERVICE, Dimension.PROVIDER, "gw", "pod", "p", "m");
    assertThat(c.service).isEqualTo("gw");
    assertThat(c.instance).isEqualTo(MinuteCell.ABSENT);
    assertThat(c.provider).isEqualTo("p");
    assertThat(c.model).isEqualTo(MinuteCell.ABSENT);
    assertThat(c.cellKey()).isEqualTo("60000|SERVICE|PROVIDER|gw||p|");
    for (CellTag tag : CellTag.values()) {
      tag.set(c, tag.storeName() + "!");
      assertThat(tag.get(c)).isEqualTo(tag.storeName() + "!");
    }
  }

  @Test
  void measuresAreNamedAfterScopeAndDimension() {
    assertThat(CellStoreNames.measureName(Scope.SERVICE, Dimension.ALL))
        .isEqualTo("genai_service_minute");
    assertThat(CellStoreNames.measureName(Scope.SERVICE, Dimension.PROVIDER))
        .isEqualTo("genai_service_provider_minute");
    assertThat(CellStoreNames.measureName(Scope.INSTANCE, Dimension.MODEL))
        .isEqualTo("genai_instance_model_minute");
    assertThat(CellStoreNames.DEFAULT_MINUTE_GROUP).isEqualTo("genai_minute");
    assertThat(CellStoreNames.DEFAULT_INDEX_PREFIX).isEqualTo("aigw-cells");
  }
}
