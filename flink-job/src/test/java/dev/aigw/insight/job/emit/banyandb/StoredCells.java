package dev.aigw.insight.job.emit.banyandb;

import static java.util.stream.Collectors.toSet;

import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;

/**
 * Test helper: reads {@link MinuteCell}s back from the GenAI measures with the client's
 * MeasureQuery API, the inverse of {@link MinuteCellEmitter} by the same {@link CellTag} and {@link
 * CellField} tables, so that the job's tests check what it stored. (The product's reader is the
 * dashboard's BanyanDbTelemetryStore; the job must not depend on the dashboard.)
 */
public final class StoredCells {
  private static final int MAX_ROWS = 100_000;

  private StoredCells() {}

  /** Every cell of every scope and dimension with a minute in [from, to). */
  static List<MinuteCell> read(BanyanDBClient client, String group, Instant from, Instant to)
      throws Exception {
    List<MinuteCell> cells = new ArrayList<>();
    for (Scope scope : Scope.values()) {
      for (Dimension dimension : Dimension.values()) {
        cells.addAll(read(client, group, scope, dimension, from, to));
      }
    }
    return cells;
  }

  /** Every cell of a resolution's measures with a start in [from, to). */
  public static List<MinuteCell> read(
      BanyanDBClient client, String group, CellResolution resolution, Instant from, Instant to)
      throws Exception {
    List<MinuteCell> cells = new ArrayList<>();
    for (Scope scope : Scope.values()) {
      for (Dimension dimension : Dimension.values()) {
        cells.addAll(read(client, group, scope, dimension, resolution, from, to));
      }
    }
    return cells;
  }

  /** The cells of one scope and dimension with a minute in [from, to). */
  static List<MinuteCell> read(
      BanyanDBClient client,
      String group,
      Scope scope,
      Dimension dimension,
      Instant from,
      Instant to)
      throws Exception {
    return read(client, group, scope, dimension, CellResolution.MINUTE, from, to);
  }

  private static List<MinuteCell> read(
      BanyanDBClient client,
      String group,
      Scope scope,
      Dimension dimension,
      CellResolution resolution,
      Instant from,
      Instant to)
      throws Exception {
    Set<String> fields = new HashSet<>();
    for (CellField field : CellField.values()) {
      fields.add(field.storeName());
    }
    MeasureQuery query =
        new MeasureQuery(
            List.of(group),
            CellStoreNames.measureName(scope, dimension, resolution),
            new TimestampRange(from.toEpochMilli(), to.toEpochMilli()),
            CellTag.of(scope, dimension).stream().map(CellTag::storeName).collect(toSet()),
            fields);
    query.limit(MAX_ROWS);
    List<MinuteCell> cells = new ArrayList<>();
    for (DataPoint point : client.query(query).getDataPoints()) {
      MinuteCell cell =
          MinuteCell.at(
              point.getTimestamp(),
              scope,
              dimension,
              MinuteCell.ABSENT,
              MinuteCell.ABSENT,
              MinuteCell.ABSENT,
              MinuteCell.ABSENT);
      for (CellTag tag : CellTag.of(scope, dimension)) {
        tag.set(cell, point.getTagValue(tag.storeName()));
      }
      for (CellField field : CellField.values()) {
        Object value = point.getFieldValue(field.storeName());
        field.set(cell, value == null ? 0L : (Number) value);
      }
      cells.add(cell);
    }
    return cells;
  }
}
