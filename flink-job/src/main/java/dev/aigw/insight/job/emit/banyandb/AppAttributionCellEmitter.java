package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.MeasurePoint;

/**
 * Writes an {@link AppAttributionCell} as one data point of its measure ({@link
 * AppAttributionStoreNames#measureName}) at the start of its minute (hour, day): application,
 * attribute, value (and provider, model) as tags, every {@link AppCellField}; a rewrite replaces
 * the row.
 */
public final class AppAttributionCellEmitter implements BanyanDbEmitter<AppAttributionCell> {

  private static final long serialVersionUID = 1L;

  private final String group;
  private final CellResolution resolution;

  public AppAttributionCellEmitter(String group) {
    this(group, CellResolution.MINUTE);
  }

  /** Writes application attribution cells of {@code resolution} to its measures. */
  public AppAttributionCellEmitter(String group, CellResolution resolution) {
    this.group = group;
    this.resolution = resolution;
  }

  @Override
  public void emit(AppAttributionCell a, BanyanDbOutput output) {
    AppCell cell = a.cell;
    MeasurePoint.Builder point =
        MeasurePoint.builder(
            group, AppAttributionStoreNames.measureName(a.byModel, resolution), cell.windowStartMs);
    for (String tag : AppAttributionStoreNames.entityTags(a.byModel)) {
      point.tag(
          tag,
          switch (tag) {
            case AppAttributionStoreNames.ATTRIBUTE -> a.attribute;
            case AppAttributionStoreNames.VALUE -> a.value;
            default -> cell.tag(tag);
          });
    }
    for (AppCellField field : AppCellField.values()) {
      point.field(field.storeName(), field.value(cell));
    }
    output.measure(point.build());
  }
}
