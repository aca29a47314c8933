/**
 * The HTTP server: static page, ECharts, health, bearer-token authentication of the API. The query
 * API's handlers live in {@code dashboard.api} and are registered through {@link
 * dev.aigw.insight.dashboard.server.ApiRoutes}.
 */
package dev.aigw.insight.dashboard.server;
