package dev.aigw.insight.job.redact;

import dev.aigw.insight.job.options.HmacKeySource;
import dev.aigw.insight.job.options.RedactionConfig;
import dev.aigw.insight.job.options.RedactionOptions;
import java.io.IOException;
import java.util.function.Function;

/**
 * Reads the redaction's HMAC secret from the configured file or environment variable ({@link
 * HmacKeySource}). The value is never put into an exception message or a log line; only where it
 * was looked for.
 */
final class HmacSecret {

  /** See {@link HmacKeySource#MIN_BYTES}. */
  static final int MIN_BYTES = HmacKeySource.MIN_BYTES;

  private HmacSecret() {}

  /** The secret, or null when none is configured. */
  static byte[] read(RedactionConfig config, Function<String, String> environment)
      throws IOException {
    return new HmacKeySource(
            "redaction secret",
            config.secretFile(),
            RedactionOptions.HMAC_SECRET_FILE.key(),
            config.secretEnv(),
            RedactionOptions.HMAC_SECRET_ENV.key())
        .read(environment);
  }
}
