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

  /** Several APIs' routes on one server (e.g. the query API and the attribution API). */
  static ApiRoutes all(ApiRoutes... apis) {
    return routes -> {
      for (ApiRoutes api : apis) {
        api.register(routes);
      }
    };
  }
}
