package dev.aigw.insight.dashboard.read;

import dev.aigw.insight.schema.cell.CellField;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.MinuteCell;
import java.util.List;

/**
 * Cells from one store and logs from another, as the job can write them (its default: cells in
 * BanyanDB, logs in OpenSearch).
 */
public final class SplitTelemetryStore implements TelemetryStore {

  private final TelemetryStore cells;
  private final TelemetryStore logs;

  public SplitTelemetryStore(TelemetryStore cells, TelemetryStore logs) {
    this.cells = cells;
    this.logs = logs;
  }

  @Override
  public List<MinuteCell> cells(CellQuery query) {
    return cells.cells(query);
  }

  @Override
  public List<RangeTotals> totals(CellQuery query, List<CellTag> groupBy, int limit) {
    return cells.totals(query, groupBy, limit);
  }

  @Override
  public List<GroupSteps> steps(
      CellQuery query, List<CellTag> groupBy, List<CellField> fields, long stepMs, int limit) {
    return cells.steps(query, groupBy, fields, stepMs, limit);
  }

  @Override
  public List<GroupSteps> steps(
      CellQuery query,
      List<CellTag> groupBy,
      List<List<String>> groups,
      List<CellField> fields,
      long stepMs) {
    return cells.steps(query, groupBy, groups, fields, stepMs);
  }

  @Override
  public String resolution(CellQuery query, long stepMs) {
    return cells.resolution(query, stepMs);
  }

  @Override
  public LogPage logs(LogQuery query) {
    return logs.logs(query);
  }

  @Override
  public void close() {
    try {
      cells.close();
    } finally {
      logs.close();
    }
  }

  @Override
  public String toString() {
    return "cells from " + cells + ", logs from " + logs;
  }
}
