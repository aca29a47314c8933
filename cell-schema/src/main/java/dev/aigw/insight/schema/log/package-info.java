/**
 * The kept access log as both stores hold it: the stored field names and types ({@link
 * dev.aigw.insight.schema.log.AccessLogField}) and the index, stream and group names ({@link
 * dev.aigw.insight.schema.log.AccessLogStoreNames}).
 */
package dev.aigw.insight.schema.log;
