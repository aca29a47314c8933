package dev.aigw.insight.schema.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellFieldTest {

  private static final List<String> COORDINATES =
      List.of("windowStartMs", "scope", "dimension", "service", "instance", "provider", "model");

  @Test
  void everyValueOfTheCellIsInTheTableOnceWithItsJavaTypeAndName() {
    List<Field> values =
        Arrays.stream(MinuteCell.class.getFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .filter(f -> !COORDINATES.contains(f.getName()))
            // the histograms ride along for the alert rules; they are not values of the cell
            .filter(f -> f.getType() != BucketCounts.class)
            .toList();
    assertThat(values)
        .extracting(Field::getName)
        .containsExactlyElementsOf(
            Arrays.stream(CellField.values()).map(CellFieldTest::javaName).toList());
    for (Field f : values) {
      CellField field =
          Arrays.stream(CellField.values())
              .filter(c -> javaName(c).equals(f.getName()))
              .findFirst()
              .orElseThrow();
      assertThat(field.type())
          .as(f.getName())
          .isEqualTo(f.getType() == long.class ? CellField.Type.INTEGER : CellField.Type.FLOAT);
    }
  }

  @Test
  void storeNamesAreSnakeCaseAndUnique() {
    assertThat(CellField.values())
        .extracting(CellField::storeName)
        .allSatisfy(n -> assertThat(n).matches("[a-z][a-z0-9_]*"))
        .doesNotHaveDuplicates();
    for (CellField f : CellField.values()) {
      assertThat(CellField.byStoreName(f.storeName())).contains(f);
    }
    assertThat(CellField.byStoreName("latencyP99Ms")).isEmpty();
  }

  @Test
  void accessorsReadAndWriteTheirOwnField() throws Exception {
    MinuteCell cell = new MinuteCell();
    CellField[] fields = CellField.values();
    for (int i = 0; i < fields.length; i++) {
      fields[i].set(cell, i + 0.5);
    }
    for (int i = 0; i < fields.length; i++) {
      Object javaValue = MinuteCell.class.getField(javaName(fields[i])).get(cell);
      if (fields[i].type() == CellField.Type.INTEGER) {
        assertThat(fields[i].value(cell)).isEqualTo((long) i);
        assertThat(javaValue).isEqualTo((long) i);
      } else {
        assertThat(fields[i].value(cell)).isEqualTo(i + 0.5);
        assertThat(javaValue).isEqualTo(i + 0.5);
      }
      assertThat(fields[i].doubleValue(cell)).isEqualTo(((Number) javaValue).doubleValue());
    }
  }

  @Test
  void additiveFieldsAreTheWholeNumbersAndTheDurationSums() {
    assertThat(Arrays.stream(CellField.values()).filter(CellField::isAdditive))
        .containsExactly(
            CellField.REQUESTS,
            CellField.ERRORS,
            CellField.TTFT_COUNT,
            CellField.TPOT_COUNT,
            CellField.INPUT_TOKENS,
            CellField.OUTPUT_TOKENS,
            CellField.CACHED_INPUT_TOKENS,
            CellField.CACHE_CREATION_INPUT_TOKENS,
            CellField.REASONING_TOKENS,
            CellField.COST_PICOS,
            CellField.CACHE_SAVINGS_PICOS,
            CellField.UNPRICED_TOKENS,
            CellField.LATENCY_SUM_MS,
            CellField.TTFT_SUM_MS,
            CellField.TPOT_SUM_MS);
    assertThat(CellField.LATENCY_AVG_MS.sumOf()).contains(CellField.LATENCY_SUM_MS);
    assertThat(CellField.LATENCY_SUM_MS.countOf()).contains(CellField.REQUESTS);
    assertThat(CellField.TTFT_AVG_MS.sumOf()).contains(CellField.TTFT_SUM_MS);
    assertThat(CellField.TTFT_SUM_MS.countOf()).contains(CellField.TTFT_COUNT);
    assertThat(CellField.TPOT_AVG_MS.sumOf()).contains(CellField.TPOT_SUM_MS);
    assertThat(CellField.TPOT_SUM_MS.countOf()).contains(CellField.TPOT_COUNT);
    assertThat(CellField.LATENCY_P99_MS.sumOf()).isEmpty();
    assertThat(CellField.REQUESTS.countOf()).isEmpty();
  }

  /**
   * The Java field of a value: its old OpenSearch name where it had one (0.1.0 wrote the Java
   * names), else the store name in camelCase (fields added since never had another name).
   */
  private static String javaName(CellField f) {
    if (!f.legacyName().equals(f.storeName())) {
      return f.legacyName();
    }
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char ch : f.storeName().toCharArray()) {
      if (ch == '_') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      }
    }
    return sb.toString();
  }

  @Test
  void copyAndEqualsCoverEveryValue() {
    MinuteCell cell = MinuteCell.at(0, Scope.INSTANCE, Dimension.MODEL, "s", "i", "p", "m");
    for (CellField f : CellField.values()) {
      MinuteCell other = cell.copy();
      assertThat(other).isEqualTo(cell);
      f.set(other, 7);
      assertThat(other).as(f.storeName()).isNotEqualTo(cell);
      assertThat(other.toString()).contains(f.storeName() + "=7");
    }
  }

  @Test
  void theBucketCountsAreCopiedButAreNoValueOfTheCell() {
    MinuteCell cell = MinuteCell.at(0, Scope.SERVICE, Dimension.ALL, "s", "", "", "");
    cell.requests = 3;
    cell.latencyBuckets = BucketCounts.of(new double[] {1, 2}, new long[] {1, 2, 0}, 0.5, 1.5);
    MinuteCell copy = cell.copy();
    assertThat(copy.latencyBuckets).isSameAs(cell.latencyBuckets);
    assertThat(copy.latencyBuckets.total()).isEqualTo(3);
    copy.latencyBuckets = null;
    assertThat(copy).isEqualTo(cell);
    assertThat(copy.toString()).isEqualTo(cell.toString());
  }
}
