/**
 * The GenAI application cells: per-minute LLM-call figures derived from application trace spans
 * (issue 17), at three dimensions ({@link dev.aigw.insight.schema.app.AppDimension}). A family of
 * its own beside the gateway's minute cells: its own coordinates, values ({@link
 * dev.aigw.insight.schema.app.AppCellField}) and store names ({@link
 * dev.aigw.insight.schema.app.AppCellStoreNames}). With attribution attributes configured, also
 * their attribution cells by attribute value ({@link
 * dev.aigw.insight.schema.app.AppAttributionCell}, stored apart from the gateway's: {@link
 * dev.aigw.insight.schema.app.AppAttributionStoreNames}).
 */
package dev.aigw.insight.schema.app;
