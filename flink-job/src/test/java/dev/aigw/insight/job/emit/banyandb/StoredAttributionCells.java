package dev.aigw.insight.job.emit.banyandb;

import static java.util.stream.Collectors.toSet;

import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;

/**
 * Test helper: reads {@link AttributionCell}s back from the attribution measures of a resolution,
 * the inverse of {@link AttributionCellEmitter} by the same tag and {@link CellField} tables.
 */
public final class StoredAttributionCells {
  private static final int MAX_ROWS = 100_000;

  private StoredAttributionCells() {}

  /** Every attribution cell of both dimensions of a resolution with a start in [from, to). */
  public static List<AttributionCell> read(
      BanyanDBClient client, String group, CellResolution resolution, Instant from, Instant to)
      throws Exception {
    Set<String> fields =
        Arrays.stream(CellField.values()).map(CellField::storeName).collect(toSet());
    List<AttributionCell> cells = new ArrayList<>();
    for (Dimension dimension : AttributionStoreNames.DIMENSIONS) {
      MeasureQuery query =
          new MeasureQuery(
              List.of(group),
              AttributionStoreNames.measureName(dimension, resolution),
              new TimestampRange(from.toEpochMilli(), to.toEpochMilli()),
              Set.copyOf(AttributionStoreNames.entityTags(dimension)),
              fields);
      query.limit(MAX_ROWS);
      for (DataPoint point : client.query(query).getDataPoints()) {
        boolean byModel = dimension == Dimension.MODEL;
        MinuteCell cell =
            MinuteCell.at(
                point.getTimestamp(),
                Scope.SERVICE,
                dimension,
                point.getTagValue(CellTag.SERVICE.storeName()),
                MinuteCell.ABSENT,
                byModel ? point.getTagValue(CellTag.PROVIDER.storeName()) : MinuteCell.ABSENT,
                byModel ? point.getTagValue(CellTag.MODEL.storeName()) : MinuteCell.ABSENT);
        for (CellField field : CellField.values()) {
          Object value = point.getFieldValue(field.storeName());
          field.set(cell, value == null ? 0L : (Number) value);
        }
        cells.add(
            new AttributionCell(
                point.getTagValue(AttributionStoreNames.ATTRIBUTE),
                point.getTagValue(AttributionStoreNames.VALUE),
                cell));
      }
    }
    return cells;
  }
}
