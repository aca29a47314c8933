package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.MeasurePoint;

/**
 * Writes an {@link AppCell} as one data point of its dimension's measure at the start of its minute
 * (hour, day), with its coordinates as tags and every {@link AppCellField}; a rewrite replaces the
 * row.
 */
public final class AppCellEmitter implements BanyanDbEmitter<AppCell> {

  private static final long serialVersionUID = 1L;

  private final String group;
  private final CellResolution resolution;

  public AppCellEmitter(String group) {
    this(group, CellResolution.MINUTE);
  }

  /** Writes application cells of {@code resolution} (minute, hour or day) to its measures. */
  public AppCellEmitter(String group, CellResolution resolution) {
    this.group = group;
    this.resolution = resolution;
  }

  @Override
  public void emit(AppCell cell, BanyanDbOutput output) {
    MeasurePoint.Builder point =
        MeasurePoint.builder(
            group, AppCellStoreNames.measureName(cell.dimension, resolution), cell.windowStartMs);
    for (String tag : cell.dimension.tags()) {
      point.tag(tag, cell.tag(tag));
    }
    for (AppCellField field : AppCellField.values()) {
      point.field(field.storeName(), field.value(cell));
    }
    output.measure(point.build());
  }
}
