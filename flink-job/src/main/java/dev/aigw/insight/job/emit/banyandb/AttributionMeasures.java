package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.time.Duration;
import java.util.List;

/**
 * The attribution measures in BanyanDB, in the minute cells' group: one per attribution dimension
 * ({@link AttributionStoreNames#measureName}), entity tags (service, attribute, value[, provider,
 * model]) and the minute cells' fields ({@link GenAiMeasures#FIELDS}); the hour and day roll-ups in
 * measures of the same shape in the hour and day groups.
 */
public final class AttributionMeasures {

  private AttributionMeasures() {}

  /** The measure of a dimension (ALL or MODEL) in the given group. */
  public static MeasureSpec measure(String group, Dimension dimension) {
    return measure(group, dimension, CellResolution.MINUTE);
  }

  /**
   * The measure of a dimension at a resolution (its name and interval: {@code 1m}, {@code 1h},
   * {@code 1d}) in the given group.
   */
  public static MeasureSpec measure(String group, Dimension dimension, CellResolution resolution) {
    List<String> entity = AttributionStoreNames.entityTags(dimension);
    return new MeasureSpec(
        group,
        AttributionStoreNames.measureName(dimension, resolution),
        entity,
        List.of(
            new TagFamilySpec(
                CellStoreNames.TAG_FAMILY, entity.stream().map(TagSpec::string).toList())),
        GenAiMeasures.FIELDS,
        Duration.ofMillis(resolution.periodMs()));
  }

  /** Both measures. */
  public static List<MeasureSpec> measures(String group) {
    return measures(group, CellResolution.MINUTE);
  }

  /** Both measures of a resolution (the hour and day ones go in the hour and day groups). */
  public static List<MeasureSpec> measures(String group, CellResolution resolution) {
    return AttributionStoreNames.DIMENSIONS.stream()
        .map(d -> measure(group, d, resolution))
        .toList();
  }
}
