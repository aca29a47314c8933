package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.job.options.AttributionOptions;
import dev.aigw.insight.job.options.RollUpOptions;
import dev.aigw.insight.options.OptionChecks;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.Scope;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import dev.aigw.insight.sink.banyandb.schema.FieldSpec;
import dev.aigw.insight.sink.banyandb.schema.GroupSpec;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The GenAI measures in BanyanDB: one per scope × dimension ({@link CellStoreNames#measureName}),
 * with the cell's entity tags ({@link CellTag#of}) as its one tag family and one field per {@link
 * CellField} (units in docs/storage.md); with attribution, also the {@link AttributionMeasures}.
 */
public final class GenAiMeasures {

  /** The fields of every GenAI measure, in {@link CellField} order. */
  public static final List<FieldSpec> FIELDS =
      Arrays.stream(CellField.values())
          .map(
              f ->
                  f.type() == CellField.Type.INTEGER
                      ? FieldSpec.integer(f.storeName())
                      : FieldSpec.floating(f.storeName()))
          .toList();

  private GenAiMeasures() {}

  /** The entity tags of a scope and dimension, in schema order. */
  public static List<String> entityTags(Scope scope, Dimension dimension) {
    return CellTag.of(scope, dimension).stream().map(CellTag::storeName).toList();
  }

  /** The measure of a scope and dimension in the given group. */
  public static MeasureSpec measure(String group, Scope scope, Dimension dimension) {
    return measure(group, scope, dimension, CellResolution.MINUTE);
  }

  /**
   * The measure of a scope and dimension at a resolution (its name and interval: {@code 1m}, {@code
   * 1h}, {@code 1d}) in the given group.
   */
  public static MeasureSpec measure(
      String group, Scope scope, Dimension dimension, CellResolution resolution) {
    List<String> entity = entityTags(scope, dimension);
    return new MeasureSpec(
        group,
        CellStoreNames.measureName(scope, dimension, resolution),
        entity,
        List.of(
            new TagFamilySpec(
                CellStoreNames.TAG_FAMILY, entity.stream().map(TagSpec::string).toList())),
        FIELDS,
        Duration.ofMillis(resolution.periodMs()));
  }

  /**
   * The minute group, its six measures and the three application measures (plus the access-log
   * stream when enabled).
   */
  public static BanyanDbSchema schema(Configuration conf) {
    String group = conf.get(GenAiStorageOptions.MINUTE_GROUP);
    BanyanDbSchema.Builder builder =
        BanyanDbSchema.builder()
            .group(
                GroupSpec.measures(
                    group,
                    conf.get(GenAiStorageOptions.MINUTE_SHARDS),
                    conf.get(GenAiStorageOptions.MINUTE_SEGMENT),
                    conf.get(GenAiStorageOptions.MINUTE_TTL)));
    for (Scope scope : Scope.values()) {
      for (Dimension dimension : Dimension.values()) {
        builder.measure(measure(group, scope, dimension));
      }
    }
    if (conf.get(RollUpOptions.ENABLED)) {
      addRollUps(builder, conf);
    }
    // the application cells from trace spans (issue 17), in the same group
    AppCellMeasures.addTo(builder, group);
    // the attribution measures when attribution is on: every sink of the job ensures one schema
    if (conf.getOptional(AttributionOptions.ATTRIBUTES).filter(a -> !a.isBlank()).isPresent()) {
      AttributionMeasures.measures(group).forEach(builder::measure);
      // and the attribution cells of the application cells (spans), in their own measures
      AppAttributionMeasures.measures(group).forEach(builder::measure);
    }
    if (conf.get(GenAiStorageOptions.LOGS_ENABLED)) {
      String logs = conf.get(GenAiStorageOptions.LOGS_GROUP);
      builder
          .group(
              GroupSpec.streams(
                  logs,
                  conf.get(GenAiStorageOptions.LOGS_SHARDS),
                  conf.get(GenAiStorageOptions.LOGS_SEGMENT),
                  conf.get(GenAiStorageOptions.LOGS_TTL)))
          .stream(AccessLogStream.stream(logs));
    }
    return builder.build();
  }

  /**
   * The hour and day groups and their six measures each (the roll-ups of the minute cells), with
   * attribution also the two attribution and the two application attribution measures each.
   */
  private static void addRollUps(BanyanDbSchema.Builder builder, Configuration conf) {
    String minute = conf.get(GenAiStorageOptions.MINUTE_GROUP);
    String hour = conf.get(GenAiStorageOptions.HOUR_GROUP);
    String day = conf.get(GenAiStorageOptions.DAY_GROUP);
    // each resolution keeps its cells for its own TTL, and a group has one TTL
    OptionChecks.checkOption(
        !hour.equals(minute) && !hour.equals(day),
        GenAiStorageOptions.HOUR_GROUP.key(),
        hour,
        "must differ from the minute and the day group (each has its own TTL)");
    OptionChecks.checkOption(
        !day.equals(minute),
        GenAiStorageOptions.DAY_GROUP.key(),
        day,
        "must differ from the minute group (each has its own TTL)");
    builder
        .group(
            GroupSpec.measures(
                hour,
                conf.get(GenAiStorageOptions.HOUR_SHARDS),
                conf.get(GenAiStorageOptions.HOUR_SEGMENT),
                conf.get(GenAiStorageOptions.HOUR_TTL)))
        .group(
            GroupSpec.measures(
                day,
                conf.get(GenAiStorageOptions.DAY_SHARDS),
                conf.get(GenAiStorageOptions.DAY_SEGMENT),
                conf.get(GenAiStorageOptions.DAY_TTL)));
    for (Scope scope : Scope.values()) {
      for (Dimension dimension : Dimension.values()) {
        builder.measure(measure(hour, scope, dimension, CellResolution.HOUR));
        builder.measure(measure(day, scope, dimension, CellResolution.DAY));
      }
    }
    // the attribution cells' roll-ups when attribution is on, in the same hour and day groups
    if (conf.getOptional(AttributionOptions.ATTRIBUTES).filter(a -> !a.isBlank()).isPresent()) {
      AttributionMeasures.measures(hour, CellResolution.HOUR).forEach(builder::measure);
      AttributionMeasures.measures(day, CellResolution.DAY).forEach(builder::measure);
      // and the application attribution cells' (spans) roll-ups
      AppAttributionMeasures.measures(hour, CellResolution.HOUR).forEach(builder::measure);
      AppAttributionMeasures.measures(day, CellResolution.DAY).forEach(builder::measure);
    }
    // the application cells' (spans) roll-ups, as their minute measures always there
    AppCellMeasures.addTo(builder, hour, CellResolution.HOUR);
    AppCellMeasures.addTo(builder, day, CellResolution.DAY);
  }
}
