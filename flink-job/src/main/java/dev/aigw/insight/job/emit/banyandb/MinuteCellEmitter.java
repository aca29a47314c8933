package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.MeasurePoint;

/**
 * Writes a {@link MinuteCell} as one data point of its scope × dimension measure, at the start of
 * its minute, with the cell's entity tags ({@link CellTag#of}) and every {@link CellField}; a
 * rewrite of the same cell replaces the row.
 */
public final class MinuteCellEmitter implements BanyanDbEmitter<MinuteCell> {
  private static final long serialVersionUID = 1L;

  private final String group;
  private final CellResolution resolution;

  public MinuteCellEmitter(String group) {
    this(group, CellResolution.MINUTE);
  }

  /** Writes cells of {@code resolution} (minute, hour or day) to that resolution's measures. */
  public MinuteCellEmitter(String group, CellResolution resolution) {
    this.group = group;
    this.resolution = resolution;
  }

  @Override
  public void emit(MinuteCell cell, BanyanDbOutput output) {
    MeasurePoint.Builder point =
        MeasurePoint.builder(
            group,
            CellStoreNames.measureName(cell.scope, cell.dimension, resolution),
            cell.windowStartMs);
    for (CellTag tag : CellTag.of(cell.scope, cell.dimension)) {
      point.tag(tag.storeName(), tag.get(cell));
    }
    for (CellField field : CellField.values()) {
      point.field(field.storeName(), field.value(cell));
    }
    output.measure(point.build());
  }
}
