/**
 * The attribution cells as both stores hold them: a minute cell of one service (all providers and
 * models, or one provider's model) restricted to the requests whose configured attribute (for
 * example {@code team.id}) had one value ({@link
 * dev.aigw.insight.schema.attribution.AttributionCell}), their BanyanDB measures and OpenSearch
 * indices ({@link dev.aigw.insight.schema.attribution.AttributionStoreNames}) and their document
 * form ({@link dev.aigw.insight.schema.attribution.AttributionDocument}). The values are the minute
 * cell's ({@link dev.aigw.insight.schema.cell.CellField}).
 */
package dev.aigw.insight.schema.attribution;
