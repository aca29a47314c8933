package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.attribution.AttributionStoreNames;
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
 * model]) and the minute cells' fields ({@link GenAiMeasures#FIELDS}).
 */
public final class AttributionMeasures {

  private AttributionMeasures() {}

  /** The measure of a dimension (ALL or MODEL) in the given group. */
  public static MeasureSpec measure(String group, Dimension dimension) {
    List<String> entity = AttributionStoreNames.entityTags(dimension);
    return new MeasureSpec(
        group,
        AttributionStoreNames.measureName(dimension),
        entity,
        List.of(
            new TagFamilySpec(
                CellStoreNames.TAG_FAMILY, entity.stream().map(TagSpec::string).toList())),
        GenAiMeasures.FIELDS,
        Duration.ofMinutes(1));
  }

  /** Both measures. */
  public static List<MeasureSpec> measures(String group) {
    return AttributionStoreNames.DIMENSIONS.stream().map(d -> measure(group, d)).toList();
  }
}
