package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.time.Duration;
import java.util.List;

/**
 * The application attribution measures in BanyanDB, in the minute group: whole application and per
 * (provider, model) ({@link AppAttributionStoreNames}), entity tags (application, attribute,
 * value[, provider, model]) in one tag family and the application cells' fields ({@link
 * AppCellMeasures#FIELDS}).
 */
public final class AppAttributionMeasures {

  private AppAttributionMeasures() {}

  /** The measure of whole-application ({@code byModel} false) or per-model cells. */
  public static MeasureSpec measure(String group, boolean byModel) {
    List<String> entity = AppAttributionStoreNames.entityTags(byModel);
    return new MeasureSpec(
        group,
        AppAttributionStoreNames.measureName(byModel),
        entity,
        List.of(
            new TagFamilySpec(
                AppCellStoreNames.TAG_FAMILY, entity.stream().map(TagSpec::string).toList())),
        AppCellMeasures.FIELDS,
        Duration.ofMinutes(1));
  }

  /** Both measures. */
  public static List<MeasureSpec> measures(String group) {
    return List.of(measure(group, false), measure(group, true));
  }
}
