package dev.aigw.insight.dashboard.server;

import io.javalin.config.RoutesConfig;

/**
 * Adds the query API's routes (under {@code /api/}) to the server; the server itself knows only
 * health, static files and authentication, so the API can grow without touching it.
 */
@FunctionalInterface
public interface ApiRoutes {

  /** Registers the API's handlers. */
  void register(RoutesConfig routes);

  /** No routes beyond {@code /api/health}. */
  static ApiRoutes none() {
    return routes -> {};
  }
}
