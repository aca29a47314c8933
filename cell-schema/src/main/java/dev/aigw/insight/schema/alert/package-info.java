/**
 * The alert event vocabulary both the job (which writes alert events) and the dashboard (which
 * reads them) use: the event ({@link dev.aigw.insight.schema.alert.AlertEvent}), its status, its
 * stored form ({@link dev.aigw.insight.schema.alert.AlertDocument}) and where it is stored ({@link
 * dev.aigw.insight.schema.alert.AlertStoreNames}). JDK only.
 */
package dev.aigw.insight.schema.alert;
