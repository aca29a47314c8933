package dev.aigw.insight.source.otlp.server;

/**
 * Checks an {@code authorization} header value against the accepted {@link BearerTokens}; shared by
 * the gRPC interceptor and the HTTP server so that both transports accept and refuse alike.
 */
final class BearerCheck {

  private static final String SCHEME = "Bearer ";

  private BearerCheck() {}

  /** Why the header is refused, or null when it carries an accepted token. */
  static String problem(BearerTokens tokens, String authorization) {
    if (authorization == null) {
      return "missing 'authorization: Bearer <token>' header";
    }
    if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return "authorization header does not use the Bearer scheme";
    }
    // BearerTokens compares in constant time: no timing hint about how much of a token matched.
    return tokens.accepts(authorization.substring(SCHEME.length()).trim())
        ? null
        : "wrong bearer token";
  }
}
