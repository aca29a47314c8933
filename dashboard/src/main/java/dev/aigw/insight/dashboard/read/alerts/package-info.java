/**
 * The alert events the job writes, read back for the Alerts page: {@link
 * dev.aigw.insight.dashboard.read.alerts.AlertStore} and its OpenSearch and BanyanDB readers.
 */
package dev.aigw.insight.dashboard.read.alerts;
