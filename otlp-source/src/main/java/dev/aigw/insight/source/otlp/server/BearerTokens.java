package dev.aigw.insight.source.otlp.server;

import dev.aigw.insight.source.otlp.OtlpReceiverConfig;
import dev.aigw.insight.source.otlp.OtlpReceiverOptions;
import dev.aigw.insight.tokens.AccessTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens the receiver accepts: the receiver's options read into the shared {@link
 * AccessTokens} (inline, environment variable and file sources, rotation, the file re-read when it
 * changes, constant-time comparison; see there), with the re-reading logged here.
 */
public final class BearerTokens {

  private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);

  /** Logs what re-reading the file did: counts and the path, never token values. */
  private static final AccessTokens.Events LOGGED =
      new AccessTokens.Events() {
        @Override
        public void reloaded(Path file, int accepted) {
          LOG.info("Bearer tokens re-read from {}: {} token(s) accepted now", file, accepted);
        }

        @Override
        public void keptPrevious(Path file, String why, int accepted) {
          LOG.warn(
              "The bearer token file {} cannot be used ({}); the previous {} token(s) stay"
                  + " accepted",
              file,
              why,
              accepted);
        }
      };

  private final AccessTokens tokens;

  private BearerTokens(AccessTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * The tokens configured in {@code config}, or null when no token source is configured (the
   * receiver then accepts every call). Fails when a configured source yields no token.
   */
  public static BearerTokens fromConfig(OtlpReceiverConfig config) throws IOException {
    return fromConfig(config, System::getenv, System::nanoTime);
  }

  static BearerTokens fromConfig(
      OtlpReceiverConfig config, Function<String, String> environment, LongSupplier nanoClock)
      throws IOException {
    if (!config.authenticationEnabled()) {
      return null;
    }
    AccessTokens.Sources sources =
        new AccessTokens.Sources(
            config.bearerToken().orElse(null),
            OtlpReceiverOptions.BEARER_TOKEN.key(),
            config.bearerTokensEnv().orElse(null),
            OtlpReceiverOptions.BEARER_TOKENS_ENV.key(),
            config.bearerTokensFile().map(Path::of).orElse(null),
            OtlpReceiverOptions.BEARER_TOKENS_FILE.key(),
            config.bearerTokensCheckInterval());
    AccessTokens tokens = AccessTokens.fromSources(sources, environment, nanoClock, LOGGED);
    return tokens == null ? null : new BearerTokens(tokens);
  }

  /** Whether {@code token} is one of the accepted tokens; re-reads the file when due. */
  public boolean accepts(String token) {
    return tokens.accepts(token);
  }

  /** Whether the value of an {@code Authorization} header carries an accepted bearer token. */
  public boolean acceptsHeader(String authorization) {
    return tokens.acceptsHeader(authorization);
  }

  /** How many distinct tokens are accepted now. */
  public int size() {
    return tokens.size();
  }
}
