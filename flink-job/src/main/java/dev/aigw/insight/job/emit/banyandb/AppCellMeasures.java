package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.app.AppDimension;
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
 * tag family and one field per {@link AppCellField}.
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
    List<String> entity = dimension.tags();
    return new MeasureSpec(
        group,
        AppCellStoreNames.measureName(dimension),
        entity,
        List.of(
            new TagFamilySpec(
                AppCellStoreNames.TAG_FAMILY, entity.stream().map(TagSpec::string).toList())),
        FIELDS,
        Duration.ofMinutes(1));
  }

  /** Adds the three measures to a schema whose group {@code group} is defined. */
  public static BanyanDbSchema.Builder addTo(BanyanDbSchema.Builder schema, String group) {
    for (AppDimension dimension : AppDimension.values()) {
      schema.measure(measure(group, dimension));
    }
    return schema;
  }
}
