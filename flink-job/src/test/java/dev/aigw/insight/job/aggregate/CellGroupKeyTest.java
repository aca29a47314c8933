package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.Scope;
import org.junit.jupiter.api.Test;

/**
 * The key of the cell windows is in keyed state (every savepoint): it stays byte-identical to what
 * 0.1.0 and 0.2.0 wrote, whichever class holds the coordinate rule.
 */
class CellGroupKeyTest {

  private static final String S = "\u0001";

  @Test
  void keysAreTheScopeAndDimensionOrdinalsAndTheCoordinatesTheCellHas() {
    assertThat(key(Scope.SERVICE, Dimension.ALL)).isEqualTo("00" + S + "gw");
    assertThat(key(Scope.SERVICE, Dimension.PROVIDER)).isEqualTo("01" + S + "gw" + S + "openai");
    assertThat(key(Scope.SERVICE, Dimension.MODEL))
        .isEqualTo("02" + S + "gw" + S + "openai" + S + "gpt-4o");
    assertThat(key(Scope.INSTANCE, Dimension.ALL)).isEqualTo("10" + S + "gw" + S + "pod-1");
    assertThat(key(Scope.INSTANCE, Dimension.PROVIDER))
        .isEqualTo("11" + S + "gw" + S + "pod-1" + S + "openai");
    assertThat(key(Scope.INSTANCE, Dimension.MODEL))
        .isEqualTo("12" + S + "gw" + S + "pod-1" + S + "openai" + S + "gpt-4o");
  }

  @Test
  void aMissingValueIsWrittenAsBeforeAndTheLeafKeyIsUnchanged() {
    assertThat(LeafAggregate.cellGroupKey(Scope.INSTANCE, Dimension.ALL, "gw", null, "p", "m"))
        .isEqualTo("10" + S + "gw" + S + "null");
    LeafAggregate a = new LeafAggregate();
    a.service = "gw";
    a.provider = "openai";
    a.model = "gpt-4o";
    assertThat(LeafAggregate.leafKey(a)).isEqualTo("gw" + S + S + "openai" + S + "gpt-4o");
  }

  private static String key(Scope s, Dimension d) {
    return LeafAggregate.cellGroupKey(s, d, "gw", "pod-1", "openai", "gpt-4o");
  }
}
