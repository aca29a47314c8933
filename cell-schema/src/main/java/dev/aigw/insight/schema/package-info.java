/**
 * What the writer (the Flink job) and the readers (the dashboard, the query command) must agree on,
 * without Flink: {@code cell/} holds the cell types, scopes, dimensions and the stored field table;
 * {@code gateway/} the telemetry contract of Envoy AI Gateway (metric names, units, bucket bounds,
 * GenAI attribute keys).
 */
package dev.aigw.insight.schema;
