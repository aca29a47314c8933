/**
 * The telemetry contract of Envoy AI Gateway ({@link
 * dev.aigw.insight.schema.gateway.GatewayContract}): what the job decodes and what every simulator
 * of the gateway sends.
 */
package dev.aigw.insight.schema.gateway;
