/**
 * Reading what the job stored: {@link dev.aigw.insight.dashboard.read.TelemetryStore} is the one
 * interface the query API uses, with one implementation per store (OpenSearch, BanyanDB), chosen by
 * the same configuration the job writes with.
 */
package dev.aigw.insight.dashboard.read;
