/**
 * The minute cell as both stores hold it: {@link dev.aigw.insight.schema.cell.MinuteCell} with its
 * {@link dev.aigw.insight.schema.cell.Scope} and {@link dev.aigw.insight.schema.cell.Dimension},
 * the coordinate rule ({@link dev.aigw.insight.schema.cell.CellTag}), the one table of stored
 * values ({@link dev.aigw.insight.schema.cell.CellField}), the measure, group and index names
 * ({@link dev.aigw.insight.schema.cell.CellStoreNames}) and the OpenSearch document form ({@link
 * dev.aigw.insight.schema.cell.CellDocument}). Flink-free, so that a reader (the dashboard, the
 * query command) needs only this module.
 */
package dev.aigw.insight.schema.cell;
