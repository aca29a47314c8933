/**
 * Reading the attribution cells (cost and usage per value of a configured attribute such as {@code
 * team.id}): {@link dev.aigw.insight.dashboard.read.attribution.AttributionStore} and its
 * OpenSearch and BanyanDB implementations.
 */
package dev.aigw.insight.dashboard.read.attribution;
