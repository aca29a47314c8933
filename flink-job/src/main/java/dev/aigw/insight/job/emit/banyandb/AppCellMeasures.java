package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import dev.aigw.insight.sink.banyandb.schema.FieldSpec;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The application-cell measures in BanyanDB: one per {@link AppDimension} ({@link
 * AppCellStoreNames#measureName}) in the GenAI minute group, its coordinates as entity tags in one
 * tag family and one field per {@link AppCellField}; the hour and day roll-ups in measures of the
 * same shape in the hour and day groups.
 */
public final class AppCellMeasures {

  /** The fields of every application measure, in {@link AppCellField} order. */
  public static final List<FieldSpec> FIELDS =
      Arrays.stream(AppCellField.values())
          .map(
              f ->
                  f.type() == AppCellField.Type.INTEGER
                      ? FieldSpec.integer(f.storeName())
                      : FieldSpec.floating(f.storeName()))
          .toList();

  private AppCellMeasures() {}

  /** The measure of a dimension in the given group. */
  public static MeasureSpec measure(String group, AppDimension dimension) {
    return measure(group, dimension, CellResolution.MINUTE);
  }

  /**
   * The measure of a dimension at a resolution (its name and interval: {@code 1m}, {@code 1h},
   * {@code 1d}) in the given group.
   */
  public static MeasureSpec measure(
      String group, AppDimension dimension, CellResolution resolution) {
    List<String> entity = dimension.tags();
    return new MeasureSpec(
        group,
        AppCellStoreNames.measureName(dimension, resolution),
        entity,
        List.of(
            new TagFamilySpec(
                AppCellStoreNames.TAG_FAMILY, entity.stream().map(TagSpec::string).toList())),
        FIELDS,
        Duration.ofMillis(resolution.periodMs()));
  }

  /** Adds the three measures to a schema whose group {@code group} is defined. */
  public static BanyanDbSchema.Builder addTo(BanyanDbSchema.Builder schema, String group) {
    return addTo(schema, group, CellResolution.MINUTE);
  }

  /** Adds the three measures of a resolution to a schema whose group {@code group} is defined. */
  public static BanyanDbSchema.Builder addTo(
      BanyanDbSchema.Builder schema, String group, CellResolution resolution) {
    for (AppDimension dimension : AppDimension.values()) {
      schema.measure(measure(group, dimension, resolution));
    }
    return schema;
  }
}
