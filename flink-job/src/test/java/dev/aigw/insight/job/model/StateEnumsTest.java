package dev.aigw.insight.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The state forms of scope and dimension ({@link Scope}, {@link Dimension}, in savepoints since
 * 0.1.0) keep their constants and ordinals, and each maps to the schema's constant of the same
 * name: the cell group key uses the ordinals, the cells the schema's types.
 */
class StateEnumsTest {

  @Test
  void stateScopesAreTheSchemasInTheSameOrder() {
    assertThat(Arrays.stream(Scope.values()).map(Enum::name))
        .containsExactly("SERVICE", "INSTANCE");
    for (Scope s : Scope.values()) {
      assertThat(s.cell().name()).isEqualTo(s.name());
      assertThat(s.cell().ordinal()).isEqualTo(s.ordinal());
    }
    assertThat(dev.aigw.insight.schema.cell.Scope.values()).hasSameSizeAs(Scope.values());
  }

  @Test
  void stateDimensionsAreTheSchemasInTheSameOrder() {
    assertThat(Arrays.stream(Dimension.values()).map(Enum::name))
        .containsExactly("ALL", "PROVIDER", "MODEL");
    for (Dimension d : Dimension.values()) {
      assertThat(d.cell().name()).isEqualTo(d.name());
      assertThat(d.cell().ordinal()).isEqualTo(d.ordinal());
    }
    assertThat(dev.aigw.insight.schema.cell.Dimension.values()).hasSameSizeAs(Dimension.values());
  }
}
