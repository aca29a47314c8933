package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.time.Duration;
import java.util.List;

/**
 * The application attribution measures in BanyanDB, in the minute group: whole application and per
 * (provider, model) ({@link AppAttributionStoreNames}), entity tags (application, attribute,
 * value[, provider, model]) in one tag family and the application cells' fields ({@link
 * AppCellMeasures#FIELDS}); their hour and day roll-ups in measures of the same shape in the hour
 * and day groups.
 */
public final class AppAttributionMeasures {

  private AppAttributionMeasures() {}

  /** The measure of whole-application ({@code byModel} false) or per-model cells. */
  public static MeasureSpec measure(String group, boolean byModel) {
    return measure(group, byModel, CellResolution.MINUTE);
  }

  /**
   * The measure of whole-application or per-model cells at a resolution (its name and interval:
   * {@code 1m}, {@code 1h}, {@code 1d}) in the given group.
   */
  public static MeasureSpec measure(String group, boolean byModel, CellResolution resolution) {
    List<String> entity = AppAttributionStoreNames.entityTags(byModel);
    return new MeasureSpec(
        group,
        AppAttributionStoreNames.measureName(byModel, resolution),
        entity,
        List.of(
            new TagFamilySpec(
                AppCellStoreNames.TAG_FAMILY, entity.stream().map(TagSpec::string).toList())),
        AppCellMeasures.FIELDS,
        Duration.ofMillis(resolution.periodMs()));
  }

  /** Both measures. */
  public static List<MeasureSpec> measures(String group) {
    return measures(group, CellResolution.MINUTE);
  }

  /** Both measures of a resolution. */
  public static List<MeasureSpec> measures(String group, CellResolution resolution) {
    return List.of(measure(group, false, resolution), measure(group, true, resolution));
  }
}
