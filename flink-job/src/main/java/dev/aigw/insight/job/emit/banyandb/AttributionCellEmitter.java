package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.MeasurePoint;

/**
 * Writes an {@link AttributionCell} as one data point of its attribution measure, at the start of
 * its minute, with its entity tags (service, attribute, value[, provider, model]) and every {@link
 * CellField}; a rewrite of the same cell replaces the row.
 */
public final class AttributionCellEmitter implements BanyanDbEmitter<AttributionCell> {
  private static final long serialVersionUID = 1L;

  private final String group;
  private final CellResolution resolution;

  public AttributionCellEmitter(String group) {
    this(group, CellResolution.MINUTE);
  }

  /** Writes attribution cells of {@code resolution} (minute, hour or day) to its measures. */
  public AttributionCellEmitter(String group, CellResolution resolution) {
    this.group = group;
    this.resolution = resolution;
  }

  @Override
  public void emit(AttributionCell a, BanyanDbOutput output) {
    MinuteCell cell = a.cell;
    MeasurePoint.Builder point =
        MeasurePoint.builder(
            group,
            AttributionStoreNames.measureName(cell.dimension, resolution),
            cell.windowStartMs);
    point.tag(CellTag.SERVICE.storeName(), cell.service);
    point.tag(AttributionStoreNames.ATTRIBUTE, a.attribute);
    point.tag(AttributionStoreNames.VALUE, a.value);
    if (a.byModel()) {
      point.tag(CellTag.PROVIDER.storeName(), cell.provider);
      point.tag(CellTag.MODEL.storeName(), cell.model);
    }
    for (CellField field : CellField.values()) {
      point.field(field.storeName(), field.value(cell));
    }
    output.measure(point.build());
  }
}
